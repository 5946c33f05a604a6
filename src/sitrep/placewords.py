"""Place knowledge both the extraction and the geocoder use, below both (data/places/).

Words that end an organisation's or a facility's name (a bracket after one holds another
name of it, and a span ending in one is no place), and the nouns of a border (the country
named across one is not where the event is). The names of countries (countries.tsv: names,
demonyms, the adjective of a country's forces, the press's short name; each row says which
readers take it), the adjectives of provinces and the world regions the gazetteer adds.
The country the page speaks of most is the leader of a vote (`leading`) both stages hold.
One loader, one data folder.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import resources

from spacy.tokens import Token


def _lines(filename: str) -> list[str]:
    """The lines of a data/places/ file, less blank lines and comments ('#' opens a comment line)."""
    text = resources.files("sitrep").joinpath("data", "places", filename).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


@cache
def word_list(filename: str) -> frozenset[str]:
    """A word list of data/places/ (one lower-case word a line)."""
    return frozenset(line.strip().lower() for line in _lines(filename))


@cache
def table(filename: str) -> tuple[tuple[str, ...], ...]:
    """The rows of a tab-separated file of data/places/, each cell stripped."""
    return tuple(tuple(cell.strip() for cell in line.split("\t")) for line in _lines(filename))


@cache
def country_names(reader: str) -> tuple[tuple[str, str], ...]:
    """(name as written, ISO3 code, or a continent's or region's name) of the rows of
    countries.tsv that `reader` takes: "lookup", "gazetteer", "forces" or "press"."""
    return tuple((name, code) for code, name, readers in table("countries.tsv") if reader in readers.split())


@cache
def countries() -> dict[str, str]:
    """Country names and demonyms (lower case) to ISO3 codes."""
    return {name.lower(): code for name, code in country_names("lookup")}


@cache
def force_adjectives() -> dict[str, str]:
    """ISO3 codes to the adjective news uses for their state forces ("Nigerian troops")."""
    return {code: name for name, code in country_names("forces")}


@cache
def press_names() -> dict[str, str]:
    """ISO3 codes to the short name the press uses, where it differs from the formal one."""
    return {code: name for name, code in country_names("press")}


def country_code(text: str) -> str | None:
    """ISO3 of a country name or demonym; names of three letters or less only in capitals."""
    key = text.strip().lower().removeprefix("the ")
    key = key[:-2] if key.endswith("'s") or key.endswith("’s") else key
    if len(key) <= 3 and not text.strip().isupper():
        return None
    return countries().get(key)


def regions() -> tuple[tuple[str, ...], ...]:
    """World regions, seas and conflict areas that are no town and no subdivision
    (regions.tsv: name, aliases, lat, lon, ISO alpha-2 or '-')."""
    return table("regions.tsv")


def subdivision_demonyms() -> tuple[tuple[str, ...], ...]:
    """Adjectives of provinces and constituent countries ("Welsh", "Sicilian")
    (subdivision_demonyms.tsv: adjective, ISO alpha-2, a name of the province)."""
    return table("subdivision_demonyms.tsv")


def leading(votes: Mapping[str, float]) -> str | None:
    """The country with the most votes; of equals, the first to get one."""
    return max(votes, key=lambda code: votes[code]) if votes else None


def organisation_words() -> frozenset[str]:
    """Words that end an organisation's, a force's or a facility's name ("Ministry", "Front")."""
    return word_list("organisation_words.txt")


def border_words() -> frozenset[str]:
    """Nouns of a border ("the border with <country>")."""
    return word_list("border_words.txt")


def across_border(token: Token) -> bool:
    """"near the border with Somalia", "the borders with Mali and Niger": the country named is
    the one on the other side, where the event is not."""
    while token.dep_ == "conj" and token.head != token:
        token = token.head
    head = token.head
    return token.dep_ == "pobj" and head.lower_ == "with" and head.head.lemma_.lower() in border_words()
