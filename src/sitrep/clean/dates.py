"""Dates in a page's header lines and timestamps on comment lines.

`find_date` reads the first calendar date written in a line (`28 January 2025`,
`January 6, 2023`, `30.11.2024`, `2024-02-24`, a wire dateline `KYIV, March 3
(Reuters) -`), with month names in several languages from `data/clean/months.tsv`.
`is_timestamp` tells whether a whole line is a timestamp (`3 hours ago`,
`March 3, 2024 at 5:12 pm`, `14:05`).

Why our own patterns rather than dateparser: dateparser's `search_dates`
tries every language on every substring and costs milliseconds a call, while
the text cleaner must read a thousand pages a second; publication dates on
pages come in the handful of shapes below, which dateparser would read the
same way.
"""

from __future__ import annotations

import re
from datetime import date

from sitrep.clean.phrases import MONTH_PATTERN, RELATIVE_TIMES, TIME_UNITS, TIME_WORDS, month_numbers
from sitrep.dateline import PLACE

_MONTH = rf"(?i:(?P<month>{MONTH_PATTERN}))\.?"
_DAY_N = r"(?P<day>[0-3]?\d)"
_DAY = _DAY_N + r"(?:st|nd|rd|th|er|º|\.)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_PATTERNS = [
    re.compile(rf"(?<![\w.]){_DAY}\s+(?:de\s+)?{_MONTH}(?:\s+de)?,?\s+{_YEAR}\b"),
    re.compile(rf"(?<!\w){_MONTH}\s+{_DAY},?\s+{_YEAR}\b"),
    re.compile(rf"\b{_YEAR}-(?P<month_n>[01]?\d)-(?P<day>[0-3]?\d)(?!\d)"),
    re.compile(rf"(?<![\d.]){_DAY_N}[./-](?P<month_n>[0-3]?\d)[./-]{_YEAR}\b"),
    re.compile(rf"\b{_YEAR}/(?P<month_n>[01]?\d)/(?P<day>[0-3]?\d)\b"),
]
_ANY_YEAR = re.compile(r"(?:19|20)\d\d")
# A wire-copy dateline: upper-case place, optional region, then month and day.
_DATELINE = re.compile(rf"^{PLACE},(?:\s[\w .'’-]{{1,40}},)?\s+{_MONTH}\s+{_DAY}\b")  # sitrep.dateline

_TIME = (r"\d{1,2}(?:[:.h]\d{2}\s*(?:am|pm|a\.m\.|p\.m\.|uhr|h)?|\s*(?:am|pm|a\.m\.|p\.m\.|uhr|h))"
         r"(?:\s*[A-Z]{2,4})?")
_UNITS = "|".join(TIME_UNITS.values())
_NUMBER = r"(?:\d+|an?|one|einer?|un|une|uno|una)"
_RELATIVE = "|".join(f"(?:{pattern})".replace("{n}", _NUMBER).replace("{unit}", f"(?:{_UNITS})")
                     for pattern in RELATIVE_TIMES)
_ANY_DATE = (
    rf"(?:(?:\w+,?\s+)?(?:\d{{1,2}}\s+(?i:{MONTH_PATTERN})\.?,?(?:\s+\d{{4}})?"
    rf"|(?i:{MONTH_PATTERN})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?(?:\s+\d{{4}})?"
    r"|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}))"
)
_TIMESTAMP = re.compile(
    rf"^(?:posted |updated |published )?(?:on )?"
    rf"(?:(?:{_RELATIVE})(?:\s+(?:at|um|à|a las|alle|в)\s+{_TIME})?"
    rf"|{_ANY_DATE}(?:\s*(?:,|at|um|à|a las|alle|в|-|–|·|\|)?\s*{_TIME})?"
    rf"|(?:\w+day,?\s+(?:at\s+)?)?{_TIME})\s*(?:\(edited\)|edited)?$",
    re.IGNORECASE,
)


# Every timestamp holds a digit or one of these words: a cheap test before the full pattern.
_STAMP_HINT = re.compile("|".join([r"\d", *map(re.escape, TIME_WORDS)]), re.IGNORECASE)


def may_hold_timestamp(text: str) -> bool:
    """A cheap first test: whether the text has a digit or a word that timestamps are made of."""
    return bool(_STAMP_HINT.search(text))


def is_timestamp(text: str) -> bool:
    """Whether the whole line is a date, a time or a relative time such as `3 hours ago`."""
    if len(text) > 60 or not _STAMP_HINT.search(text):
        return False
    return bool(_TIMESTAMP.match(text.strip()))


def find_date(text: str) -> date | None:
    """The first complete calendar date written in `text`, or None."""
    if not _ANY_YEAR.search(text):  # every pattern needs a year: a cheap first test
        return None
    found: list[tuple[int, date]] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            value = _to_date(match)
            if value is not None:
                found.append((match.start(), value))
                break
    return min(found)[1] if found else None


def find_dateline(text: str, reference: date | None) -> date | None:
    """The date of a wire dateline (`KYIV, March 3 (Reuters) -`), its year taken from `reference`."""
    match = _DATELINE.match(text)
    if match is None or reference is None:
        return None
    month = month_numbers().get(match.group("month").casefold())
    day = int(match.group("day"))
    if month is None:
        return None
    for year in (reference.year, reference.year - 1):
        candidate = _safe_date(year, month, day)
        if candidate is not None and candidate <= reference:
            return candidate
    return None


def _to_date(match: re.Match[str]) -> date | None:
    groups = match.groupdict()
    year, day = int(groups["year"]), int(groups["day"])
    if groups.get("month") is not None:
        month = month_numbers().get(groups["month"].casefold().rstrip("."))
        if month is None:
            return None
    else:
        month = int(groups["month_n"])
        if month > 12 >= day:  # month-first, as written in the United States
            month, day = day, month
    return _safe_date(year, month, day)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
