"""Event endpoints: the list (filters, sort, cursor), one event with its sources, the map window, stats.

Handlers are plain `def`s: FastAPI runs them in its thread pool, each with a
pooled database connection, so slow queries never block the event loop.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query
from starlette.concurrency import run_in_threadpool

from sitrep.store import query
from sitrep.store.db import Database
from sitrep.store.mapgrid import Bins
from sitrep.store.query import EventFilter
from sitrep.web.claims import claim_chain
from sitrep.web.deps import database_of
from sitrep.web.exports import add_export_routes
from sitrep.web.models import ErrorOut, EventDetailOut, EventList, MapOut, PointsOut, StatsOut
from sitrep.web.params import SortOrder, event_filter
from sitrep.web.responses import FastJSON, record

MAX_LIST = 1000
MAX_POINTS = 50_000
MAX_MAP_EVENTS = 10_000
Interval = Literal["day", "week"]
MAX_ID = 2**63 - 1
BAD_QUERY: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "unusable filter or cursor"}}

Filters = Annotated[EventFilter, Depends(event_filter)]
DB = Annotated[Database, Depends(database_of)]


def add_routes(router: APIRouter) -> None:
    """Attach the event endpoints to `router` (mounted under /api)."""

    @router.get("/events", response_model=EventList, responses=BAD_QUERY, tags=["events"])
    async def list_events(
        db: DB,
        filters: Filters,
        sort: Annotated[SortOrder, Query(description="sort key; a leading - sorts descending")] = "-date",
        limit: Annotated[int, Query(ge=1, le=MAX_LIST)] = 100,
        cursor: Annotated[str | None, Query(max_length=400, pattern=r"^[A-Za-z0-9_=-]*$",
                                            description="`next_cursor` of the previous page")] = None,
    ) -> FastJSON:
        """Events matching every filter given, one page at a time."""
        # a box and dates, first page: a few milliseconds along one index, inline (no thread hop)
        fast = query.window_page_json(db, filters, sort, limit, cursor or None)
        if fast is not None:
            return FastJSON({**fast, "limit": limit})
        page = await run_in_threadpool(query.list_events, db, filters, sort=sort, limit=limit,
                                       cursor=cursor or None)
        return FastJSON({"items": [record(event) for event in page.events], "next_cursor": page.next_cursor,
                         "limit": limit})

    @router.get("/events/{event_id}", response_model=EventDetailOut, tags=["events"],
                responses={404: {"model": ErrorOut, "description": "no such event"}})
    def get_event(db: DB, event_id: Annotated[int, Path(ge=1, le=MAX_ID)]) -> FastJSON:
        """One event with every page that reports it, the evidence sentences and the claim chain."""
        detail = query.get_event(db, event_id)
        if detail is None:
            raise HTTPException(404, f"no event {event_id}")
        texts = query.page_texts(db, [source.page_id for source in detail.sources])
        return FastJSON({**record(detail.event), "claim_chain": claim_chain(detail, texts),
                         "reports": [source.to_json() for source in detail.sources]})

    @router.get("/points", response_model=PointsOut, responses=BAD_QUERY, tags=["events"])
    def points(
        db: DB,
        filters: Filters,
        limit: Annotated[int, Query(ge=1, le=MAX_POINTS)] = 20_000,
    ) -> FastJSON:
        """Matching events as parallel arrays (id, lat, lon, type, fatalities, date), newest first."""
        return FastJSON(_points(db, filters, limit))

    @router.get("/map", response_model=MapOut, responses=BAD_QUERY, tags=["events"])
    def map_window(
        db: DB,
        filters: Filters,
        zoom: Annotated[int, Query(ge=0, le=22, description="the map's zoom level")] = 2,
        max_events: Annotated[int, Query(ge=1, le=MAX_MAP_EVENTS,
                                         description="above this many events in view, cells")] = 2000,
    ) -> FastJSON:
        """What a map shows of `bbox` at `zoom`: every event where few, else counts by grid cell and type."""
        return FastJSON(query.map_window(db, filters, zoom, max_events).to_json())

    @router.get("/stats", response_model=StatsOut, responses=BAD_QUERY, tags=["events"])
    def stats(
        db: DB,
        filters: Filters,
        interval: Annotated[Interval | None, Query(
            description="timeline bins; default: days over up to 180 days, else weeks")] = None,
    ) -> FastJSON:
        """Totals of matching events, by type, week (Monday first) and country, and the timeline."""
        found = query.summary(db, filters, interval)
        weeks = found.timeline if found.timeline.interval == "week" else \
            query.summary(db, filters, "week").timeline
        return FastJSON({
            "total": found.total, "fatalities": found.fatalities, "undated": found.undated,
            "unplaced": found.unplaced,
            "by_type": [vars(row) for row in found.by_type],
            "by_week": [{"week": day, "events": n, "fatalities": d}
                        for day, n, d in zip(weeks.starts, weeks.events, weeks.deaths, strict=True) if n],
            "by_country": [vars(row) for row in found.by_country],
            "timeline": _timeline(found.timeline),
        })

    add_export_routes(router)


def _timeline(bins: Bins) -> dict[str, Any]:
    return {"interval": bins.interval, "start": bins.starts, "events": bins.events, "fatalities": bins.deaths,
            "undated": bins.undated, "undated_fatalities": bins.undated_deaths}


def _points(db: Database, filters: EventFilter, limit: int) -> dict[str, Any]:
    # id, latitude, longitude, event_type, fatalities, event_date
    rows: list[tuple[Any, ...]] = [tuple(row) for row in query.map_points(db, filters, limit)]
    types: dict[str, int] = {}
    listed = len(rows)
    count = listed if listed < limit else count_matching(db, filters)
    return {
        "count": count, "truncated": count > listed,
        "id": [r[0] for r in rows], "lat": [r[1] for r in rows], "lon": [r[2] for r in rows],
        "type": [types.setdefault(r[3], len(types)) for r in rows], "types": list(types),
        "fatalities": [r[4] for r in rows], "date": [_iso(r[5]) for r in rows],
    }


def _iso(value: Any) -> str | None:
    return None if value is None else value.isoformat() if hasattr(value, "isoformat") else str(value)


def count_matching(db: Database, filters: EventFilter) -> int:
    """How many events match."""
    return query.summary(db, filters).total
