"""Event endpoints: the list (filters, sort, cursor), one event with its sources, map points, stats.

Handlers are plain `def`s: FastAPI runs them in its thread pool, each with a
pooled database connection, so slow queries never block the event loop.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query

from sitrep.store import query
from sitrep.store.db import Database
from sitrep.store.query import EventFilter
from sitrep.web.claims import claim_chain
from sitrep.web.deps import database_of
from sitrep.web.exports import add_export_routes
from sitrep.web.models import ErrorOut, EventDetailOut, EventList, PointsOut, StatsOut
from sitrep.web.params import SortOrder, event_filter

MAX_LIST = 1000
MAX_POINTS = 50_000
MAX_ID = 2**63 - 1
BAD_QUERY: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "unusable filter or cursor"}}

Filters = Annotated[EventFilter, Depends(event_filter)]
DB = Annotated[Database, Depends(database_of)]


def add_routes(router: APIRouter) -> None:
    """Attach the event endpoints to `router` (mounted under /api)."""

    @router.get("/events", response_model=EventList, responses=BAD_QUERY, tags=["events"])
    def list_events(
        db: DB,
        filters: Filters,
        sort: Annotated[SortOrder, Query(description="sort key; a leading - sorts descending")] = "-date",
        limit: Annotated[int, Query(ge=1, le=MAX_LIST)] = 100,
        cursor: Annotated[str | None, Query(max_length=400, pattern=r"^[A-Za-z0-9_=-]*$",
                                            description="`next_cursor` of the previous page")] = None,
    ) -> dict[str, Any]:
        """Events matching every filter given, one page at a time."""
        page = query.list_events(db, filters, sort=sort, limit=limit, cursor=cursor or None)
        return {"items": [event.to_json() for event in page.events], "next_cursor": page.next_cursor,
                "limit": limit}

    @router.get("/events/{event_id}", response_model=EventDetailOut, tags=["events"],
                responses={404: {"model": ErrorOut, "description": "no such event"}})
    def get_event(db: DB, event_id: Annotated[int, Path(ge=1, le=MAX_ID)]) -> dict[str, Any]:
        """One event with every page that reports it, the evidence sentences and the claim chain."""
        detail = query.get_event(db, event_id)
        if detail is None:
            raise HTTPException(404, f"no event {event_id}")
        return {**detail.to_json(), "claim_chain": claim_chain(detail)}

    @router.get("/points", response_model=PointsOut, responses=BAD_QUERY, tags=["events"])
    def points(
        db: DB,
        filters: Filters,
        limit: Annotated[int, Query(ge=1, le=MAX_POINTS)] = 20_000,
    ) -> dict[str, Any]:
        """Matching events as parallel arrays (id, lat, lon, type, fatalities, date), newest first."""
        return _points(db, filters, limit)

    @router.get("/stats", response_model=StatsOut, responses=BAD_QUERY, tags=["events"])
    def stats(db: DB, filters: Filters) -> dict[str, Any]:
        """Counts of matching events by type, by week (Monday first) and by country."""
        by_type = query.stats_by_type(db, filters)
        return {
            "total": sum(row.events for row in by_type),
            "by_type": [vars(row) for row in by_type],
            "by_week": [vars(row) for row in query.stats_by_week(db, filters)],
            "by_country": [vars(row) for row in query.stats_by_country(db, filters)],
        }

    add_export_routes(router)


def _points(db: Database, filters: EventFilter, limit: int) -> dict[str, Any]:
    types: dict[str, int] = {}
    columns: dict[str, list[Any]] = {"id": [], "lat": [], "lon": [], "type": [], "fatalities": [], "date": []}
    for event in query.iter_events(db, filters, sort="-date", chunk=min(limit, query.MAX_LIMIT)):
        if len(columns["id"]) >= limit:
            break
        columns["id"].append(event.id)
        columns["lat"].append(event.latitude)
        columns["lon"].append(event.longitude)
        columns["type"].append(types.setdefault(event.event_type, len(types)))
        columns["fatalities"].append(event.fatalities)
        columns["date"].append(event.event_date.isoformat() if event.event_date else None)
    listed = len(columns["id"])
    count = listed if listed < limit else count_matching(db, filters)
    return {"count": count, "truncated": count > listed, "types": list(types), **columns}


def count_matching(db: Database, filters: EventFilter) -> int:
    """How many events match (summed over types: the store's `count_events` is not relied on)."""
    return sum(row.events for row in query.stats_by_type(db, filters))
