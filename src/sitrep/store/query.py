"""The query API over the event database, shared by the CLI, the exports and the web app.

Open a database once with `sitrep.store.db.open_database(url)`, then:

    list_events(db, EventFilter(...), sort="-date", limit=100, cursor=None) -> EventPage
        one page of events; pass `page.next_cursor` back to get the next (keyset
        pagination: stable while rows are added, no OFFSET scans)
    iter_events(db, EventFilter(...), sort="-date") -> Iterator[EventRecord]   every match
    map_points(db, EventFilter(...), limit=50_000) -> rows (id, latitude, longitude,
        event_type, fatalities, event_date), newest first: lean, for maps
    count_events(db, EventFilter(...)) -> int
    get_event(db, event_id) -> EventDetail | None      the event, its sources and their evidence
    get_page(db, page_id) -> PageDetail | None         a stored page: text, body, comments, spans read
    page_texts(db, [page_id, ...]) -> {page_id: text}
    stats_by_type(db, EventFilter(...)) -> list[TypeCount]
    stats_by_week(db, EventFilter(...)) -> list[WeekCount]   weeks start on Monday
    stats_by_country(db, EventFilter(...)) -> list[CountryCount]
    map_window(db, EventFilter(bbox=...), zoom) -> MapWindow   what a map shows of a box at a zoom:
        every event when few enough, else counts by grid cell and type (sitrep.store.mapgrid)
    summary(db, EventFilter(...)) -> Summary   totals, undated, by type, by country, the timeline
    window_page_json(db, EventFilter(...), sort, limit) -> dict | None   the first page of a
        box-and-dates list as JSON written by SQLite (None where it does not apply)

Filters combine with AND; a None filter is ignored. `bbox` is (west, south,
east, north) in degrees (west > east crosses the antimeridian); `since` and
`until` are inclusive dates; `country` is a name or an ISO3 code; `actor` and
`text` match case-insensitively inside names (text also inside the evidence
sentences). On SQLite a bbox query goes through the R*Tree (space and days
together); elsewhere through the (event_date, latitude, longitude) index.
Every record has `to_json()` giving plain JSON types.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any, Literal, get_args

import numpy as np
import orjson
from numpy.typing import NDArray
from sqlalchemy import (
    JSON,
    Column,
    ColumnElement,
    Connection,
    DateTime,
    Float,
    Index,
    Integer,
    MetaData,
    Row,
    Select,
    Table,
    Text,
    and_,
    cast,
    func,
    literal,
    or_,
    select,
    tuple_,
)
from sqlalchemy import text as text_sql
from sqlalchemy.sql.elements import UnaryExpression
from sqlalchemy.sql.operators import custom_op

from sitrep.model import (
    CommentRecord,
    EventDetail,
    EventRecord,
    MentionRecord,
    PageDetail,
    SourceRecord,
    SpanRecord,
    described,
)
from sitrep.store import mapgrid
from sitrep.store.db import Database
from sitrep.store.filters import BBox as BBox  # re-exported: the query API takes them
from sitrep.store.filters import EventFilter as EventFilter
from sitrep.store.filters import QueryError as QueryError
from sitrep.store.filters import checked_bbox
from sitrep.store.schema import RTREE_TABLE, comments, event_sources, events, mentions, pages

Sort = Literal["-date", "date", "-fatalities", "fatalities", "-reports", "reports", "-id", "id"]
SORTS: tuple[str, ...] = get_args(Sort)
MAX_LIMIT = 10_000
JULIAN_OF_ORDINAL = 1721424.5  # julianday(d) == d.toordinal() + this (SQLite's day numbers)

_rtree = Table(RTREE_TABLE, MetaData(), Column("id", Integer, primary_key=True),
               *(Column(name, Float) for name in
                 ("min_lon", "max_lon", "min_lat", "max_lat", "min_day", "max_day")))


@dataclass(frozen=True)
class EventPage:
    """One page of results; `next_cursor` is None on the last page."""

    events: list[EventRecord]
    next_cursor: str | None

    def to_json(self) -> dict[str, Any]:
        return {"events": [e.to_json() for e in self.events], "next_cursor": self.next_cursor}


@dataclass(frozen=True)
class TypeCount:
    event_type: str
    events: int
    fatalities: int
    sub_types: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class WeekCount:
    week: date = field(metadata=described("the Monday"))
    events: int
    fatalities: int


@dataclass(frozen=True)
class CountryCount:
    country: str | None
    iso3: str | None
    events: int
    fatalities: int


# ---------------------------------------------------------------- events

def list_events(db: Database, filters: EventFilter | None = None, sort: Sort = "-date",
                limit: int = 100, cursor: str | None = None) -> EventPage:
    """One page of events matching `filters`, in `sort` order, after `cursor`.

    Events without a date come last in either date order. They are read by a
    second query only when the dated ones run out, so that each query follows
    an index (a NULLS LAST order with an OR on IS NULL would not).
    """
    limit = max(1, min(int(limit), MAX_LIMIT))
    filters = filters or EventFilter()
    column, descending = _sort_parts(sort)
    base = _event_select(db, filters)
    position = _decode_cursor(sort, cursor) if cursor else None
    dated = _date_expression(db, filters)
    with db.read() as connection:
        if not column.nullable:
            statement = base.where(_after(column, descending, position)) if position else base
            rows = list(connection.execute(_order(statement, sort, dated).limit(limit + 1)).all())
        else:
            rows = _dated_then_undated(connection, base, filters, sort, dated, position, limit)
    records = [_event_record(row) for row in rows[:limit]]
    next_cursor = _cursor(sort, records[-1]) if len(rows) > limit and records else None
    return EventPage(events=records, next_cursor=next_cursor)


def _dated_then_undated(connection: Connection, base: Select[Any], filters: EventFilter, sort: str,
                        dated: ColumnElement[Any], position: tuple[Any, int] | None,
                        limit: int) -> list[Row[Any]]:
    """Up to limit + 1 rows in a date order: the dated events after `position`, then the undated."""
    descending = sort.startswith("-")
    rows: list[Row[Any]] = []
    if position is None or position[0] is not None:
        statement = base.where(dated.is_not(None))
        if position:
            statement = statement.where(_after(dated, descending, position))
        rows = list(connection.execute(_order(statement, sort, dated).limit(limit + 1)).all())
    if len(rows) <= limit and filters.since is None and filters.until is None:  # else none match
        statement = base.where(dated.is_(None))
        if position and position[0] is None:
            statement = statement.where(_after(events.c.id, descending, (position[1], position[1])))
        statement = _order(statement, "-id" if descending else "id", dated)
        rows += connection.execute(statement.limit(limit + 1 - len(rows))).all()
    return rows


def iter_events(db: Database, filters: EventFilter | None = None, sort: Sort = "-date",
                chunk: int = 5000) -> Iterator[EventRecord]:
    """Every matching event, fetched in keyset chunks (constant memory)."""
    cursor: str | None = None
    while True:
        page = list_events(db, filters, sort=sort, limit=chunk, cursor=cursor)
        yield from page.events
        if page.next_cursor is None:
            return
        cursor = page.next_cursor


MAP_POINT_COLUMNS = (events.c.id, events.c.latitude, events.c.longitude, events.c.event_type,
                     events.c.fatalities, events.c.event_date)


def map_points(db: Database, filters: EventFilter | None = None, limit: int = 50_000) -> list[Row[Any]]:
    """The newest `limit` matching events as lean rows (id, latitude, longitude, event_type,
    fatalities, event_date), for drawing tens of thousands of points on a map quickly."""
    filters = filters or EventFilter()
    dated = _date_expression(db, filters)
    statement = _event_select(db, filters).with_only_columns(*MAP_POINT_COLUMNS, maintain_column_froms=True)
    statement = _order(statement, "-date", dated).limit(max(1, int(limit)))
    with db.read() as connection:
        rows: list[Row[Any]] = [*connection.execute(statement)]
    return rows


def count_events(db: Database, filters: EventFilter | None = None) -> int:
    statement = _event_select(db, filters or EventFilter())
    statement = statement.with_only_columns(func.count(), maintain_column_froms=True)
    with db.read() as connection:
        return int(connection.execute(statement).scalar_one())


def get_event(db: Database, event_id: int) -> EventDetail | None:
    """The event with its sources (oldest report first) and their evidence sentences."""
    with db.read() as connection:
        row = connection.execute(select(events).where(events.c.id == event_id)).first()
        if row is None:
            return None
        source_rows = connection.execute(
            select(mentions, event_sources.c.event_id, pages.c.page_key, pages.c.url, pages.c.outlet,
                   pages.c.title, pages.c.published)
            .join(event_sources, event_sources.c.mention_id == mentions.c.id)
            .join(pages, pages.c.id == mentions.c.page_id)
            .where(event_sources.c.event_id == event_id)
            .order_by(pages.c.published.is_(None), pages.c.published, mentions.c.id)
        ).all()
    sources = [SourceRecord(page_id=r.page_id, page_key=r.page_key, url=r.url, outlet=r.outlet,
                            title=r.title, published=r.published, mention=_mention_record(r))
               for r in source_rows]
    return EventDetail(event=_event_record(row), sources=sources)


def page_texts(db: Database, page_ids: Sequence[int]) -> dict[int, str]:
    """The stored text of each page (evidence offsets point into it), by page id."""
    if not page_ids:
        return {}
    with db.read() as connection:
        statement = select(pages.c.id, pages.c.text).where(pages.c.id.in_(list(page_ids)))
        rows = connection.execute(statement).all()
    return {int(row.id): row.text for row in rows}


def get_page(db: Database, page_id: int) -> PageDetail | None:
    """A stored page: its text, body, comments and the mentions read from it."""
    with db.read() as connection:
        row = connection.execute(select(pages).where(pages.c.id == page_id)).first()
        if row is None:
            return None
        comment_rows = connection.execute(
            select(comments).where(comments.c.page_id == page_id).order_by(comments.c.position)).all()
        mention_rows = connection.execute(
            select(mentions, event_sources.c.event_id)
            .outerjoin(event_sources, event_sources.c.mention_id == mentions.c.id)
            .where(mentions.c.page_id == page_id).order_by(mentions.c.position)).all()
    return PageDetail(
        id=row.id, page_key=row.page_key, url=row.url, outlet=row.outlet, title=row.title,
        byline=row.byline, published=row.published, language=row.language,
        source_format=row.source_format, text=row.text, body=row.body,
        paragraphs=[(int(a), int(b)) for a, b in row.paragraphs or []],
        boilerplate=[(int(a), int(b)) for a, b in row.boilerplate or []],
        comments=[CommentRecord(position=c.position, parent=c.parent, author=c.author, posted=c.posted,
                                text=c.text, start=c.start, end=c.end) for c in comment_rows],
        mentions=[_mention_record(m) for m in mention_rows],
        origin=row.origin,
    )


# ---------------------------------------------------------------- statistics

def stats_by_type(db: Database, filters: EventFilter | None = None) -> list[TypeCount]:
    """Events and fatalities per event type (most events first), with sub-type counts."""
    base = _event_select(db, filters or EventFilter()).subquery()
    statement = (select(base.c.event_type, base.c.sub_event_type, func.count(), func.sum(base.c.fatalities))
                 .group_by(base.c.event_type, base.c.sub_event_type))
    with db.read() as connection:
        rows = connection.execute(statement).all()
    totals: dict[str, list[int]] = {}
    sub_types: dict[str, dict[str, int]] = {}
    for event_type, sub_type, count, deaths in rows:
        total = totals.setdefault(event_type, [0, 0])
        total[0] += int(count)
        total[1] += int(deaths or 0)
        sub_types.setdefault(event_type, {})[sub_type] = int(count)
    return sorted((TypeCount(event_type=t, events=n, fatalities=d, sub_types=sub_types[t])
                   for t, (n, d) in totals.items()), key=lambda c: (-c.events, c.event_type))


def stats_by_week(db: Database, filters: EventFilter | None = None) -> list[WeekCount]:
    """Events and fatalities per week (Monday first), oldest first; undated events left out."""
    base = _event_select(db, filters or EventFilter()).where(events.c.event_date.is_not(None)).subquery()
    statement = (select(base.c.event_date, func.count(), func.sum(base.c.fatalities))
                 .group_by(base.c.event_date))
    with db.read() as connection:
        rows = connection.execute(statement).all()
    weeks: dict[date, list[int]] = {}
    for day, count, deaths in rows:
        monday = _as_date(day) - timedelta(days=_as_date(day).weekday())
        week = weeks.setdefault(monday, [0, 0])
        week[0] += int(count)
        week[1] += int(deaths or 0)
    return [WeekCount(week=w, events=n, fatalities=d) for w, (n, d) in sorted(weeks.items())]


def stats_by_country(db: Database, filters: EventFilter | None = None) -> list[CountryCount]:
    """Events and fatalities per country (most events first)."""
    base = _event_select(db, filters or EventFilter()).subquery()
    statement = (select(base.c.country, base.c.iso3, func.count(), func.sum(base.c.fatalities))
                 .group_by(base.c.country, base.c.iso3))
    with db.read() as connection:
        rows = connection.execute(statement).all()
    counts = [CountryCount(country=c, iso3=i, events=int(n), fatalities=int(d or 0)) for c, i, n, d in rows]
    return sorted(counts, key=lambda c: (-c.events, c.country or ""))


# ---------------------------------------------------------------- building the SELECT

def _event_select(db: Database, filters: EventFilter) -> Select[Any]:
    statement = select(events)
    if filters.bbox is not None and db.is_sqlite:
        statement = statement.select_from(_rtree.join(events, events.c.id == _rtree.c.id))
        statement = statement.where(_rtree_conditions(filters))
    return statement.where(*_conditions(filters, _date_expression(db, filters)))


def _date_expression(db: Database, filters: EventFilter) -> ColumnElement[Any]:
    """`events.event_date`, or on SQLite with a bounding box `+events.event_date`.

    The unary plus is SQLite's way to keep the planner off an index: with a box,
    the R*Tree (space and days together) must drive the query, never a walk of
    the date index in ORDER BY order.
    """
    if filters.bbox is not None and db.is_sqlite:
        return UnaryExpression(events.c.event_date, operator=custom_op("+"), type_=events.c.event_date.type)
    return events.c.event_date


def _conditions(filters: EventFilter, dated: ColumnElement[Any]) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.country:
        value = filters.country.strip()
        conditions.append(or_(func.upper(events.c.iso3) == value.upper(),
                              func.lower(events.c.country) == value.lower()))
    if filters.event_type:
        conditions.append(func.lower(events.c.event_type) == filters.event_type.lower())
    if filters.sub_event_type:
        conditions.append(func.lower(events.c.sub_event_type) == filters.sub_event_type.lower())
    if filters.actor:
        conditions.append(_contains([events.c.actor1, events.c.actor2, cast(events.c.assoc_actors, Text)],
                                    filters.actor))
    if filters.text:
        conditions.append(or_(
            _contains([events.c.location, events.c.admin1, events.c.country, events.c.actor1,
                       events.c.actor2, events.c.notes], filters.text),
            events.c.id.in_(select(event_sources.c.event_id)
                            .join(mentions, mentions.c.id == event_sources.c.mention_id)
                            .where(_contains([cast(mentions.c.evidence, Text)], filters.text)))))
    if filters.since:
        conditions.append(dated >= filters.since)
    if filters.until:
        conditions.append(dated <= filters.until)
    if filters.bbox is not None:
        conditions.append(_bbox_condition(filters.bbox))
    if filters.min_fatalities is not None:
        conditions.append(events.c.fatalities >= filters.min_fatalities)
    if filters.certainty:
        conditions.append(events.c.certainty == filters.certainty.lower())
    return conditions


def _contains(columns: Sequence[ColumnElement[Any]], needle: str) -> ColumnElement[bool]:
    pattern = "%" + needle.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return or_(*(func.lower(column).like(pattern, escape="\\") for column in columns))


def _bbox_condition(bbox: BBox) -> ColumnElement[bool]:
    west, south, east, north = checked_bbox(bbox)
    latitude = events.c.latitude.between(south, north)
    if west <= east:
        return and_(latitude, events.c.longitude.between(west, east))
    return and_(latitude, or_(events.c.longitude >= west, events.c.longitude <= east))


def _rtree_conditions(filters: EventFilter) -> ColumnElement[bool]:
    assert filters.bbox is not None
    west, south, east, north = checked_bbox(filters.bbox)
    conditions = [_rtree.c.min_lat <= north, _rtree.c.max_lat >= south]
    if west <= east:
        conditions += [_rtree.c.min_lon <= east, _rtree.c.max_lon >= west]
    else:
        conditions.append(or_(_rtree.c.max_lon >= west, _rtree.c.min_lon <= east))
    if filters.since:
        conditions.append(_rtree.c.max_day >= filters.since.toordinal() + JULIAN_OF_ORDINAL)
    if filters.until:
        conditions.append(_rtree.c.min_day <= filters.until.toordinal() + JULIAN_OF_ORDINAL)
    return and_(*conditions)


# ---------------------------------------------------------------- sorting and cursors

_SORT_COLUMNS: dict[str, Column[Any]] = {
    "date": events.c.event_date, "fatalities": events.c.fatalities,
    "reports": events.c.n_reports, "id": events.c.id,
}


def _sort_parts(sort: str) -> tuple[Column[Any], bool]:
    if sort not in SORTS:
        raise QueryError(f"unknown sort {sort!r} (one of {', '.join(SORTS)})")
    return _SORT_COLUMNS[sort.lstrip("-")], sort.startswith("-")


def _order(statement: Select[Any], sort: str, dated: ColumnElement[Any] = events.c.event_date) -> Select[Any]:
    """ORDER BY the sort column (`dated` for dates), then id, matching the indexes' order."""
    column, descending = _sort_parts(sort)
    tie = events.c.id.desc() if descending else events.c.id.asc()
    if column is events.c.id:
        return statement.order_by(tie)
    expression = dated if column is events.c.event_date else column
    key = expression.desc() if descending else expression.asc()
    if column.nullable:
        key = key.nulls_last()
    return statement.order_by(key, tie)


def _cursor(sort: str, last: EventRecord) -> str:
    column, _ = _sort_parts(sort)
    value = getattr(last, {"date": "event_date", "reports": "n_reports"}.get(column.name, column.name))
    payload = [sort, value.isoformat() if isinstance(value, date) else value, last.id]
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


def _decode_cursor(sort: str, cursor: str) -> tuple[Any, int]:
    """The (sort value, id) of the last row of the previous page."""
    column, _ = _sort_parts(sort)
    try:
        cursor_sort, value, last_id = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        last_id = int(last_id)
        if column is events.c.event_date and value is not None:
            value = date.fromisoformat(value)
        elif value is not None and column is not events.c.event_date:
            value = int(value)
    except (ValueError, TypeError) as error:
        raise QueryError(f"invalid cursor {cursor!r}") from error
    if cursor_sort != sort:
        raise QueryError(f"cursor was made for sort {cursor_sort!r}, not {sort!r}")
    return value, last_id


def _after(column: ColumnElement[Any], descending: bool, position: tuple[Any, int]) -> ColumnElement[bool]:
    """Rows strictly after (value, id) in the order (a row-value comparison, which indexes serve)."""
    value, last_id = position
    if column is events.c.id:
        return events.c.id < last_id if descending else events.c.id > last_id
    pair = tuple_(column, events.c.id)
    bound = tuple_(literal(value, column.type), literal(last_id, Integer()))
    return pair < bound if descending else pair > bound


# ---------------------------------------------------------------- rows to records

def _event_record(row: Row[Any]) -> EventRecord:
    values: dict[str, Any] = {}
    for column in fields(EventRecord):
        value = getattr(row, column.name)
        if str(column.type).startswith("list"):
            value = list(value or [])
        elif str(column.type).startswith("date "):
            value = _as_date_or_none(value)
        values[column.name] = value
    return EventRecord(**values)


def _mention_record(row: Row[Any]) -> MentionRecord:
    place = (SpanRecord(row.place_start, row.place_end, row.place_name)
             if row.place_name is not None and row.place_start is not None else None)
    deaths = (SpanRecord(row.fatalities_start, row.fatalities_end, row.fatalities_text or "")
              if row.fatalities_start is not None else None)
    return MentionRecord(
        id=row.id, page_id=row.page_id, event_id=row.event_id, event_type=row.event_type,
        sub_event_type=row.sub_event_type, event_date=_as_date_or_none(row.event_date),
        time_precision=row.time_precision, actor1=row.actor1, actor2=row.actor2,
        assoc_actors=list(row.assoc_actors or []), location=row.location, place_name=place,
        admin1=row.admin1, country=row.country, iso3=row.iso3, latitude=row.latitude,
        longitude=row.longitude, geo_precision=row.geo_precision, fatalities=row.fatalities,
        fatalities_span=deaths, source=row.source, certainty=row.certainty,
        trigger=SpanRecord(row.trigger_start, row.trigger_end, row.trigger_text),
        evidence=[SpanRecord(int(s["start"]), int(s["end"]), str(s["text"])) for s in row.evidence or []],
    )


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _as_date_or_none(value: Any) -> date | None:
    return None if value is None else _as_date(value)


# ---------------------------------------------------------------- changes (the live stream)

CHANGES_BATCH = 500  # rows a call of `changed_since` returns at most
CHANGE_FIELDS = ("id", "event_type", "sub_event_type", "event_date", "time_precision", "actor1", "actor2",
                 "location", "admin1", "country", "iso3", "latitude", "longitude", "geo_precision",
                 "fatalities", "fatalities_min", "fatalities_max", "certainty", "n_reports", "n_outlets",
                 "updated_at")


def changed_since(db: Database, since: datetime, limit: int = CHANGES_BATCH) -> list[dict[str, Any]]:
    """Events created or updated at or after `since`, oldest change first (lean rows for the stream)."""
    statement = (select(*(events.c[name] for name in CHANGE_FIELDS)).where(events.c.updated_at >= since)
                 .order_by(events.c.updated_at, events.c.id).limit(limit))
    with db.read() as connection:
        return [dict(zip(CHANGE_FIELDS, row, strict=True)) for row in connection.execute(statement)]


def latest_change(db: Database) -> tuple[datetime, int]:
    """The newest change now, (updated_at, highest event id): a stream sends what comes after it."""
    with db.read() as connection:
        row = connection.execute(select(events.c.updated_at, events.c.id)
                                 .order_by(events.c.updated_at.desc(), events.c.id.desc()).limit(1)).first()
        top = connection.execute(select(func.max(events.c.id))).scalar()
    if row is None:
        return datetime(1970, 1, 1), int(top or 0)
    return row.updated_at, int(top or row.id)


# ---------------------------------------------------------------- a stored page's identity

def page_id_of(db: Database, digest: str) -> int | None:
    """The id of the page with this content hash, None when it is not stored."""
    with db.read() as connection:
        value = connection.execute(select(pages.c.id).where(pages.c.content_hash == digest)).scalar()
    return int(value) if value is not None else None


def event_ids_of_page(db: Database, page_id: int | None) -> list[int]:
    """The events a page's mentions joined or made, in the page's order, each once."""
    if page_id is None:
        return []
    with db.read() as connection:
        rows = connection.execute(
            select(event_sources.c.event_id).join(mentions, mentions.c.id == event_sources.c.mention_id)
            .where(event_sources.c.page_id == page_id).order_by(mentions.c.position)).scalars().all()
    return list(dict.fromkeys(int(r) for r in rows))


# ---------------------------------------------------------------- the map and the timeline

MAP_EVENTS = 2000  # at most this many events in view are sent one by one
SMALL_CELL = 3  # a cell of at most this many events is sent as its events


@dataclass(frozen=True)
class MapWindow:
    """What a map shows of a box: events one by one where few, counts by grid cell elsewhere.

    `events` holds parallel lists (id, lat, lon, type as an index into `types`,
    fatalities, date); `cells` one dict per cell (centre of its events, corner,
    size, events, fatalities, counts by type). `total` and `fatalities` count
    every placed event in the box; `unplaced` those matching without coordinates.
    """

    zoom: int
    total: int
    fatalities: int
    unplaced: int
    cell_size: float | None
    types: list[str]
    events: dict[str, list[Any]]
    cells: list[dict[str, Any]]

    def to_json(self) -> dict[str, Any]:
        return dict(vars(self))  # plain values already: no deep copy (asdict's cost more than the query)


@dataclass(frozen=True)
class Summary:
    """Totals for a filter, by type, by country, and the timeline (per day or week, undated apart)."""

    total: int
    fatalities: int
    undated: int
    unplaced: int
    by_type: list[TypeCount]
    by_country: list[CountryCount]
    timeline: mapgrid.Bins


def _lean(db: Database, filters: EventFilter) -> mapgrid.Columns:
    """The matching events' lean columns: from the snapshot, or through SQL for actor and text."""
    if mapgrid.needs_sql(filters):
        return mapgrid.fetch_columns(db, _event_select(db, filters))
    return mapgrid.Columns.of(db).select(filters)


def _placed_and_unplaced(db: Database, filters: EventFilter) -> tuple[mapgrid.Columns, int]:
    """The matching events with coordinates, and how many match without."""
    if mapgrid.needs_sql(filters):
        matching = mapgrid.fetch_columns(db, _event_select(db, filters))
        placed = matching.placed()
        return matching.take(placed), int((~placed).sum())
    snapshot = mapgrid.Columns.of(db)
    mask = snapshot.matching(filters)
    placed = snapshot.placed()
    return snapshot.take(mask & placed), int((mask & ~placed).sum())


def map_window(db: Database, filters: EventFilter, zoom: int, max_events: int = MAP_EVENTS) -> MapWindow:
    """The map of `filters.bbox` (the whole world when None) at `zoom`: see MapWindow.

    The box is widened to whole cells of the zoom's grid, so that every cell
    drawn is counted whole and nearby views share their answers. A box alone,
    or with a type, is answered from cells counted once per zoom (kept until
    the events change); other filters count the matching events afresh.
    """
    size = mapgrid.cell_size(zoom)
    rows, cols, box = _snap(filters.bbox, size)
    filters = replace(filters, bbox=box)
    if _only_box_and_type(filters) and not mapgrid.needs_sql(filters):
        table = mapgrid.snapshot(db).cells(size, filters.event_type)
        inside = table.in_box(rows, cols)
        if int(table.grid.events[inside].sum()) > max_events:
            return _window_of_table(table, inside, zoom)
    return _window_of_events(db, filters, zoom, size, max_events)


def _snap(bbox: BBox | None, size: float) -> tuple[tuple[int, int], list[tuple[int, int]], BBox]:
    """The grid rows and column ranges a box touches, and the box widened to them."""
    west, south, east, north = checked_bbox(bbox) if bbox is not None else (-180.0, -90.0, 180.0, 90.0)
    last_row, last_col = int(np.ceil(180 / size)) - 1, int(np.ceil(360 / size)) - 1

    def row(lat: float) -> int:
        return min(last_row, max(0, int(np.floor((lat + 90) / size))))

    def col(lon: float) -> int:
        return min(last_col, max(0, int(np.floor((lon + 180) / size))))

    rows = (row(south), row(north))
    first, last = col(west), col(east)
    if west > east and first <= last:  # across the antimeridian, and round the whole world at this size
        first, last, west, east = 0, last_col, -180.0, 180.0
    cols = [(first, last)] if west <= east else [(first, last_col), (0, last)]
    edge = 1e-9  # a cell holds its west and south edges, not its east and north ones
    box = (max(-180.0, first * size - 180), max(-90.0, rows[0] * size - 90),
           min(180.0, (last + 1) * size - 180 - edge), min(90.0, (rows[1] + 1) * size - 90 - edge))
    return rows, cols, box


def _only_box_and_type(filters: EventFilter) -> bool:
    return all(getattr(filters, f.name) in (None, "") for f in fields(EventFilter)
               if f.name not in ("bbox", "event_type"))


def _window_of_table(table: mapgrid.CellTable, inside: NDArray[np.bool_], zoom: int) -> MapWindow:
    cells = table.grid
    small_cell = inside & (cells.events <= SMALL_CELL)
    small = small_cell[cells.members]
    big = np.flatnonzero(inside & (cells.events > SMALL_CELL))
    types = sorted({t for t, _ in table.source.types})
    return MapWindow(zoom, int(cells.events[inside].sum()), int(cells.deaths[inside].sum()), table.unplaced,
                     table.size, types, _event_lists(table.source.take(small), types),
                     [_cell(cells, int(i)) for i in big])


def _window_of_events(db: Database, filters: EventFilter, zoom: int, size: float,
                      max_events: int) -> MapWindow:
    shown, unplaced = _placed_and_unplaced(db, filters)
    types = sorted({t for t, _ in shown.types})
    if len(shown) <= max_events:
        return MapWindow(zoom, len(shown), int(shown.deaths.sum()), unplaced, None, types,
                         _event_lists(shown, types), [])
    cells = mapgrid.grid(shown, size)
    small = cells.events[cells.members] <= SMALL_CELL
    big = np.flatnonzero(cells.events > SMALL_CELL)
    return MapWindow(zoom, len(shown), int(shown.deaths.sum()), unplaced, size, types,
                     _event_lists(shown.take(small), types), [_cell(cells, int(i)) for i in big])


def _event_lists(columns: mapgrid.Columns, types: list[str]) -> dict[str, list[Any]]:
    # newest first, undated last (as list_events)
    order = np.lexsort((-columns.id, -columns.day.astype(np.int64), columns.day == mapgrid.UNDATED))
    index = {name: i for i, name in enumerate(types)}
    kinds = [index[t] for t, _ in columns.types]
    return {"id": columns.id[order].tolist(), "lat": np.round(columns.lat[order], 5).tolist(),
            "lon": np.round(columns.lon[order], 5).tolist(),
            "type": [kinds[k] for k in columns.kind[order].tolist()],
            "fatalities": columns.deaths[order].tolist(),
            "date": [None if d == mapgrid.UNDATED else mapgrid.day_of(d).isoformat()
                     for d in columns.day[order].tolist()]}


def _cell(cells: mapgrid.Grid, i: int) -> dict[str, Any]:
    return {"lat": round(float(cells.lat[i]), 5), "lon": round(float(cells.lon[i]), 5),
            "south": float(cells.south[i]), "west": float(cells.west[i]), "size": cells.size,
            "events": int(cells.events[i]), "fatalities": int(cells.deaths[i]), "by_type": cells.by_type[i]}


def summary(db: Database, filters: EventFilter | None = None, interval: str | None = None) -> Summary:
    """Totals, undated and unplaced counts, by type and country, and the timeline for `filters`."""
    matching = _lean(db, filters or EventFilter())
    types: dict[str, TypeCount] = {}
    for event_type, sub_type, count, deaths in mapgrid.by_kind(matching):
        found = types.setdefault(event_type, TypeCount(event_type, 0, 0, {}))
        found.sub_types[sub_type] = count
        types[event_type] = TypeCount(event_type, found.events + count, found.fatalities + deaths,
                                      found.sub_types)
    countries = [CountryCount(c, i, n, d) for c, i, n, d in mapgrid.by_country(matching)]
    return Summary(
        total=len(matching), fatalities=int(matching.deaths.sum()),
        undated=int((matching.day == mapgrid.UNDATED).sum()),
        unplaced=int((np.isnan(matching.lat) | np.isnan(matching.lon)).sum()),
        by_type=sorted(types.values(), key=lambda c: (-c.events, c.event_type)),
        by_country=sorted(countries, key=lambda c: (-c.events, c.country or "")),
        timeline=mapgrid.timeline(matching, interval))


# ---------------------------------------------------------------- the first page of a box, fast

WINDOW_COLUMNS = ("event_date", "latitude", "longitude")
WINDOW_FILTERS = {"bbox", "since", "until", "event_type", "certainty", "min_fatalities"}


def window_page_json(db: Database, filters: EventFilter, sort: str, limit: int,
                     cursor: str | None = None) -> dict[str, Any] | None:
    """`{"items": [...], "next_cursor": ...}` for the first page of a box-and-dates list, or None.

    Why: through the R*Tree, a box must fetch and sort every event in the box
    and month to return the newest hundred; the (event_date, latitude,
    longitude) index answers in index order, checking the box inside the index
    (about 20 times faster on 1,000,000 events; SQLite's planner prefers the
    narrower date index, so the index is named). Only SQLite, only the first
    page, only box, dates, type, certainty and minimum deaths; the cursor has
    `list_events`' format, so the next pages come from there. Each item is
    written as JSON by SQLite itself (an `orjson.Fragment`), field for field
    an EventRecord's `to_json()`.
    """
    index = _window_index()
    if index is None or not _window_applies(db, filters, sort, cursor):
        return None
    assert filters.bbox is not None and filters.since and filters.until
    where, params = _window_where(filters)
    params["limit"] = limit + 1
    direction = "DESC" if sort.startswith("-") else "ASC"
    statement = text_sql(f"SELECT {_record_json_sql()} AS item, event_date, id FROM events "
                         f"INDEXED BY {index.name} WHERE {' AND '.join(where)} "
                         f"ORDER BY event_date {direction}, id {direction} LIMIT :limit")
    with db.read() as connection:
        rows = connection.execute(statement, params).all()
    last = rows[limit - 1] if len(rows) > limit else None
    next_cursor = None
    if last is not None:
        payload = [sort, _as_date(last[1]).isoformat(), last[2]]
        next_cursor = base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")
    return {"items": [orjson.Fragment(row[0]) for row in rows[:limit]], "next_cursor": next_cursor}


def _window_index() -> Index | None:
    """The table's (event_date, latitude, longitude) index, if the schema has it."""
    for index in events.indexes:
        if tuple(column.name for column in index.columns) == WINDOW_COLUMNS:
            return index
    return None


def _window_applies(db: Database, filters: EventFilter, sort: str, cursor: str | None) -> bool:
    used = {f.name for f in fields(EventFilter) if getattr(filters, f.name) not in (None, "")}
    return (db.is_sqlite and cursor is None and sort in ("-date", "date") and used <= WINDOW_FILTERS
            and filters.bbox is not None and filters.bbox[0] <= filters.bbox[2]
            and filters.since is not None and filters.until is not None)


def _window_where(filters: EventFilter) -> tuple[list[str], dict[str, Any]]:
    assert filters.bbox is not None and filters.since and filters.until
    west, south, east, north = checked_bbox(filters.bbox)
    where = ["event_date >= :since", "event_date <= :until", "latitude BETWEEN :south AND :north",
             "longitude BETWEEN :west AND :east"]
    params: dict[str, Any] = {"since": filters.since.isoformat(), "until": filters.until.isoformat(),
                              "south": south, "north": north, "west": west, "east": east}
    if filters.event_type:
        where.append("lower(event_type) = :event_type")
        params["event_type"] = filters.event_type.lower()
    if filters.certainty:
        where.append("certainty = :certainty")
        params["certainty"] = filters.certainty.lower()
    if filters.min_fatalities is not None:
        where.append("fatalities >= :min_fatalities")
        params["min_fatalities"] = filters.min_fatalities
    return where, params


@cache
def _record_json_sql() -> str:
    """SQLite's json_object() of an EventRecord's fields (JSON columns as JSON, times RFC 3339).

    The statement is SQL text because SQLAlchemy's SQLite dialect renders no
    `INDEXED BY`; every value in it is a bound parameter.
    """
    parts: list[str] = []
    for item in fields(EventRecord):
        column_type = events.c[item.name].type
        if isinstance(column_type, JSON):
            value = f"json({item.name})"
        elif isinstance(column_type, DateTime):
            value = f"strftime('%Y-%m-%dT%H:%M:%fZ', {item.name})"
        else:
            value = item.name
        parts.append(f"'{item.name}', {value}")
    return f"json_object({', '.join(parts)})"
