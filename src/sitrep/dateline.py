"""The wire dateline's place, written once for every stage that reads a dateline.

A wire-style dateline opens a story with the place it was filed from in capitals,
then its country or state, the agency or the date: "KYIV, March 3 (Reuters) -",
"BEIRUT, Lebanon —", "DAMASCUS (AP) —", "KRAMATORSK, Ukraine, April 8 -".
`clean.dates` reads its date, `geo.context` its place and region, `extract.places`
the place as a span of the body: all three build on these patterns.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

# KYIV / NEW YORK / ST. LOUIS / N'DJAMENA: capitals, dots, apostrophes, hyphens, spaces
PLACE = r"[A-Z][A-Z.'’\- ]{1,40}[A-Z.]"
# , Lebanon / , Iraq / , N.Y.: the country or state after the place
REGION = r"[A-Z][A-Za-z.'’\-]+(?: [A-Z][a-z]+)?"
# what closes the place part: a comma, a bracket (the agency), a dash
CLOSE = r"\s*(?:,|\(|—|–|-\s)"
DATELINE = re.compile(rf"^\s*(?P<place>{PLACE})(?:,\s*(?P<region>{REGION}))?{CLOSE}")
MONTHS = frozenset(name.upper() for name in calendar.month_abbr if name)  # "MARCH 3 -" is no place


@dataclass(frozen=True)
class Dateline:
    """The dateline's place (and its country or state, when given), with offsets into the text."""

    place: str
    start: int
    end: int
    region: str | None = None


def find_dateline(text: str, search_chars: int = 400) -> Dateline | None:
    """The dateline at the start of the text (or of one of its first lines), if any."""
    head = text[:search_chars]
    offset = 0
    for line in head.split("\n"):
        match = DATELINE.match(line)
        if match and match.group("place")[:3].upper() not in MONTHS:
            place = match.group("place").strip()
            start = offset + match.start("place")
            return Dateline(place=place, start=start, end=start + len(place), region=match.group("region"))
        offset += len(line) + 1
    return None
