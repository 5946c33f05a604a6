"""The map's view of the events: lean columns in memory, counted by grid cell, day and type.

What the map and the timeline ask at scale (every event in a box at any
zoom, counts by day over the whole filtered range) touches every matching
row, which no index makes cheap on a million events. So the store keeps, per
open database, a snapshot of seven lean columns as numpy arrays (about 40
bytes an event), refreshed from `events.updated_at` at most once a second,
and answers from it (a deletion that changes no other event is seen within
COUNT_S seconds):

- `Columns.of(db)` the snapshot (loaded on first use, then kept fresh);
- `Columns.select(filters)` the events matching every filter it can judge
  (box, dates, type, sub-type, country, certainty, deaths); `needs_sql(filters)`
  says when another filter (actor, text) must go through SQL instead, and
  `fetch_columns(db, statement)` then reads the same columns for the rows a
  SQL statement selects;
- `grid(columns, size)`, `timeline(columns)`, `by_type(columns)`,
  `by_country(columns)` the counts.

The SQL path and the snapshot give the same answers (tests/store/test_mapgrid.py).
"""

from __future__ import annotations

import threading
import time
import weakref
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import Select, func, select

from sitrep.store.filters import EventFilter
from sitrep.store.schema import events

if TYPE_CHECKING:
    from sitrep.store.db import Database

ARRAYS = ("id", "lat", "lon", "day", "kind", "country", "certainty", "deaths")
UNDATED = np.iinfo(np.int32).min  # the day number of an event without a date
EPOCH = date(1970, 1, 1)
REFRESH_S = 1.0
CELL_DEGREES_AT_ZOOM_0 = 60.0  # about 40 px cells at every zoom
COUNT_S = 30.0
LEAN = (events.c.id, events.c.latitude, events.c.longitude, events.c.event_date, events.c.event_type,
        events.c.sub_event_type, events.c.country, events.c.iso3, events.c.certainty, events.c.fatalities)
SQL_ONLY = ("actor", "text")


def needs_sql(filters: EventFilter) -> bool:
    """True when a filter the snapshot cannot judge (actor, text) is set."""
    return any(getattr(filters, name) for name in SQL_ONLY)


@dataclass
class Columns:
    """Lean columns of some events; strings as codes into the `types`, `countries`, `certainties` lists."""

    id: NDArray[np.int64]
    lat: NDArray[np.float64]  # NaN where unknown
    lon: NDArray[np.float64]
    day: NDArray[np.int32]  # days since 1970-01-01, UNDATED where unknown
    kind: NDArray[np.int32]  # index into types: (event_type, sub_event_type)
    country: NDArray[np.int32]  # index into countries: (country, iso3)
    certainty: NDArray[np.int32]
    deaths: NDArray[np.int64]
    types: list[tuple[str, str]] = field(default_factory=list)
    countries: list[tuple[str | None, str | None]] = field(default_factory=list)
    certainties: list[str] = field(default_factory=list)
    sorted_by_day: bool = False
    _placed: NDArray[np.bool_] | None = field(default=None, repr=False, compare=False)

    def __len__(self) -> int:
        return int(self.id.size)

    @staticmethod
    def of(db: Database) -> Columns:
        """The snapshot of every event of `db` (kept fresh: see `Snapshot`)."""
        return snapshot(db).current()

    def take(self, mask: NDArray[np.bool_] | NDArray[np.intp]) -> Columns:
        """The events where `mask` holds (or at those positions), sharing the code lists."""
        if mask.dtype == np.bool_:
            if mask.all():
                return self
            mask = np.flatnonzero(mask)  # positions once, rather than a scan of the mask per column
        arrays: dict[str, Any] = {name: np.take(getattr(self, name), mask) for name in ARRAYS}
        return Columns(**arrays, types=self.types, countries=self.countries, certainties=self.certainties)

    def matching(self, filters: EventFilter) -> NDArray[np.bool_]:
        """Where the events match every filter but actor and text (`needs_sql` says when those are set).

        On columns sorted by day (`by_day()`, as the snapshot is), a date range is
        a slice found by binary search, and the other filters look at it alone.
        """
        mask = np.zeros(len(self), dtype=bool)
        low, high = self._days(filters)
        part = self.slice(low, high) if (low, high) != (0, len(self)) else self
        inside = np.ones(len(part), dtype=bool)
        for condition in (_box_mask, _date_mask, _code_masks, _number_masks):
            inside &= condition(part, filters)
        mask[low:high] = inside
        return mask

    def slice(self, low: int, high: int) -> Columns:
        """Events low to high (views, not copies)."""
        arrays: dict[str, Any] = {name: getattr(self, name)[low:high] for name in ARRAYS}
        return Columns(**arrays, types=self.types, countries=self.countries, certainties=self.certainties)

    def _days(self, filters: EventFilter) -> tuple[int, int]:
        if not self.sorted_by_day or (filters.since is None and filters.until is None):
            return 0, len(self)
        low = int(np.searchsorted(self.day, day_number(filters.since) if filters.since else UNDATED + 1))
        high = int(np.searchsorted(self.day, day_number(filters.until), side="right")) if filters.until \
            else len(self)
        return low, max(low, high)

    def by_day(self) -> Columns:
        """The same events sorted by day (undated first), then id."""
        order = np.lexsort((self.id, self.day))
        sorted_columns = self.take(order)
        sorted_columns.sorted_by_day = True
        return sorted_columns

    def select(self, filters: EventFilter) -> Columns:
        """The events matching every filter but actor and text."""
        return self.take(self.matching(filters))

    def placed(self) -> NDArray[np.bool_]:
        """Where the events have coordinates (worked out once)."""
        if self._placed is None or self._placed.size != len(self):
            self._placed = ~(np.isnan(self.lat) | np.isnan(self.lon))
        return self._placed

    def type_names(self) -> NDArray[np.object_]:
        """The event type of each event."""
        names = np.array([t for t, _ in self.types] or [""], dtype=object)
        return names[self.kind] if len(self) else np.array([], dtype=object)


def _box_mask(columns: Columns, filters: EventFilter) -> NDArray[np.bool_]:
    if filters.bbox is None:
        return np.ones(len(columns), dtype=bool)
    west, south, east, north = filters.bbox
    with np.errstate(invalid="ignore"):
        inside = (columns.lat >= south) & (columns.lat <= north)
        across = (columns.lon >= west) & (columns.lon <= east) if west <= east else \
            (columns.lon >= west) | (columns.lon <= east)
    return inside & across


def _date_mask(columns: Columns, filters: EventFilter) -> NDArray[np.bool_]:
    mask = np.ones(len(columns), dtype=bool)
    if filters.since is not None:
        mask &= (columns.day >= day_number(filters.since)) & (columns.day != UNDATED)
    if filters.until is not None:
        mask &= (columns.day <= day_number(filters.until)) & (columns.day != UNDATED)
    return mask


def _code_masks(columns: Columns, filters: EventFilter) -> NDArray[np.bool_]:
    """The filters on coded strings (type, sub-type, country, certainty), each compared as SQL does."""
    mask = np.ones(len(columns), dtype=bool)
    if filters.event_type:
        wanted = filters.event_type.lower()
        mask &= _among(columns.kind, [i for i, (t, _) in enumerate(columns.types) if t.lower() == wanted])
    if filters.sub_event_type:
        wanted = filters.sub_event_type.lower()
        mask &= _among(columns.kind, [i for i, (_, s) in enumerate(columns.types) if s.lower() == wanted])
    if filters.country:
        mask &= _among(columns.country, _country_codes(columns.countries, filters.country.strip()))
    if filters.certainty:
        wanted = filters.certainty.lower()
        mask &= _among(columns.certainty, [i for i, c in enumerate(columns.certainties) if c == wanted])
    return mask


def _country_codes(countries: list[tuple[str | None, str | None]], wanted: str) -> list[int]:
    """The codes of the countries named `wanted`: its ISO3 code (any case) or its name (any case)."""
    upper, lower = wanted.upper(), wanted.lower()
    return [i for i, (name, iso3) in enumerate(countries)
            if (iso3 or "").upper() == upper or (name or "").lower() == lower]


def _number_masks(columns: Columns, filters: EventFilter) -> NDArray[np.bool_]:
    if filters.min_fatalities is None:
        return np.ones(len(columns), dtype=bool)
    return columns.deaths >= filters.min_fatalities


def _among(codes: NDArray[np.int32], wanted: list[int]) -> NDArray[np.bool_]:
    return np.isin(codes, np.array(wanted, dtype=np.int32))


def day_number(day: date) -> int:
    return (day - EPOCH).days


def day_of(number: int) -> date:
    return EPOCH + timedelta(days=int(number))


# ---------------------------------------------------------------- reading columns

class _Coder:
    """Strings (or tuples) to small integer codes, in order of first sight."""

    def __init__(self, known: list[Any]) -> None:
        self.values = known
        self.codes = {value: i for i, value in enumerate(known)}

    def code(self, value: Any) -> int:
        found = self.codes.get(value)
        if found is None:
            found = self.codes[value] = len(self.values)
            self.values.append(value)
        return found


def fetch_columns(db: Database, statement: Select[Any], like: Columns | None = None) -> Columns:
    """The lean columns of the rows `statement` selects (its FROM and WHERE; columns replaced).

    Codes continue those of `like` when given, so the result can be merged into it.
    """
    statement = statement.with_only_columns(*LEAN, maintain_column_froms=True)
    types = _Coder(list(like.types) if like else [])
    countries = _Coder(list(like.countries) if like else [])
    certainties = _Coder(list(like.certainties) if like else [])
    ids: list[int] = []
    lats: list[float] = []
    lons: list[float] = []
    days: list[int] = []
    kinds: list[int] = []
    places: list[int] = []
    sure: list[int] = []
    deaths: list[int] = []
    with db.read() as connection:
        for row in connection.execute(statement):
            ids.append(row[0])
            lats.append(np.nan if row[1] is None else row[1])
            lons.append(np.nan if row[2] is None else row[2])
            days.append(UNDATED if row[3] is None else day_number(_as_date(row[3])))
            kinds.append(types.code((row[4], row[5])))
            places.append(countries.code((row[6], row[7])))
            sure.append(certainties.code(row[8]))
            deaths.append(row[9] or 0)
    return Columns(np.array(ids, dtype=np.int64), np.array(lats, dtype=np.float64),
                   np.array(lons, dtype=np.float64), np.array(days, dtype=np.int32),
                   np.array(kinds, dtype=np.int32), np.array(places, dtype=np.int32),
                   np.array(sure, dtype=np.int32), np.array(deaths, dtype=np.int64),
                   types.values, countries.values, certainties.values)


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def merged(old: Columns, new: Columns) -> Columns:
    """`old` with the events of `new` added or replaced (`new` coded with `old`'s lists extended)."""
    keep = ~np.isin(old.id, new.id)
    parts = [old.take(keep), new]
    order = np.argsort(np.concatenate([p.id for p in parts]), kind="stable")

    def join(name: str) -> Any:
        return np.concatenate([getattr(p, name) for p in parts])[order]

    return Columns(join("id"), join("lat"), join("lon"), join("day"), join("kind"), join("country"),
                   join("certainty"), join("deaths"), new.types, new.countries, new.certainties)


# ---------------------------------------------------------------- the snapshot, kept fresh

class Snapshot:
    """Every event's lean columns for one database, refreshed at most every REFRESH_S seconds.

    A refresh asks for the newest `updated_at` and the row count; rows changed
    since the last look are read and merged; a count that then differs (events
    deleted by a merge) reloads everything. Readers always see a whole snapshot.
    """

    def __init__(self, db: Database) -> None:
        self.db = db
        self.lock = threading.Lock()
        self.columns: Columns | None = None
        self.mark: tuple[Any, int] | None = None
        self.checked = 0.0
        self.counted = 0.0
        self.tables: dict[tuple[float, str | None], CellTable] = {}

    def cells(self, size: float, event_type: str | None) -> CellTable:
        """Every placed event (of `event_type`, when given) counted in cells of `size` degrees, kept
        until the events change."""
        columns = self.current()
        tables = self.tables
        key = (size, event_type.lower() if event_type else None)
        found = tables.get(key)
        if found is None:
            chosen = columns if event_type is None else columns.select(EventFilter(event_type=event_type))
            found = tables[key] = cell_table(chosen, size)
        return found

    def current(self) -> Columns:
        """The columns; a stale snapshot is refreshed by one reader while the others go on with it."""
        columns = self.columns
        if columns is not None and time.monotonic() - self.checked < REFRESH_S:
            return columns
        if columns is not None and not self.lock.acquire(blocking=False):
            return columns
        if columns is None:
            self.lock.acquire()
        try:
            if self.columns is None or time.monotonic() - self.checked >= REFRESH_S:
                self._refresh()
            assert self.columns is not None
            return self.columns
        finally:
            self.lock.release()

    def _refresh(self) -> None:
        """Cheap when nothing changed: the newest `updated_at` (an index's last entry); the row count
        (a scan of an index) only when that moved, or every COUNT_S seconds (deleted events)."""
        with self.db.read() as connection:
            newest = connection.execute(select(func.max(events.c.updated_at))).scalar()
            count_due = time.monotonic() - self.counted >= COUNT_S
            if self.mark is None or newest != self.mark[0] or count_due:
                count = int(connection.execute(select(func.count()).select_from(events)).scalar_one())
                self.counted = time.monotonic()
            else:
                count = self.mark[1]
        mark = (newest, count)
        if self.columns is None or self.mark is None:
            self.columns = fetch_columns(self.db, select(events)).by_day()
        elif mark != self.mark and newest is not None:
            since = self.mark[0]
            changed = select(events) if since is None else select(events).where(events.c.updated_at >= since)
            updated = merged(self.columns, fetch_columns(self.db, changed, like=self.columns))
            fresh = updated if len(updated) == count else fetch_columns(self.db, select(events))
            self.columns = fresh.by_day()
        elif mark != self.mark:
            self.columns = fetch_columns(self.db, select(events)).by_day()
        if mark != self.mark:
            self.tables = {}
        self.mark = mark
        self.checked = time.monotonic()


_SNAPSHOTS: weakref.WeakKeyDictionary[Any, Snapshot] = weakref.WeakKeyDictionary()
_SNAPSHOTS_LOCK = threading.Lock()


def snapshot(db: Database) -> Snapshot:
    """The snapshot of `db`'s events, one per engine."""
    with _SNAPSHOTS_LOCK:
        found = _SNAPSHOTS.get(db.engine)
        if found is None:
            found = _SNAPSHOTS[db.engine] = Snapshot(db)
        return found


# ---------------------------------------------------------------- counting

@dataclass(frozen=True)
class Grid:
    """Events counted by cell: each cell's corner, centre of its events, counts by type and deaths."""

    size: float
    south: NDArray[np.float64]
    west: NDArray[np.float64]
    lat: NDArray[np.float64]  # the mean position of the cell's events
    lon: NDArray[np.float64]
    events: NDArray[np.int64]
    deaths: NDArray[np.int64]
    by_type: list[dict[str, int]]
    members: NDArray[np.intp]  # for each event of the input, its cell


def grid(columns: Columns, size: float) -> Grid:
    """Placed events counted in square cells of `size` degrees, aligned on (-90, -180)."""
    row = np.floor((columns.lat + 90) / size).astype(np.int64)
    col = np.floor((columns.lon + 180) / size).astype(np.int64)
    cells, members = _cell_codes(row, col)
    events_in = np.bincount(members, minlength=cells.size).astype(np.int64)
    lat = np.bincount(members, weights=columns.lat, minlength=cells.size) / events_in
    lon = np.bincount(members, weights=columns.lon, minlength=cells.size) / events_in
    deaths = np.bincount(members, weights=columns.deaths, minlength=cells.size).astype(np.int64)
    return Grid(size, ((cells // CELL_KEY) * size - 90).astype(np.float64),
                ((cells % CELL_KEY) * size - 180).astype(np.float64), lat, lon,
                events_in, deaths, _types_by_cell(columns, members, cells.size), members)


CELL_KEY = 1 << 24
DENSE_CELLS = 1 << 22


def _cell_codes(row: NDArray[np.int64], col: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.intp]]:
    """The distinct cells (row * CELL_KEY + col, sorted) and each event's position among them.

    Counting into a dense array of the rows and columns spanned is much faster
    than sorting a million keys; np.unique serves when that array would be large.
    """
    if not row.size:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.intp)
    row0, col0 = int(row.min()), int(col.min())
    height, width = int(row.max()) - row0 + 1, int(col.max()) - col0 + 1
    if height * width > DENSE_CELLS:
        cells, members = np.unique(row * CELL_KEY + col, return_inverse=True)
        return cells, members.astype(np.intp)
    dense = (row - row0) * width + (col - col0)
    present = np.flatnonzero(np.bincount(dense, minlength=height * width))
    position = np.zeros(height * width, dtype=np.intp)
    position[present] = np.arange(present.size)
    cells = (present // width + row0) * CELL_KEY + (present % width + col0)
    return cells.astype(np.int64), position[dense]


def _types_by_cell(columns: Columns, members: NDArray[np.intp], cells: int) -> list[dict[str, int]]:
    names = sorted({t for t, _ in columns.types})
    index = {name: i for i, name in enumerate(names)}
    type_of_kind = np.array([index[t] for t, _ in columns.types] or [0], dtype=np.int64)
    pairs = members.astype(np.int64) * max(1, len(names)) + type_of_kind[columns.kind]
    counted = np.bincount(pairs, minlength=cells * max(1, len(names))).reshape(cells, max(1, len(names)))
    return [{names[j]: int(n) for j, n in enumerate(counts) if n} for counts in counted]


@dataclass(frozen=True)
class CellTable:
    """Events counted once by cell, for any box: cells as rows and columns of the grid of `size`."""

    size: float
    grid: Grid
    row: NDArray[np.int64]
    col: NDArray[np.int64]
    source: Columns  # the events counted (placed ones only)
    unplaced: int  # events of the source's kind without coordinates

    def in_box(self, rows: tuple[int, int], cols: list[tuple[int, int]]) -> NDArray[np.bool_]:
        """The cells whose row and column lie in the (inclusive) ranges."""
        inside = np.zeros(self.row.size, dtype=bool)
        for first, last in cols:
            inside |= (self.col >= first) & (self.col <= last)
        return inside & (self.row >= rows[0]) & (self.row <= rows[1])


def cell_table(columns: Columns, size: float) -> CellTable:
    placed = columns.placed()
    source = columns.take(placed)
    counted = grid(source, size)
    row = np.round((counted.south + 90) / size).astype(np.int64)
    col = np.round((counted.west + 180) / size).astype(np.int64)
    return CellTable(size, counted, row, col, source, int((~placed).sum()))


@dataclass(frozen=True)
class Bins:
    """Events and deaths per day or week (Monday first), over the span of the dated events."""

    interval: str  # "day" or "week"
    starts: list[date]
    events: list[int]
    deaths: list[int]
    undated: int
    undated_deaths: int


def timeline(columns: Columns, interval: str | None = None) -> Bins:
    """Counts per day (spans up to 180 days) or per week, and the undated events apart."""
    dated = columns.day != UNDATED
    days = columns.day[dated].astype(np.int64)
    undated = int((~dated).sum()), int(columns.deaths[~dated].sum())
    if not days.size:
        return Bins(interval or "day", [], [], [], *undated)
    first, last = int(days.min()), int(days.max())
    step = 7 if (interval or ("week" if last - first > 180 else "day")) == "week" else 1
    origin = first - (first + 3) % 7 if step == 7 else first  # day 0 (1970-01-01) was a Thursday
    slot = (days - origin) // step
    counts = np.bincount(slot)
    deaths = np.bincount(slot, weights=columns.deaths[dated]).astype(np.int64)
    return Bins("week" if step == 7 else "day", [day_of(origin + i * step) for i in range(counts.size)],
                [int(n) for n in counts], [int(n) for n in deaths], *undated)


def by_kind(columns: Columns) -> list[tuple[str, str, int, int]]:
    """(event type, sub-type, events, deaths) for each kind present."""
    counts = np.bincount(columns.kind, minlength=len(columns.types))
    deaths = np.bincount(columns.kind, weights=columns.deaths, minlength=len(columns.types))
    return [(t, s, int(counts[i]), int(deaths[i])) for i, (t, s) in enumerate(columns.types) if counts[i]]


def by_country(columns: Columns) -> list[tuple[str | None, str | None, int, int]]:
    """(country, iso3, events, deaths) for each country present."""
    counts = np.bincount(columns.country, minlength=len(columns.countries))
    deaths = np.bincount(columns.country, weights=columns.deaths, minlength=len(columns.countries))
    return [(c, i, int(counts[k]), int(deaths[k])) for k, (c, i) in enumerate(columns.countries) if counts[k]]


def cell_size(zoom: int) -> float:
    """The side in degrees of the map's grid cells at a zoom (about 40 pixels)."""
    return CELL_DEGREES_AT_ZOOM_0 / float(2 ** max(0, min(zoom, 22)))


def warm(db: Database, zooms: range = range(0, 11)) -> None:
    """Load the snapshot of `db` and count its cells at `zooms`, in a background thread (a server
    calls this as it starts, so the first views need not)."""
    def load() -> None:
        found = snapshot(db)
        for zoom in zooms:
            found.cells(cell_size(zoom), None)

    threading.Thread(target=load, name="sitrep-map-snapshot", daemon=True).start()
