"""Actors named as ACLED names them, once the event's country is known.

Extraction reads actors as the text writes them ("Nigerian troops", "members
of BNP", "unknown gunmen"). A database reads better, and exports compare with
ACLED's, when the same actor always has the same name, so after geocoding
(the country is the event's place's country) each mention's actors are named
by ACLED's conventions:

- a state's forces: "Military Forces of Nigeria", its police "Police Forces
  of Kenya" (the state of the written nationality, else the event's country),
  with the words of the text after it where they say more ("Military Forces
  of Russia (Russian Aerospace Forces)");
- a crowd: "Protesters (Indonesia)" or "Rioters (Kenya)" by the event's type;
  the group the crowd belongs to ("members of BNP") becomes an associated actor;
- nobody named: "Unidentified Armed Group (Mali)";
- unarmed victims: "Civilians (Mali)";
- a group of the actor dictionary: its dictionary name.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pycountry

from sitrep.extract import lexicon
from sitrep.model import Mention

CROWD_ACTORS = {"Protests": "Protesters", "Riots": "Rioters"}
UNIDENTIFIED = "Unidentified Armed Group"
CIVILIANS = "Civilians"
_GENERIC_CROWD = re.compile(r"^(?:protesters|rioters|mob|demonstrators|unidentified armed group)\b", re.I)
_WRITTEN = re.compile(r"^(?P<name>.+?) \((?P<written>[^()]+)\)$")


def name_actors(mentions: list[Mention]) -> None:
    """Rename each mention's actors in place (see the module's docstring)."""
    for mention in mentions:
        country = _country_name(mention)
        crowd = CROWD_ACTORS.get(mention.event_type)
        if crowd is not None:
            _name_crowd(mention, crowd, country)
        else:
            mention.actor1 = _named(mention.actor1, country)
        mention.actor2 = _named(mention.actor2, country)
        mention.assoc_actors = [_named(a, country) or a for a in mention.assoc_actors]


def _name_crowd(mention: Mention, crowd: str, country: str | None) -> None:
    """The crowd as actor1; a named group it belongs to as an associated actor."""
    written = mention.actor1
    if written and not _GENERIC_CROWD.match(written) and written not in mention.assoc_actors:
        mention.assoc_actors.insert(0, _named(written, country) or written)
    mention.actor1 = _with_country(crowd, country)


def _named(actor: str | None, country: str | None) -> str | None:
    """ACLED's name for one actor as extraction wrote it."""
    if not actor:
        return actor
    canonical = _canonical(actor)
    lowered = canonical.lower()
    if lowered.startswith("unidentified armed group"):
        return _with_country(UNIDENTIFIED, country)
    if lowered in ("civilians", "civilian"):
        return _with_country(CIVILIANS, country)
    forces = _state_forces(canonical, country)
    return forces or canonical


def _canonical(actor: str) -> str:
    """A dictionary actor's name without the words it was written with ("IS Sahel (ISGS)")."""
    match = _WRITTEN.match(actor)
    if match and match.group("name") in _dictionary_names():
        return match.group("name")
    return actor


@lru_cache(maxsize=1)
def _dictionary_names() -> frozenset[str]:
    return frozenset(entry.name for entry in lexicon.actors())


def _state_forces(actor: str, country: str | None) -> str | None:
    """"Military Forces of X" or "Police Forces of X" for a state's forces, else None."""
    words = actor.replace("’", "'").split()
    lemmas = {w.lower().removesuffix("'s").rstrip("s") for w in words}
    if _not_state(actor, lemmas):
        return None
    own = next((code for code in (lexicon.country_code(w.removesuffix("'s")) for w in words) if code), None)
    police = bool(lemmas & lexicon.words("police"))
    stated = bool((lemmas | {" ".join(words).lower()}) & _state_words())
    if not (police or stated or (own and "force" in lemmas)):
        return None
    state = _country_of_code(own) if own else country
    if state is None:
        return None
    name = f"{'Police' if police else 'Military'} Forces of {state}"
    return name if actor.lower() in name.lower() else f"{name} ({actor})"  # as the text named them


def _not_state(actor: str, lemmas: set[str]) -> bool:
    """A non-state word ("rebel", "militia"), or a named group the dictionary keeps as non-state."""
    return bool(lemmas & lexicon.words("nonstate")) or (actor in _dictionary_names()
                                                       and not _is_state_entry(actor))


@lru_cache(maxsize=1)
def _state_words() -> frozenset[str]:
    """Single words of the 'state' list, singular (the multi-word ones match as phrases)."""
    return frozenset(w.rstrip("s") for w in lexicon.words("state") if " " not in w) | \
        frozenset(w for w in lexicon.words("state") if " " in w)


def _is_state_entry(name: str) -> bool:
    return any(entry.name == name and entry.kind == "state" for entry in lexicon.actors())


def _with_country(name: str, country: str | None) -> str:
    return f"{name} ({country})" if country else name


def _country_name(mention: Mention) -> str | None:
    """The event's country, by the gazetteer's name, else the country the text pointed at."""
    if mention.place is not None and mention.place.country:
        return mention.place.country
    return _country_of_code(mention.country_hint) if mention.country_hint else None


@lru_cache(maxsize=512)
def _country_of_code(iso3: str) -> str | None:
    """A country's common short name from its ISO3 code (pycountry's data)."""
    short = lexicon.country_short_names().get(iso3)
    if short:
        return short
    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        return None
    return str(getattr(country, "common_name", None) or country.name).split(",")[0]
