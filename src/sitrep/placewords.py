"""Place knowledge both the extraction and the geocoder use, below both (data/places/).

Words that end an organisation's or a facility's name (a bracket after one holds another
name of it, and a span ending in one is no place), and the nouns of a border (the country
named across one is not where the event is). One loader, one data folder.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from spacy.tokens import Token


@cache
def word_list(filename: str) -> frozenset[str]:
    """A word list of data/places/ (one lower-case word a line; '#' starts a comment line)."""
    text = resources.files("sitrep").joinpath("data", "places", filename).read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines()
                     if line.strip() and not line.startswith("#"))


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
