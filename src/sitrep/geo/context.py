"""What a page says about where it is, outside its toponyms: the dateline.

A wire-style dateline ("KYIV, March 3 (Reuters) -", "BEIRUT, Lebanon —",
"DAMASCUS (AP) —") names the place the story was filed from; its country is
strong evidence for every other name of the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z.'\- ]{1,40}[A-Z.])"  # KYIV / NEW YORK / ST. LOUIS
    r"(?:,\s*(?P<region>[A-Z][A-Za-z.]+(?: [A-Z][a-z]+)?))?"  # , Lebanon / , Iraq
    r"\s*(?:,|\(|—|–|-\s)",
)
MONTHS = frozenset({"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"})


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
