"""What a page says about where it is, outside its toponyms: the dateline, and the hints
(`PageHints`) it gives the resolver.

A wire-style dateline ("KYIV, March 3 (Reuters) -", "BEIRUT, Lebanon —",
"DAMASCUS (AP) —") names the place the story was filed from; its country is
strong evidence for every other name of the page.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass

from sitrep.dateline import DATELINE
from sitrep.geo.gazetteer import Gazetteer
from sitrep.geo.resolve import PageHints, resolve_names

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


DATELINE_WEIGHT = 3  # the dateline counts as this many mentions of its place
DATELINE_COUNTRY_WEIGHT = 2.0


def page_context(gaz: Gazetteer, text: str) -> PageHints:
    """Countries the page's dateline names outright ("BEIRUT, Lebanon —")."""
    hints = PageHints()
    dateline = find_dateline(text)
    if dateline is not None and dateline.region:
        found = resolve_names(gaz, [dateline.region], fuzzy=False)[0]
        if found is not None and found.place.cc and found.place.kind in ("country", "adm1"):
            hints.countries[found.place.cc] += DATELINE_COUNTRY_WEIGHT
    return hints


def dateline_names(text: str) -> list[str]:
    """The dateline's place, repeated: resolved together with the page's names, it weighs more."""
    dateline = find_dateline(text)
    return [dateline.place] * DATELINE_WEIGHT if dateline is not None else []
