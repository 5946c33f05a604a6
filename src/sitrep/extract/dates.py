"""Dates: when an event happened, resolved against the page's publication date.

Candidate expressions are found by regular expressions over a sentence (cheap),
then resolved: weekdays, "yesterday", "overnight", "last week", "earlier this
month" by calendar arithmetic against the publication date (dateparser would
put "Friday" a week back on a page published that Friday); month-day and
full dates by `dateparser` (English only, past preferred, cached), a month-day
without a year taking the latest year not after publication. Precision: 1 the
day, 2 the week, 3 the month (EVENTS.md). Entry headers of reports ("5 October
– Homs:") date every sentence of their paragraph.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

import dateparser

_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December|"
           "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_DAY_MONTH = (rf"\b(\d{{1,2}})(?:st|nd|rd|th)?(?:\s*[–-]\s*\d{{1,2}})? (?:of )?({_MONTHS})\.?"
              r"(?:,? (\d{4}))?\b")
_MONTH_DAY = rf"\b({_MONTHS})\.? (\d{{1,2}})(?:st|nd|rd|th)?\b(?:,? (\d{{4}}))?"
_PATTERN = re.compile(
    rf"(?P<since>\bsince (?:last )?)?(?:"
    rf"(?P<dm>{_DAY_MONTH})|(?P<md>{_MONTH_DAY})"
    rf"|(?P<weekday>\b(?:last |this |on |early |late )*(?:{'|'.join(_WEEKDAYS)})\b)"
    r"|(?P<rel>\b(?:yesterday|today|tonight|overnight|last night|this morning|this afternoon|"
    r"this evening|earlier today|earlier this week|last week|this week|past week|"
    r"earlier this month|this month|last month|last weekend|this weekend|"
    r"the previous day|the day before|the next day|the following day)\b)"
    rf"|(?P<month>\b(?:in|since|during|early|late|mid-?|earlier in) ({_MONTHS})(?: (\d{{4}}))?\b)"
    r")", re.IGNORECASE)
_HEADER = re.compile(
    rf"^\s*(?:(?P<date1>\d{{1,2}}(?:st|nd|rd|th)? (?:{_MONTHS})(?: \d{{4}})?"
    rf"|(?:{_MONTHS}) \d{{1,2}}(?:, \d{{4}})?)"
    r"\s*[–—-]\s*(?P<places1>[^:\n]{1,120}):"
    rf"|(?P<places2>[A-Z][^:,\n]{{1,60}}),\s*"
    rf"(?P<date2>\d{{1,2}} (?:{_MONTHS})|(?:{_MONTHS}) \d{{1,2}})\s*[:–—-]"
    rf"|(?P<places3>[A-Z][^:()\n]{{1,80}}?)\s*"
    rf"\((?P<date3>\d{{1,2}} (?:{_MONTHS})\.?|(?:{_MONTHS})\.? \d{{1,2}})"
    r"\)\s*[:–—-])")
_SETTINGS = {"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month"]}


@dataclass(frozen=True)
class When:
    """A resolved date: the day, its precision (1 day, 2 week, 3 month), where it was read."""

    day: date
    precision: int
    start: int = -1  # character range in the text the expression was read from
    end: int = -1
    since: bool = False  # "since October": a running count, not a day
    header: bool = False  # read from a report entry's header ("5 October – Idlib, Sarmin:")


def find(text: str, published: date) -> list[When]:
    """Every date expression of a text (a sentence), resolved against `published`."""
    found: list[When] = []
    for match in _PATTERN.finditer(text):
        when = _resolve(match, published)
        if when is not None:
            since = bool(match.group("since")) or match.group(0).lower().startswith("since")
            found.append(When(when.day, when.precision, match.start(), match.end(), since))
    return found


def header(paragraph: str, published: date) -> tuple[When | None, list[str], int]:
    """A report entry header ("5 October – Idlib, Sarmin:"): its date, its places, its length."""
    match = _HEADER.match(paragraph)
    if not match:
        return None, [], 0
    raw_date = match.group("date1") or match.group("date2") or match.group("date3")
    places = match.group("places1") or match.group("places2") or match.group("places3") or ""
    day = _absolute(raw_date, published)
    places = re.sub(r"\([^)]*\)", "", places)
    names = [p.strip() for p in re.split(r",| and |/|&", places) if p.strip()]
    if day is None:
        return None, [], 0
    return When(day, 1, match.start(), match.end()), names, match.end()


def _resolve(match: re.Match[str], published: date) -> When | None:
    since = bool(match.group("since"))
    if match.group("dm") or match.group("md"):
        day = _absolute(match.group("dm") or match.group("md"), published)
        if day is None:
            return None
        return When(_since(published) if since else day, 2 if since else 1)
    if match.group("weekday"):
        words = match.group("weekday").lower().split()
        weekday = _WEEKDAYS.index(words[-1].capitalize())
        day = _last_weekday(published, weekday, strictly_before="last" in words[:-1])
        return When(_since(published) if since else day, 2 if since else 1)
    if match.group("rel"):
        return _relative(match.group("rel").lower(), published)
    if match.group("month"):
        return _month(match.group("month"), published)
    return None


def _since(published: date) -> date:
    """An occurrence running "since" a day: the latest day it covers before publication."""
    return published - timedelta(days=1)


@lru_cache(maxsize=4096)
def _absolute(text: str, published: date) -> date | None:
    """A month-day (and maybe year) as a date; no year: the latest not after publication."""
    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text)
    text = re.sub(r"(\d{1,2})\s*[–-]\s*\d{1,2}", r"\1", text)
    base = datetime(published.year, published.month, published.day, 23, 59)
    parsed = dateparser.parse(text, languages=["en"], settings={**_SETTINGS, "RELATIVE_BASE": base})
    if parsed is None:
        return None
    day = parsed.date()
    if not re.search(r"\d{4}", text):
        candidate = _with_year(day, published.year)
        if candidate is not None and candidate > published:
            candidate = _with_year(day, published.year - 1)
        day = candidate or day
    return day if isinstance(day, date) else None


def _with_year(day: date, year: int) -> date | None:
    try:
        return day if isinstance(day, date) else None.replace(year=year)
    except ValueError:
        return None


def _last_weekday(published: date, weekday: int, strictly_before: bool = False) -> date:
    """The latest such weekday not after publication; "last Friday": the previous week's."""
    if strictly_before:
        monday = published - timedelta(days=published.weekday())
        return monday - timedelta(days=7 - weekday)
    back = (published.weekday() - weekday) % 7
    return published - timedelta(days=back)


def _relative(word: str, published: date) -> When:
    one_day = timedelta(days=1)
    table: dict[str, tuple[date, int]] = {
        "yesterday": (published - one_day, 1), "last night": (published - one_day, 1),
        "the previous day": (published - one_day, 1), "the day before": (published - one_day, 1),
        "today": (published, 1), "tonight": (published, 1), "overnight": (published, 1),
        "this morning": (published, 1), "this afternoon": (published, 1),
        "this evening": (published, 1), "earlier today": (published, 1),
        "the next day": (published, 2), "the following day": (published, 2),
        "this week": (published, 2), "earlier this week": (published, 2),
        "past week": (published, 2), "this weekend": (published, 2),
        "last week": (published - timedelta(days=published.weekday() + 1), 2),
        "last weekend": (published - timedelta(days=published.weekday() + 1), 2),
        "earlier this month": (published, 3), "this month": (published, 3),
        "last month": (published.replace(day=1) - one_day, 3),
    }
    day, precision = table.get(word, (published, 2))
    return When(day, precision)


def _month(text: str, published: date) -> When | None:
    match = re.search(rf"({_MONTHS})(?: (\d{{4}}))?", text, re.IGNORECASE)
    if not match:
        return None
    name = match.group(1)[:3].capitalize()
    month = list(calendar.month_abbr).index(name)
    year = int(match.group(2)) if match.group(2) else published.year
    if not match.group(2) and (year, month) > (published.year, published.month):
        year -= 1
    last = calendar.monthrange(year, month)[1]
    day = date(year, month, last)
    return When(min(day, published), 3)
