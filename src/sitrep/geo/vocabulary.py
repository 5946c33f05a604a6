"""The geocoder's own words and weights, read from data/geo/: one loader for the folder.

What the extraction shares with the geocoder (names of countries, world regions, the
adjectives of provinces, organisation and border nouns) lives in data/places/ behind
`sitrep.placewords`; what only the geocoder reads lives here.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


def text(filename: str) -> str:
    """The whole of a data/geo/ file."""
    return resources.files("sitrep").joinpath("data", "geo", filename).read_text(encoding="utf-8")


@cache
def lines(filename: str) -> tuple[str, ...]:
    """The lines of a data/geo/ file, stripped, less blank lines and comments ('#' opens one)."""
    return tuple(line.strip() for line in text(filename).splitlines()
                 if line.strip() and not line.startswith("#"))


@cache
def rows(filename: str) -> tuple[tuple[str, ...], ...]:
    """The tab-separated rows of a data/geo/ file, each cell stripped."""
    return tuple(tuple(cell.strip() for cell in line.split("\t"))
                 for line in text(filename).splitlines() if line.strip() and not line.startswith("#"))


@cache
def name_words(kind: str) -> tuple[tuple[str, ...], ...]:
    """The rows of name_words.tsv of one kind ("admin", "leading", "ending", ...), each the
    word and what it stands for where the kind has one, in the file's order."""
    return tuple(row[1:] for row in rows("name_words.tsv") if row[0] == kind)


def name_word_set(kind: str) -> frozenset[str]:
    """The words of name_words.tsv of one kind."""
    return frozenset(row[0] for row in name_words(kind))


def name_word_map(kind: str) -> dict[str, str]:
    """Each word of name_words.tsv of one kind to what it stands for."""
    return {row[0]: row[1] for row in name_words(kind)}
