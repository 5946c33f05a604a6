"""What a page says about where it is, outside its toponyms: the dateline (read by
`sitrep.dateline`), and the hints (`PageHints`) it gives the resolver.

A wire-style dateline ("KYIV, March 3 (Reuters) -", "BEIRUT, Lebanon —",
"DAMASCUS (AP) —") names the place the story was filed from; its country is
strong evidence for every other name of the page.
"""

from __future__ import annotations

from sitrep.dateline import Dateline, find_dateline
from sitrep.geo.gazetteer import Gazetteer
from sitrep.geo.resolve import PageHints, resolve_names

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


__all__ = ["Dateline", "dateline_names", "find_dateline", "page_context"]
