"""Loading of the extraction stage's word lists (data files under data/extract/).

Every list is read once per process and cached. Vocabularies (lists of content
words: triggers, actors, weapons, people, places, reporting and hedging verbs)
live in these files; code spells out only grammar (prepositions, pronouns,
determiners, dependency and entity labels), the cue labels of cues.tsv, and a
handful of single words that one rule is about ("responsibility" in "claimed
responsibility"), each beside the rule it serves.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from sitrep import placewords


def _rows(name: str) -> list[list[str]]:
    """Tab-separated rows of a data file, without comments and blank lines."""
    text = resources.files("sitrep").joinpath("data", "extract", name).read_text("utf-8")
    return [line.split("\t") for line in text.splitlines()
            if line.strip() and not line.startswith("#")]


@dataclass(frozen=True)
class Cue:
    """What a trigger cue label means on its own."""

    label: str
    event_type: str
    sub_event_type: str
    rank: int


@dataclass(frozen=True)
class ActorEntry:
    """A named actor of the curated dictionary."""

    name: str
    kind: str
    aliases: tuple[str, ...]


@lru_cache(maxsize=1)
def trigger_phrases() -> tuple[tuple[str, str], ...]:
    """(cue label, lemma phrase) pairs."""
    return tuple((row[0], row[1].strip()) for row in _rows("triggers.tsv"))


@lru_cache(maxsize=1)
def cues() -> dict[str, Cue]:
    """Cue label to its default type, sub-type and rank."""
    return {row[0]: Cue(row[0], row[1], row[2], int(row[3])) for row in _rows("cues.tsv")}


@cache
def words(list_name: str) -> frozenset[str]:
    """A named word list of lexicon.tsv (lemmas or phrases, lower case)."""
    return frozenset(row[1].strip() for row in _rows("lexicon.tsv") if row[0] == list_name)


@cache
def any_of(*list_names: str) -> frozenset[str]:
    """The union of named word lists, built once (rules on hot paths test words against it)."""
    return frozenset().union(*(words(name) for name in list_names))


@lru_cache(maxsize=1)
def quantities() -> dict[str, int]:
    """Vague quantity words and the figure each counts for."""
    return {row[0].strip(): int(row[1]) for row in _rows("quantities.tsv")}


@lru_cache(maxsize=1)
def opinion_markers() -> dict[str, frozenset[str]]:
    """Labels and phrases that mark opinion and analysis pages."""
    rows = _rows("opinion.tsv")
    return {kind: frozenset(row[1].strip() for row in rows if row[0] == kind)
            for kind in ("label", "phrase")}


@lru_cache(maxsize=1)
def actors() -> tuple[ActorEntry, ...]:
    """The curated actor dictionary."""
    return tuple(ActorEntry(row[0], row[1], tuple(a.strip() for a in row[2].split("|") if a.strip()))
                 for row in _rows("actors.tsv"))


def countries() -> dict[str, str]:
    """Country names and demonyms (lower case) to ISO3 codes (`sitrep.placewords`, data/places/)."""
    return placewords.countries()


def demonyms() -> dict[str, str]:
    """ISO3 codes to the adjective of their nationality (for their state forces)."""
    return placewords.force_adjectives()


def country_short_names() -> dict[str, str]:
    """ISO3 codes to the short name the press uses, where it differs from the formal one."""
    return placewords.press_names()


def country_code(text: str) -> str | None:
    """ISO3 of a country name or demonym; names of three letters or less only in capitals."""
    return placewords.country_code(text)
