"""Toponym resolution in context: each name of a page to one gazetteer place.

Candidates are scored, not voted on. A candidate's score starts from a prior
(how well the name matched, what kind of place it is, the log of its
population) and gains from the page's context:

1. the countries the page speaks of: hints given by the caller (a dateline, the
   extraction's country hint) and the countries that the page's other names most
   plausibly point at, each as a share of the page;
2. the provinces named on the page, and the provinces of the other names;
3. closeness to the places the other names were resolved to in the previous
   round (readings that lie together win: Tripoli follows Lebanon's towns).

Two rounds are enough in practice; each round is linear in the number of
distinct names times their (capped) candidates, so a page with 2,000 names
still resolves in a fraction of a second. Population only breaks ties.
"""

from __future__ import annotations

import math
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise

from sitrep.geo import vocabulary
from sitrep.geo.gazetteer import (
    LEADING_DIRECTION_WORDS,
    TRAILING_GENERIC_WORDS,
    Gazetteer,
    GazetteerEntry,
    km,
)
from sitrep.geo.normalize import fold_key

_WEIGHTS = tomllib.loads(vocabulary.text("resolve_weights.toml"))  # what they were tuned on: see the file
RANK_PRIOR = {int(rank): float(v) for rank, v in _WEIGHTS["prior"]["rank"].items()}
KIND_PRIOR = {kind: float(v) for kind, v in _WEIGHTS["prior"]["kind"].items()}
QUALITY_PRIOR = {int(quality): float(v) for quality, v in _WEIGHTS["prior"]["quality"].items()}
POPULATION_WEIGHT = float(_WEIGHTS["prior"]["population_weight"])
NO_COUNTRY_SHARE = float(_WEIGHTS["context"]["no_country_share"])
COUNTRY_WEIGHT = float(_WEIGHTS["context"]["country_weight"])
ADMIN_WEIGHT = float(_WEIGHTS["context"]["admin_weight"])
DEMONYM_SHARE = float(_WEIGHTS["context"]["demonym_share"])
NEAR_WEIGHTS = tuple((float(limit), float(bonus)) for limit, bonus in _WEIGHTS["context"]["near"])
COHERENCE_WEIGHT = float(_WEIGHTS["context"]["coherence_weight"])
COHERENCE_CAP = int(_WEIGHTS["context"]["coherence_cap"])
COHERENCE_READINGS = int(_WEIGHTS["context"]["coherence_readings"])
FAMOUS_POPULATION = int(_WEIGHTS["famous"]["population"])
FAMOUS_RATIO = int(_WEIGHTS["famous"]["ratio"])
FAMOUS_BONUS = float(_WEIGHTS["famous"]["bonus"])
CANDIDATES_SCORED = int(_WEIGHTS["focus"]["candidates_scored"])
SEAT_KM = float(_WEIGHTS["focus"]["seat_km"])
SEAT_DWARFED = int(_WEIGHTS["focus"]["seat_dwarfed"])
STRAY_POPULATION = int(_WEIGHTS["focus"]["stray_population"])
STRAY_KM = float(_WEIGHTS["focus"]["stray_km"])
FOCUS_KM = float(_WEIGHTS["focus"]["focus_km"])
FAMOUS_KINDS: tuple[str, ...] = ("city", "adm1")
QUALIFIER_SEPARATOR = ", "
AREA_KEY = "@"  # key prefix of a name standing as the wider area of the name before it


@dataclass
class PageHints:
    """What the page says about where it is, beside its toponyms (its dateline's country, the
    extraction's country hints, the provinces it names): hints the resolver weighs."""

    countries: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))  # ISO2 -> weight
    admins: set[int] = field(default_factory=set)  # place ids of provinces named


@dataclass
class Resolution:
    """The place chosen for one name, with the runner-up's gap (confidence)."""

    place: GazetteerEntry
    margin: float
    fallback: bool = False  # the page's focus, standing in for a name the gazetteer lacks


def prior(candidate: GazetteerEntry) -> float:
    """Score of a candidate before any context."""
    population = POPULATION_WEIGHT * math.log10(candidate.population + 10)
    return (KIND_PRIOR.get(candidate.kind, 0.0) + QUALITY_PRIOR.get(candidate.quality, -2.0) + population
            + RANK_PRIOR.get(candidate.rank, 0.0))


def resolve_names(gazetteer: Gazetteer, names: Sequence[str], context: PageHints | None = None,
                  fuzzy: bool = True, focus_fallback: bool = False) -> list[Resolution | None]:
    """Resolve each name of a page (in page order, repeats allowed); None where nothing fits.

    With `focus_fallback`, a name the gazetteer lacks (a street, a building, a river)
    takes the page's focus instead (its most mentioned town, else province, else
    country), marked `fallback`: on a page about one city, its streets lie in it."""
    context = context or PageHints()
    distinct: dict[str, tuple[GazetteerEntry, ...]] = {}
    names, keys = _qualified_keys(gazetteer, names, distinct)
    for key, name in zip(keys, names, strict=True):
        if key not in distinct:  # each distinct name looked up once
            distinct[key] = _top(_candidates(gazetteer, name)) if key else ()
    counts = Counter(key for key in keys if distinct.get(key))
    shares = _country_shares(distinct, counts, context)
    if fuzzy:
        _add_fuzzy(gazetteer, distinct, names, keys, shares)
        counts = Counter(key for key in keys if distinct.get(key))
    chosen = _round(distinct, counts, shares, context, previous=None)
    shares = _country_shares(distinct, counts, context, chosen)
    chosen = _round(distinct, counts, shares, context, previous=chosen)
    _follow_qualified(chosen, distinct, names, keys)
    focus = _focus(chosen, counts, shares)
    if focus is not None:
        _mind_the_focus(chosen, keys, focus, shares, focus_fallback)
    return [chosen.get(key) for key in keys]


def _mind_the_focus(chosen: dict[str, Resolution], keys: Sequence[str], focus: GazetteerEntry,
                    shares: dict[str, float], focus_fallback: bool) -> None:
    """A loose reading far from the page's focus is dropped; with `focus_fallback`, a name left
    unresolved or stray takes the focus instead."""
    for key in filter(None, keys):
        resolution = chosen.get(key)
        stray = resolution is not None and _stray(resolution.place, focus, shares)
        if stray and resolution is not None and resolution.place.quality < 0 and not focus_fallback:
            del chosen[key]  # a loose reading far from everything else: better unresolved
        elif focus_fallback and (resolution is None or stray):
            chosen[key] = Resolution(focus, 0.0, fallback=True)


def qualified_names(text: str, spans: Sequence[tuple[int, int, str]]) -> list[str]:
    """Each name of `spans` (sorted by offset), written "Tacoma, Washington" where the text follows
    it with a comma and the next name, which says which Tacoma is meant; that next name is then
    written ", Washington": the wider area, a state or a country rather than a town."""
    names = [name for _, _, name in spans]
    for index, ((_, end, name), (start, _, wider)) in enumerate(pairwise(spans)):
        if 0 < start - end <= 3 and text[end:start].strip() == "," and \
                not names[index].startswith(QUALIFIER_SEPARATOR):
            names[index] = f"{name}{QUALIFIER_SEPARATOR}{wider}"
            names[index + 1] = f"{QUALIFIER_SEPARATOR}{wider}"
    return names


def _qualified_keys(gazetteer: Gazetteer, names: Sequence[str],
                    distinct: dict[str, tuple[GazetteerEntry, ...]]) -> tuple[list[str], list[str]]:
    """Names and keys of a page with qualified pairs settled: "Tacoma, Washington" gets its own
    key and the Tacomas inside a Washington state or country, ", Washington" its own key and the
    states or countries of that name; a pair that is a list ("Aleppo, Idlib") is two plain names."""
    plain, keys = list(names), []
    paired = False
    for index, name in enumerate(names):
        head, separator, wider = name.partition(QUALIFIER_SEPARATOR)
        candidates: tuple[GazetteerEntry, ...] | None = None
        if separator and len(name) <= 200:
            if head:
                candidates = _inside(gazetteer, head, wider)
            elif paired:
                candidates = tuple(c for c in _candidates(gazetteer, wider) if c.kind in ("adm1", "country"))
        paired = bool(head) and candidates is not None
        if candidates:
            key = (AREA_KEY if not head else "") + fold_key(name)
            distinct[key] = _top(candidates)
        else:
            plain[index] = (head or wider) if separator else name
            key = fold_key(plain[index]) if len(name) <= 200 else ""
        keys.append(key)
    return plain, keys


def _inside(gazetteer: Gazetteer, head: str, qualifier: str) -> tuple[GazetteerEntry, ...] | None:
    """Of "Paris, Missouri", the Parises inside a province or a country named "Missouri";
    None where the pair is no such name ("Aleppo, Idlib" and "China, Japan" are lists)."""
    candidates = _candidates(gazetteer, head)
    if any(c.kind in ("country", "continent", "region", "adm1") and c.quality >= 2 for c in candidates):
        return None  # a list of countries or states ("Illinois, Missouri, New Jersey")
    wider = [c for c in gazetteer.lookup(qualifier) if c.quality >= 0]
    provinces = {c.id for c in wider if c.kind == "adm1"}
    countries = {c.cc for c in wider if c.kind == "country"}
    inside = tuple(c for c in candidates if _in_named_area(c, provinces, countries))
    return inside or None


def _in_named_area(candidate: GazetteerEntry, provinces: set[int], countries: set[str]) -> bool:
    """A town or district inside one of the provinces, or a place below a country inside one
    of the countries."""
    if candidate.kind in ("city", "adm2") and candidate.adm1 in provinces:
        return True
    return candidate.kind in ("city", "adm1", "adm2") and candidate.cc in countries


def _follow_qualified(chosen: dict[str, Resolution], distinct: dict[str, tuple[GazetteerEntry, ...]],
                      names: Sequence[str], keys: Sequence[str]) -> None:
    """A bare name takes the place its qualified form found on the same page
    ("a Paris, Missouri, man ... of Paris")."""
    for key, name in zip(keys, names, strict=True):
        head, separator, _ = name.partition(QUALIFIER_SEPARATOR)
        resolution = chosen.get(key)
        if not head or not separator or resolution is None:
            continue
        bare = fold_key(head)
        if bare in chosen and any(c.id == resolution.place.id for c in distinct.get(bare, ())):
            chosen[bare] = resolution


def _stray(place: GazetteerEntry, focus: GazetteerEntry, shares: dict[str, float]) -> bool:
    """A hamlet, or a town found inside a longer name, far from the page's focus in a country the
    page hardly speaks of: more likely a namesake of something the gazetteer lacks ("Broadway",
    "San Juan de Lurigancho") than the place meant."""
    small_or_loose = place.kind == "city" and (place.population < STRAY_POPULATION or place.quality < 0)
    return (small_or_loose and place.id != focus.id and shares.get(place.cc, 0.0) < 0.3
            and km(place.lat, place.lon, focus.lat, focus.lon) > STRAY_KM)


def _focus(chosen: dict[str, Resolution], counts: Counter[str],
           shares: dict[str, float]) -> GazetteerEntry | None:
    """The place a page is about: its best supported town, else province, else country.

    Only places in the page's main country count (a surname that is also an English
    village does not make a Virginia story English); a town's support is how often it
    is named, plus half as often as the page names places near it or its province."""
    main_country = max(shares, key=lambda cc: shares[cc]) if shares else None
    mentions: Counter[int] = Counter()
    for key, resolution in chosen.items():
        mentions[resolution.place.id] += counts[key]
    for kinds in (("city", "adm2"), ("adm1",), ("country", "region")):
        places = {r.place.id: r.place for r in chosen.values()
                  if r.place.kind in kinds and r.place.quality >= 0 and r.place.cc in (main_country, "")}
        if places:
            return max(places.values(), key=lambda p: mentions[p.id] + 0.5 * _support(p, places, mentions))
    return None


def _support(place: GazetteerEntry, places: dict[int, GazetteerEntry], mentions: Counter[int]) -> float:
    """How often the page names places near `place`, or the provinces it lies in."""
    near = sum(mentions[other.id] for other in list(places.values())[:100]
               if other.id != place.id and km(place.lat, place.lon, other.lat, other.lon) <= FOCUS_KM)
    return near + sum(mentions[admin] for admin in {place.adm1, place.adm2} if admin is not None)


def _candidates(gazetteer: Gazetteer, name: str) -> tuple[GazetteerEntry, ...]:
    """The gazetteer's candidates for a name, else for the best place name inside it
    ("Arizona State University", "the Dubai World Cup"), as a loose match.

    Inside a longer name, a main or official name beats an alternate one, and among
    equals the bigger place wins ("Old Town Chicago" is in Chicago, not in Old Town,
    Maine; "New York Auto Show" is New York, not York)."""
    found = gazetteer.lookup(name)
    words = name.split()
    if found or len(words) < 2 or len(words) > 12:
        return found
    best: tuple[int, int] = (-1, -1)
    inner: list[GazetteerEntry] = []
    for size in range(min(len(words) - 1, 4), 0, -1):
        for first in range(len(words) - size + 1):
            part = words[first:first + size]
            if not part[0][:1].isupper() or (size == 1 and _is_generic_word(part[0])):
                continue
            places = [c for c in gazetteer.lookup(" ".join(part)) if _prominent(c, size)]
            rank = max(((c.quality, c.population) for c in places), default=(-1, -1))
            if places and rank > best:
                best, inner = rank, places
    return tuple(replace(c, quality=-1) for c in inner)


def _prominent(candidate: GazetteerEntry, words: int) -> bool:
    """Whether a place named inside a longer name is likely meant ("Dubai" in "Dubai World Cup"):
    not a small town whose name is a common word ("Street", "College")."""
    if candidate.quality < 1:
        return False
    if words > 1:
        return True
    if candidate.kind == "adm2":
        return False  # a county's bare name is usually a surname ("Jones" in "Robert Trent Jones Golf Club")
    return candidate.kind != "city" or (candidate.quality >= 2 and candidate.population >= 100_000)


def _is_generic_word(word: str) -> bool:
    key = fold_key(word)
    return len(key) < 3 or key in LEADING_DIRECTION_WORDS or key in TRAILING_GENERIC_WORDS


def _top(candidates: Iterable[GazetteerEntry]) -> tuple[GazetteerEntry, ...]:
    found = list(candidates)
    states = {c.cc for c in found if c.kind == "adm1" and c.quality == 3}
    if states:  # "Delaware" is the state, not a Delaware County of the same country
        found = [c for c in found if c.kind != "adm2" or c.quality == 3 or c.cc not in states]
    return tuple(sorted(found, key=prior, reverse=True)[:CANDIDATES_SCORED])


def _add_fuzzy(gazetteer: Gazetteer, distinct: dict[str, tuple[GazetteerEntry, ...]], names: Sequence[str],
               keys: Sequence[str], shares: dict[str, float]) -> None:
    """Close spellings, among the page's main countries only, for names nothing matched."""
    countries = tuple(cc for cc, share in sorted(shares.items(), key=lambda i: -i[1])[:2] if share >= 0.2)
    if not countries:
        return
    for key, name in zip(keys, names, strict=True):
        if key and not distinct.get(key):
            distinct[key] = _top(gazetteer.fuzzy(name, countries))


def _country_shares(distinct: dict[str, tuple[GazetteerEntry, ...]], counts: Counter[str], context: PageHints,
                    chosen: dict[str, Resolution] | None = None) -> dict[str, float]:
    """Share of the page each country has: hints, country names, and the names' likely countries."""
    votes: defaultdict[str, float] = defaultdict(float)
    for cc, weight in context.countries.items():
        votes[cc] += 3.0 * weight
    for key, candidates in distinct.items():
        if not candidates:
            continue
        weight = 1.0 + math.log(counts[key]) if counts[key] else 1.0
        if chosen is not None and key in chosen:
            best = chosen[key].place
            loose = 0.3 if best.quality < 0 else 1.0  # a name found inside a longer one says little
            votes[best.cc] += weight * loose * _country_vote(best)
            continue
        scores = [prior(c) for c in candidates]
        top = max(scores)
        mass = [math.exp(s - top) for s in scores]
        total = sum(mass)
        for candidate, m in zip(candidates, mass, strict=True):
            if candidate.cc:
                bonus = _country_vote(candidate)
                votes[candidate.cc] += weight * bonus * m / total
    total_votes = sum(votes.values())
    return {cc: v / total_votes for cc, v in votes.items()} if total_votes else {}


def _country_vote(place: GazetteerEntry) -> float:
    """How much a name says that the page is in the place's country: a country named outright
    twice a town, its demonym ("a Japanese man" in a Dublin court story) half."""
    if place.kind != "country":
        return 1.0
    return 2.0 if place.quality > 0 else DEMONYM_SHARE


def _round(distinct: dict[str, tuple[GazetteerEntry, ...]], counts: Counter[str], shares: dict[str, float],
           context: PageHints, previous: dict[str, Resolution] | None) -> dict[str, Resolution]:
    # province -> the names of the page that lie in it (a name never supports itself)
    admins: dict[int, set[tuple[str, int]]] = {admin: {("", 0)} for admin in context.admins}
    neighbours: list[tuple[str, GazetteerEntry]] = []
    if previous:
        for name_key, resolution in previous.items():
            place = resolution.place
            for admin in (place.id if place.is_admin else None, place.adm1, place.adm2):
                if admin is not None:
                    admins.setdefault(admin, set()).add((name_key, place.id))
        neighbours = _neighbour_points(previous)
    together = _lying_together(distinct) if previous is None else {}
    chosen: dict[str, Resolution] = {}
    for key, candidates in distinct.items():
        if not candidates:
            continue
        famous = _famous(candidates)
        scored = sorted(((_score(c, shares, admins, neighbours, key) + (FAMOUS_BONUS if c is famous else 0.0)
                          + COHERENCE_WEIGHT * together.get((key, c.id), 0), c) for c in candidates),
                        key=lambda pair: -pair[0])
        best_score, best = scored[0]
        best = _prefer_seat_town(best, [c for _, c in scored])
        margin = best_score - scored[1][0] if len(scored) > 1 else 10.0
        chosen[key] = Resolution(best, margin)
    return chosen


def _lying_together(distinct: dict[str, tuple[GazetteerEntry, ...]]) -> dict[tuple[str, int], int]:
    """For each reading of each name, how many of the page's other names have a reading near it
    (within the closest of the closeness rings): readings that lie together support each other
    before any is chosen ("London" beside "St. Thomas" and "Middlesex" is London, Ontario)."""
    radius = NEAR_WEIGHTS[0][0]
    cell = radius / 111.0
    grid: defaultdict[tuple[int, int], list[tuple[str, GazetteerEntry]]] = defaultdict(list)
    for key, candidates in distinct.items():
        for rank, candidate in enumerate(candidates):  # best prior first (_top)
            if candidate.kind in ("city", "adm2") and candidate.quality >= 0 and rank < COHERENCE_READINGS:
                grid[(int(candidate.lat // cell), int(candidate.lon // cell))].append((key, candidate))
    found: dict[tuple[str, int], int] = {}
    for (row, column), members in grid.items():
        for key, candidate in members:
            others: set[str] = set()
            for d_row in (-1, 0, 1):
                for d_column in (-2, -1, 0, 1, 2):
                    for other_key, other in grid.get((row + d_row, column + d_column), ()):
                        if other_key != key and other_key not in others and \
                                km(candidate.lat, candidate.lon, other.lat, other.lon) <= radius:
                            others.add(other_key)
            if others:
                found[(key, candidate.id)] = min(len(others), COHERENCE_CAP)
    return found


def _famous(candidates: Sequence[GazetteerEntry]) -> GazetteerEntry | None:
    """The one big city a bare name usually means ("Boston", "Louisville", "Portland"),
    when it far outgrows its namesakes: context must weigh more to pull a name away from it."""
    towns = sorted((c for c in candidates if c.kind in FAMOUS_KINDS and c.quality >= 2),
                   key=lambda c: -c.population)
    if not towns or towns[0].population < FAMOUS_POPULATION:
        return None
    if len(towns) > 1 and towns[0].population < FAMOUS_RATIO * towns[1].population:
        return None
    return towns[0]


def _neighbour_points(previous: dict[str, Resolution]) -> list[tuple[str, GazetteerEntry]]:
    """Towns and small areas chosen so far, one per place, as anchors for closeness."""
    seen: set[int] = set()
    points = []
    for key, resolution in previous.items():
        place = resolution.place
        if place.kind in ("city", "adm2") and place.id not in seen:
            seen.add(place.id)
            points.append((key, place))
    return points[:300]


def _score(candidate: GazetteerEntry, shares: dict[str, float], admins: dict[int, set[tuple[str, int]]],
           neighbours: list[tuple[str, GazetteerEntry]], key: str) -> float:
    share = shares.get(candidate.cc, 0.0) if candidate.cc else NO_COUNTRY_SHARE
    score = prior(candidate) + COUNTRY_WEIGHT * share
    for admin in (candidate.id if candidate.is_admin else None, candidate.adm1, candidate.adm2):
        if admin is not None and any(k != key and pid != candidate.id for k, pid in admins.get(admin, ())):
            score += ADMIN_WEIGHT
            break
    if neighbours and candidate.kind in ("city", "adm2"):
        score += _closeness(candidate, neighbours, key)
    return score


def _closeness(candidate: GazetteerEntry, neighbours: list[tuple[str, GazetteerEntry]], key: str) -> float:
    nearest = math.inf
    for other_key, other in neighbours:
        if other_key == key or other.id == candidate.id:
            continue
        if abs(other.lat - candidate.lat) > 4.0:
            continue
        nearest = min(nearest, km(candidate.lat, candidate.lon, other.lat, other.lon))
    for limit, weight in NEAR_WEIGHTS:
        if nearest <= limit:
            return weight
    return 0.0


def _prefer_seat_town(best: GazetteerEntry, candidates: list[GazetteerEntry]) -> GazetteerEntry:
    """A province and a town share the name: news means the town when it is the province's
    seat ("Homs") or its country's capital ("Washington"), unless the province dwarfs
    its seat ("Quebec": a province of millions, a city of half a million)."""
    if not best.is_admin or best.quality < 1:
        return best
    for other in candidates:
        if other.kind != "city" or other.cc != best.cc or other.quality < 1:
            continue
        if other.rank == 1 and other.quality >= 2:
            return other
        if best.seat_lat is not None and best.seat_lon is not None and \
                km(other.lat, other.lon, best.seat_lat, best.seat_lon) <= SEAT_KM and \
                best.population <= SEAT_DWARFED * max(other.population, 1):
            return other
    return best
