"""The hierarchy a text gives a place, read around its name and resolved to gazetteer units.

Reports name a village with the units it lies in: "<village> (<district>,
<province>)", "<village> (<X> LGA, <Y> state)", "<village>, <district>,
<province>", "the <X> area of <Y> district, <Z>", "<X> in <Y>". Those units
fix the village's country and province: of the village's namesakes only one
inside them is taken, and when the gazetteer has none (a small village, a
name spelt otherwise) the most precise unit stands in for it, at its own
point, with the precision of a district (2) or of a province (3).

`read_chain` reads the names joined that way (text only, no gazetteer);
`chain_around` finds the chain a name belongs to, also when the name given is
one of its wider units ("<X> district, <Y> regency, <Z> province" given as Z);
`locate_in_chain` resolves the chain and picks the place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from sitrep.geo.gazetteer import Gazetteer, GazetteerEntry, km
from sitrep.geo.normalize import ARTICLES, fold_key
from sitrep.geo.resolve import prior
from sitrep.geo.vocabulary import lines
from sitrep.placewords import organisation_words

MAX_ELEMENTS = 6
MAX_NAME_CHARS = 60
TOWN_UNIT_KM = 40.0  # a commune named for its town: places within this distance of the town
REGION_KM = 250.0
DISTRICT_KM = 60.0  # a town the data files under no district, near a district of its province
UNIT_KINDS = ("country", "adm1", "adm2", "region", "city")
PROMINENT_POPULATION = 100_000
FUZZY_IN_UNITS, FUZZY_IN_UNITS_CUTOFF = 25, 84  # inside a named unit a looser spelling is the same place


@lru_cache(maxsize=1)
def unit_words() -> dict[str, int]:
    """Unit words ("district", "LGA", "province") and their level (data/geo/units.tsv)."""
    rows = (line.split("\t") for line in lines("units.tsv"))
    return {word.lower(): int(level) for word, level in rows}


@lru_cache(maxsize=1)
def generic_words() -> frozenset[str]:
    """Common nouns that are never a place by themselves (data/geo/generic_words.txt)."""
    return frozenset(fold_key(line) for line in lines("generic_words.txt"))


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    """Words that open a phrase before a name ("In Kabul"), never part of it."""
    return frozenset(lines("function_words.txt"))


def names_an_alias(element: Element) -> bool:
    """Whether a bracket after this name holds another name of the same thing, not a unit it
    lies in: after a code ("T4 (<name>)") or an organisation or facility ("the Defence Ministry
    (<acronym>)", "<X> Air Base (<Y>)")."""
    last = element.name.split(" ")[-1].lower()
    return any(c.isdigit() for c in element.name) or last in organisation_words()


def _one_name_in_brackets(text: str, start: int) -> bool:
    """Whether the bracket opened before `start` holds one name ("(<acronym>)"), not a list of
    units ("<X> Hospital (<district>, <province>)" says where the hospital is)."""
    close = text.find(")", start, start + MAX_NAME_CHARS)
    return close >= 0 and "," not in text[start:close]


def is_generic(name: str) -> bool:
    """Whether a name is one generic word ("Island", "Colonia") or a bare article ("Ash")."""
    key = fold_key(name)
    return key in generic_words() or key in ARTICLES or key in unit_words()


_WORD = r"[A-Z][\w'’&\-]*"
_CONNECTOR = r"(?:al|el|ad|an|ar|as|ash|at|az|ul|de|del|di|da|das|do|dos|du|des|la|le|e|i|y|bin|ibn|abu|wa)"
_CONNECTOR_WORD = re.compile(_CONNECTOR)
_NAME = re.compile(rf"{_WORD}(?: (?:{_CONNECTOR}[ \-])?{_WORD}){{0,5}}")


@lru_cache(maxsize=1)
def _unit_after() -> re.Pattern[str]:
    words = sorted(unit_words(), key=len, reverse=True)
    return re.compile(r"[ \-](" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _joiner() -> re.Pattern[str]:
    """What may stand between two names of a hierarchy; `unit` names the next one's kind."""
    units = "|".join(re.escape(w) for w in sorted(unit_words(), key=len, reverse=True))
    return re.compile(
        r"(?P<close>\s*\))?"
        r"(?:(?P<open>\s*\(\s*)|\s*(?P<comma>,)\s*(?:in\s+)?(?:the\s+)?"
        rf"|\s+(?P<of>of)\s+(?:the\s+)?(?:(?P<unit_of>{units})\s+of\s+)?"
        rf"|\s+in\s+(?:the\s+)?(?:[a-z]+\s+)?(?:(?:countryside|outskirts|suburbs|(?P<unit_in>{units}))\s+of\s+)?)")


@dataclass(frozen=True)
class Element:
    """One name of a hierarchy, with the unit word that says what it is, if any."""

    start: int
    end: int
    name: str
    level: int | None  # of its unit word: 1 province, 2 district, 3 below, 0 a settlement
    bracketed: bool


@dataclass(frozen=True)
class Chain:
    """A name and the wider units the text places it in, narrowest first."""

    elements: tuple[Element, ...]
    listed: bool  # the names end a list ("..., X and Y"): commas there separate items

    @property
    def head(self) -> Element:
        return self.elements[0]

    @property
    def qualifiers(self) -> tuple[Element, ...]:
        return self.elements[1:]

    @property
    def explicit(self) -> bool:
        """Whether the text marks the names as units (a bracket, a unit word) rather than a list."""
        return (self.head.level is not None and self.head.level > 0) or \
            any(e.bracketed or e.level is not None for e in self.qualifiers)


def read_chain(text: str, start: int, end: int) -> Chain | None:
    """The names joined as a hierarchy from `start` (a capital letter) up to `end`."""
    elements: list[Element] = []
    position, depth, pending_level = start, 0, None
    while len(elements) < MAX_ELEMENTS:
        element, position = _element_at(text, position, end, depth > 0, pending_level)
        if element is None:
            break
        elements.append(element)
        joiner = _joiner().match(text, position, end)
        if joiner is None or (joiner.group("of") and element.level is None):
            break
        if joiner.group("open") and names_an_alias(element) and _one_name_in_brackets(text, joiner.end()):
            break  # "the Defence Ministry (<acronym>)": an alias, not a hierarchy
        depth = max(0, depth - (1 if joiner.group("close") else 0)) + (1 if joiner.group("open") else 0)
        unit = joiner.group("unit_of") or joiner.group("unit_in")
        pending_level = unit_words().get(unit.lower()) if unit else None
        position = joiner.end()
    if not elements:
        return None
    tail = text[position:position + 12]
    listed = bool(re.match(r"\s*,?\s*(?:and|or|&)\s+[A-Z]", tail))
    return Chain(tuple(elements), listed)


def _element_at(text: str, position: int, end: int, bracketed: bool,
                level: int | None) -> tuple[Element | None, int]:
    match = _NAME.match(text, position, end)
    if match is None or match.end() - match.start() > MAX_NAME_CHARS:
        return None, position
    name, name_end = match.group(), match.end()
    words = name.split(" ")
    while len(words) > 1 and words[0].lower() in function_words():  # "In Timika city": Timika
        words = words[1:]
    name = " ".join(words)
    start = name_end - len(name)
    if len(words) > 1 and words[-1].lower() in unit_words() and \
            not _CONNECTOR_WORD.fullmatch(" ".join(words[:-1]).lower()):  # not "La Union"
        level = unit_words()[words[-1].lower()]
        name = " ".join(words[:-1])
    elif not _CONNECTOR_WORD.fullmatch(name.lower()):  # "La Union" is a name, not "La" and a unit word
        name_end, level = _after_name(text, name_end, end, level)
    return Element(start, start + len(name), name, level, bracketed), name_end


_SQUARE_ALIAS = re.compile(r"\s*\[[^\[\]]{1,60}\]")


def _after_name(text: str, name_end: int, end: int, level: int | None) -> tuple[int, int | None]:
    """Past what may follow a name before its joiner: another spelling in square brackets
    ("<X> [<Y>] (<district>, <province>)"), the unit word ("<X> district")."""
    alias = _SQUARE_ALIAS.match(text, name_end, end)
    if alias is not None:
        name_end = alias.end()
    unit = _unit_after().match(text, name_end, end)
    if unit is not None:
        return unit.end(), unit_words()[unit.group(1).lower()]
    return name_end, level


_CAPITAL = re.compile(r"(?<![\w'’\-])[A-Z]")
_WORD_BEFORE = re.compile(r"([A-Z][\w'’&]*)([ \-])$")
_WORD_AFTER = re.compile(r"^([ \-])([A-Z][\w'’&]*)")


def part_of_longer_name(text: str, start: int, end: int) -> bool:
    """Whether the name at start..end is not the head of a longer capitalised name it stands in:
    a word after its first ("Saida" of "Abu Saida", "Alliance" of "Students Alliance"), a piece of
    a hyphenated name ("Mayo" of "Mayo-Sava"), or a generic word opening one ("Colonia" of
    "Colonia <Y>"). The first word of a longer name may stand for a place ("Dhaka University")."""
    before = _WORD_BEFORE.search(text[max(0, start - 40):start])
    if before is not None and (before.group(2) == "-" or before.group(1).lower() not in function_words()):
        return True
    after = _WORD_AFTER.match(text[end:end + 40])
    if after is None:
        return False
    return after.group(1) == "-" or is_generic(text[start:end])


def chain_around(text: str, start: int, end: int, low: int, high: int) -> tuple[Chain, int] | None:
    """The chain of `low..high` (a sentence) holding the name at start..end, and which of its
    elements that name is (0: the chain's own place; more: one of the units after it)."""
    low, high = max(0, low), min(len(text), high)
    position = low
    for match in _CAPITAL.finditer(text, low, min(start + 1, high)):
        if match.start() < position:
            continue
        chain = read_chain(text, match.start(), high)
        if chain is None:
            continue
        for index, element in enumerate(chain.elements):
            if element.start < end and start < element.end:
                return chain, index
        position = chain.elements[-1].end
    return None


def contains(unit: GazetteerEntry, place: GazetteerEntry) -> bool:
    """Whether `place` lies in `unit` (by the gazetteer's hierarchy, or by distance for a town
    that stands for its commune and for a region across provinces)."""
    if place.id == unit.id:
        return False
    if unit.kind == "country":
        return place.cc == unit.cc
    if unit.kind == "adm1":
        return place.adm1 == unit.id
    if unit.kind == "adm2":
        filed_elsewhere = place.adm2 is not None or place.adm1 != unit.adm1 or place.cc != unit.cc
        return place.adm2 == unit.id or (not filed_elsewhere
                                         and km(place.lat, place.lon, unit.lat, unit.lon) <= DISTRICT_KM)
    limit = TOWN_UNIT_KM if unit.kind == "city" else REGION_KM
    return place.cc == unit.cc and km(place.lat, place.lon, unit.lat, unit.lon) <= limit


def _unit_candidates(gaz: Gazetteer, element: Element) -> list[GazetteerEntry]:
    """A qualifier's readings as a unit; a generic word may name one here ("(<X>, Bay)")."""
    key = fold_key(element.name)
    if key in unit_words() or key in ARTICLES:
        return []
    demonym = gaz.is_demonym(element.name)
    return [c for c in gaz.lookup(element.name) if c.kind in UNIT_KINDS and c.quality >= -1
            and not (c.kind == "country" and c.quality == 0 and demonym)]  # a demonym is no unit


_KIND_ORDER = {"adm1": 4, "country": 3, "adm2": 3, "region": 2, "city": 1}
_LEVEL_KINDS = {1: ("adm1", "region", "country"), 2: ("adm2", "city"), 3: ("adm2", "city")}


def resolve_units(gaz: Gazetteer, chain: Chain) -> list[GazetteerEntry]:
    """The gazetteer units of the chain's qualifiers, narrowest first, each inside the next
    where the gazetteer can tell; a qualifier it cannot find is left out. Where the widest
    name is read loosely and holds none of the narrower ones ("<district>, Northern <country>"
    read as a namesake town), the chain is read without it."""
    options = [_unit_candidates(gaz, element) for element in chain.qualifiers]
    head = list(gaz.lookup(chain.head.name)) if not is_generic(chain.head.name) else []
    chosen = _nested_units(chain, options, head)
    while len(options) > 1 and chosen and chosen[-1].quality <= 0 and \
            len(chosen) < sum(1 for o in options if o):
        options = options[:-1]  # a loose reading of the widest name that holds none of the others
        chosen = _nested_units(chain, options, head)
    return chosen


def _nested_units(chain: Chain, options: list[list[GazetteerEntry]],
                  head: list[GazetteerEntry]) -> list[GazetteerEntry]:
    """One reading of each qualifier, from the widest in, each inside the one chosen before."""
    chosen: list[GazetteerEntry] = []
    for index in range(len(options) - 1, -1, -1):
        pool = [c for c in options[index] if not chosen or contains(chosen[-1], c)]
        if not pool and chosen:  # a district the data files under another province of the country
            pool = [c for c in options[index] if c.cc == chosen[-1].cc and c.kind == "adm2"]
        if not pool and chosen:
            continue
        best = _best_unit(pool, [*options[:index], head], chain.qualifiers[index].level)
        if best is not None:
            chosen.append(best)
    return chosen[::-1]


def _best_unit(pool: list[GazetteerEntry], narrower: list[list[GazetteerEntry]],
               level: int | None) -> GazetteerEntry | None:
    """The reading that holds most of the narrower names, then of the level its unit word says,
    then the wider kind, the better match, the likelier place."""
    kinds = _LEVEL_KINDS.get(level or 0, ())
    return max(pool, key=lambda c: (sum(any(contains(c, o) for o in group) for group in narrower),
                                    c.kind in kinds, _KIND_ORDER.get(c.kind, 0), c.quality >= 1,
                                    prior(c)), default=None)


@dataclass(frozen=True)
class ChainPlace:
    """Where a chain puts its place: the place itself inside its units, or the unit standing in."""

    place: GazetteerEntry
    stand_in: bool  # the narrowest unit, for a place the gazetteer lacks
    units: tuple[GazetteerEntry, ...]


def place_in_units(gaz: Gazetteer, name: str, units: list[GazetteerEntry]) -> GazetteerEntry | None:
    """Of the places called `name`, the one inside the narrowest unit that holds one (below the
    country when a province or district is named); close spellings within the units' country
    when no exact name fits."""
    if is_generic(name) or not units:
        return None
    below_country = [u for u in units if u.kind != "country"] or units
    close = gaz.fuzzy(name, (units[0].cc,), limit=FUZZY_IN_UNITS, cutoff=FUZZY_IN_UNITS_CUTOFF) \
        if units[0].cc else ()
    for candidates in (gaz.lookup(name), close):
        for unit in below_country:
            inside = [c for c in candidates if contains(unit, c)]
            if inside:
                return max(inside, key=lambda c: (c.kind == "city", c.quality >= 1, prior(c)))
    return None


def locate_in_chain(gaz: Gazetteer, text: str, start: int, end: int, low: int,
                    high: int) -> ChainPlace | None:
    """The place of the name at start..end read with the units the text puts it in; None where
    the text gives no such units (or only a list of places)."""
    around = chain_around(text, start, end, low, high)
    if around is None:
        return None
    chain, index = around
    if index > 0 and not (chain.head.level is not None or chain.elements[1].bracketed):
        chain = Chain(chain.elements[index:], chain.listed)  # a list before the name: not its units
    if not chain.qualifiers or (chain.listed and not chain.explicit):
        return None
    units = resolve_units(gaz, chain)
    if not units:
        return None
    head = chain.head.name
    found = place_in_units(gaz, head, units)
    if found is not None:
        return ChainPlace(found, False, tuple(units))
    if not chain.explicit and (index > 0 or any(_prominent(c) for c in gaz.lookup(head))):
        return None  # "Aleppo, Idlib": two places the gazetteer knows, not a place and its province
    return ChainPlace(units[0], True, tuple(units))


def _prominent(place: GazetteerEntry) -> bool:
    """A place a report names on its own, not as a village of some province."""
    if place.quality < 2:
        return False
    wide = place.kind in ("country", "adm1", "region", "continent")
    return wide or place.population >= PROMINENT_POPULATION


def sentence_units(gaz: Gazetteer, text: str, low: int, high: int) -> list[GazetteerEntry]:
    """The units that the sentence's hierarchies name ("... (<district>, <province>)"),
    narrowest first within each: the sentence's other places."""
    units: list[GazetteerEntry] = []
    position = max(0, low)
    for match in _CAPITAL.finditer(text, position, min(len(text), high)):
        if match.start() < position:
            continue
        chain = read_chain(text, match.start(), min(len(text), high))
        if chain is None:
            continue
        position = chain.elements[-1].end
        if chain.qualifiers and chain.explicit and not chain.listed:
            units.extend(resolve_units(gaz, chain))
    return units
