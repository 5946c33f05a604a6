"""Read-only access to the gazetteer index: names to candidate places.

The index (built by `sitrep.geo.build`) is opened once per process, read-only;
it is built on first use when missing. Lookups go down a ladder and stop at the
first rung that answers: the folded name; the name without a leading Arabic
article or a trailing generic word ("Idlib province"); a demonym's singular
("Syrians"); the transliteration skeleton. Fuzzy matching (rapidfuzz) is a
separate, last resort, restricted to the countries a page speaks of.
"""

from __future__ import annotations

import fcntl
import logging
import os
import re
import sqlite3
import tempfile
import threading
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from sitrep.geo.build import (
    ALTERNATE_NAME,
    DEMONYM,
    GENERIC_ADMIN_WORDS,
    OFFICIAL_NAME,
    build,
    default_index_path,
)
from sitrep.geo.normalize import fold_key, is_latin_key, skeleton_key, strip_article
from sitrep.geo.vocabulary import name_word_set, name_words
from sitrep.geometry import great_circle_km

log = logging.getLogger(__name__)
SKELETON_MATCH, STRIPPED_MATCH, FUZZY_MATCH = -1, -1, -2
MAX_NAME_LENGTH = 100
MIN_FUZZY_LENGTH = 6
FUZZY_CUTOFF = 90
MAX_CANDIDATES = 40
# Words around a name that are no part of it ("northern Idlib", "Idlib city"), data/geo/name_words.tsv.
TRAILING_GENERIC_WORDS = GENERIC_ADMIN_WORDS | name_word_set("trailing")
LEADING_DIRECTION_WORDS = name_word_set("leading")
CYRILLIC = re.compile(r"^[\u0400-\u04ff ]+$")
# Russian and Ukrainian case endings of place names, longest first (data/geo/name_words.tsv).
CYRILLIC_ENDINGS = tuple(ending for ending, in name_words("ending"))
PLACE_COLUMNS = "id, name, kind, lat, lon, cc, iso3, adm1, adm2, population, seat_lat, seat_lon, rank"


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One gazetteer place that a name may refer to, with how well the name matched."""

    id: int
    name: str
    kind: str  # city, adm1, adm2, country, continent, region
    lat: float
    lon: float
    cc: str
    iso3: str | None
    adm1: int | None
    adm2: int | None
    population: int
    seat_lat: float | None
    seat_lon: float | None
    rank: int = 0  # 1 a national capital, 2 a province's seat
    quality: int = 0  # 3 main name, 2 official, 1 alternate, 0 demonym, <0 loose match

    @property
    def is_admin(self) -> bool:
        return self.kind in ("adm1", "adm2")


class Gazetteer:
    """The place index: look names up, fetch places by id."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        self.lookup = lru_cache(maxsize=100_000)(self._lookup)
        self.place = lru_cache(maxsize=50_000)(self._place)
        self.is_demonym = lru_cache(maxsize=20_000)(self._is_demonym)
        self._countries: dict[str, GazetteerEntry] | None = None
        self._country_names: dict[str, dict[str, tuple[list[str], list[int]]]] = {}

    def _query(self, sql: str, parameters: tuple[object, ...]) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._connection.execute(sql, parameters).fetchall()

    def _lookup(self, name: str) -> tuple[GazetteerEntry, ...]:
        """Candidates for a name as written, best-matching rung of the ladder only."""
        key = fold_key(name)
        if not key or len(key) > MAX_NAME_LENGTH or (len(key) < 2 and is_latin_key(key)):
            return ()
        if key in LEADING_DIRECTION_WORDS or key in TRAILING_GENERIC_WORDS:
            return ()  # "the West", "the region": no place by themselves
        for rung in (self._exact, self._stripped, self._demonym_plural, self._skeleton, self._uninflected):
            found = rung(key)
            if len(key) <= 3:  # abbreviations: curated and official ones only, not codes among alternates
                found = [c for c in found if c.quality != ALTERNATE_NAME or c.kind != "city"]
            if found:
                return tuple(sorted(found, key=lambda c: -c.population)[:MAX_CANDIDATES])
        return ()

    def _exact(self, key: str) -> list[GazetteerEntry]:
        rows = self._query(
            f"SELECT {PLACE_COLUMNS}, n.quality FROM name n JOIN place p ON p.id = n.place WHERE n.key = ?",
            (key,))
        return [_candidate(row) for row in rows]

    def _stripped(self, key: str) -> list[GazetteerEntry]:
        """The name less an article, a leading direction or a trailing generic word."""
        words = strip_article(key).split()
        generic = bool(words) and words[-1] in TRAILING_GENERIC_WORDS
        while len(words) > 1 and words[-1] in TRAILING_GENERIC_WORDS:
            words = words[:-1]
        while len(words) > 1 and words[0] in LEADING_DIRECTION_WORDS:
            words = strip_article(" ".join(words[1:])).split()
        shorter = " ".join(words)
        if shorter == key:
            return []
        found = self._exact(shorter) or self._skeleton(shorter)
        if generic and key.split()[-1] in GENERIC_ADMIN_WORDS:
            found = [c for c in found if c.kind != "city"] or found
        return [replace(c, quality=min(c.quality, STRIPPED_MATCH + 1)) for c in found]

    def _is_demonym(self, name: str) -> bool:
        """Whether a name is a nationality or a people ("Russian", "Kurds") and no place's own name."""
        key = fold_key(name)
        if not key or len(key) > MAX_NAME_LENGTH or " " in name.strip() or "." in name or name.isupper():
            return False  # "UAE", "U.S.", "DR Congo": short names of a country, not adjectives
        exact = self._exact(key)
        if any(c.quality >= OFFICIAL_NAME for c in exact):
            return False
        return any(c.quality == DEMONYM for c in exact) or bool(self._demonym_plural(key))

    def _demonym_plural(self, key: str) -> list[GazetteerEntry]:
        if not key.endswith("s") or len(key) < 5:
            return []
        return [c for c in self._exact(key[:-1]) if c.quality == DEMONYM]

    def _skeleton(self, key: str) -> list[GazetteerEntry]:
        skeleton = skeleton_key(key)
        if len(skeleton) < 4:
            return []
        rows = self._query(
            f"SELECT {PLACE_COLUMNS}, {SKELETON_MATCH} FROM skeleton s JOIN place p ON p.id = s.place "
            "WHERE s.key = ?", (skeleton,))
        return [_candidate(row) for row in rows]

    def plain_name(self, place_id: int) -> str | None:
        """A place's display name (plain English form for provinces)."""
        rows = self._query("SELECT label FROM place WHERE id = ?", (place_id,))
        return str(rows[0][0]) if rows and rows[0][0] else None

    def _uninflected(self, key: str) -> list[GazetteerEntry]:
        """A Cyrillic name in an oblique case ("Харькова", "Києві") less its case ending."""
        if len(key) < 5 or not CYRILLIC.match(key):
            return []
        for ending in CYRILLIC_ENDINGS:
            if key.endswith(ending):
                stem = key[:-len(ending)]
                found = self._exact(stem) or self._exact(stem + "а") or self._exact(stem + "ь")
                if found:
                    return [replace(c, quality=min(c.quality, STRIPPED_MATCH + 1)) for c in found]
        return []

    def _place(self, place_id: int) -> GazetteerEntry | None:
        rows = self._query(f"SELECT {PLACE_COLUMNS}, 3 FROM place p WHERE id = ?", (place_id,))
        return _candidate(rows[0]) if rows else None

    def fuzzy(self, name: str, countries: tuple[str, ...], limit: int = 5,
              cutoff: int = FUZZY_CUTOFF) -> tuple[GazetteerEntry, ...]:
        """Close spellings among the main names of places in the given countries (last resort)."""
        key = strip_article(fold_key(name))
        if len(key) < MIN_FUZZY_LENGTH or not is_latin_key(key):
            return ()
        found: list[GazetteerEntry] = []
        for cc in countries:
            keys, ids = self._names_of_country(cc).get(key[0], ([], []))
            for match, score, index in process.extract(key, keys, scorer=fuzz.ratio, limit=limit,
                                                       score_cutoff=cutoff):
                if match.count(" ") != key.count(" "):
                    continue
                place = self.place(ids[index])
                if place is not None:
                    found.append(replace(place, quality=FUZZY_MATCH if score < 95 else ALTERNATE_NAME - 1))
        return tuple(found)

    def _names_of_country(self, cc: str) -> dict[str, tuple[list[str], list[int]]]:
        """A country's place names (folded, without article) by first letter, for fuzzy matching."""
        if cc not in self._country_names:
            rows = self._query("SELECT fuzzy_key, id FROM place WHERE cc = ? AND kind != 'country'", (cc,))
            by_letter: dict[str, tuple[list[str], list[int]]] = {}
            for key, place_id in rows:
                if key:
                    keys, ids = by_letter.setdefault(key[0], ([], []))
                    keys.append(key)
                    ids.append(place_id)
            self._country_names[cc] = by_letter
        return self._country_names[cc]

    def countries(self) -> dict[str, GazetteerEntry]:
        """Every country by ISO alpha-2 (read once)."""
        if self._countries is None:
            self._countries = self._read_countries()
        return self._countries

    def _read_countries(self) -> dict[str, GazetteerEntry]:
        rows = self._query(f"SELECT {PLACE_COLUMNS}, 3 FROM place p WHERE kind = 'country'", ())
        return {c.cc: c for c in map(_candidate, rows)}


def _candidate(row: tuple[Any, ...]) -> GazetteerEntry:
    (pid, name, kind, lat, lon, cc, iso3, adm1, adm2, population, seat_lat, seat_lon, rank, quality) = row
    return GazetteerEntry(pid, name, kind, lat, lon, cc or "", iso3, adm1, adm2, population or 0,
                     seat_lat, seat_lon, rank or 0, quality)


_open_lock = threading.Lock()


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process's gazetteer, built into the cache directory on first use if missing
    (into the temporary directory when the cache directory cannot be written).

    Processes that start together wait on one build (a file lock) instead of each building."""
    try:
        return Gazetteer(_built(default_index_path()))
    except OSError as error:
        fallback = Path(tempfile.gettempdir()) / f"sitrep-{os.getuid()}" / default_index_path().name
        log.warning("gazetteer: cache directory unusable (%s); using %s", error, fallback)
        return Gazetteer(_built(fallback))


def _built(path: Path) -> Path:
    with _open_lock:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path.parent / ".build.lock", "w") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                if not path.exists():
                    log.warning("gazetteer: building %s (first use; takes under a minute)", path)
                    build(path)
    return path


km = great_circle_km  # the one great-circle distance of the project (sitrep.geometry)
