"""Export endpoints: /api/events.csv (ACLED's columns), .geojson and .parquet, for the same filters.

The files are written by the store's own writers (`sitrep.store.export`) into
a temporary file, streamed back, then deleted, so an export of many events
never sits in memory.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from typing import IO, Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from sitrep.store import export, query
from sitrep.store.db import Database
from sitrep.store.query import EventFilter, EventRecord
from sitrep.web.deps import database_of
from sitrep.web.models import ErrorOut
from sitrep.web.params import SortOrder, event_filter

MAX_EXPORT = 1_000_000
BAD_QUERY: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "unusable filter"}}
Limit = Annotated[int, Query(ge=1, le=MAX_EXPORT, description="at most this many events")]
DB = Annotated[Database, Depends(database_of)]
Filters = Annotated[EventFilter, Depends(event_filter)]
Sort = Annotated[SortOrder, Query(description="sort key; a leading - sorts descending")]
TextWriter = Callable[[Iterable[EventRecord], IO[str]], int]


def add_export_routes(router: APIRouter) -> None:
    """Attach /events.csv, /events.geojson and /events.parquet."""

    @router.get("/events.csv", tags=["exports"], response_class=FileResponse,
                responses={200: {"content": {"text/csv": {}}, "description": "ACLED-style CSV"}, **BAD_QUERY})
    def events_csv(db: DB, filters: Filters, sort: Sort = "-date", limit: Limit = MAX_EXPORT) -> FileResponse:
        """Matching events as CSV with ACLED's column names first, then Sitrep's."""
        return _text_export(db, filters, sort, limit, export.write_csv, "text/csv", "events.csv")

    @router.get("/events.geojson", tags=["exports"], response_class=FileResponse,
                responses={200: {"content": {"application/geo+json": {}},
                                 "description": "a GeoJSON FeatureCollection"}, **BAD_QUERY})
    def events_geojson(db: DB, filters: Filters, sort: Sort = "-date",
                       limit: Limit = MAX_EXPORT) -> FileResponse:
        """Matching events as a GeoJSON FeatureCollection of points."""
        return _text_export(db, filters, sort, limit, export.write_geojson, "application/geo+json",
                            "events.geojson")

    @router.get("/events.parquet", tags=["exports"], response_class=FileResponse,
                responses={200: {"content": {"application/vnd.apache.parquet": {}},
                                 "description": "a typed Parquet file"}, **BAD_QUERY})
    def events_parquet(db: DB, filters: Filters, sort: Sort = "-date",
                       limit: Limit = MAX_EXPORT) -> FileResponse:
        """Matching events as Parquet (dates as dates, lists as lists)."""
        path = _temporary(".parquet")
        try:
            export.write_parquet(_events(db, filters, sort, limit), path)
        except BaseException:
            os.unlink(path)
            raise
        return _file(path, "application/vnd.apache.parquet", "events.parquet")


def _events(db: Database, filters: EventFilter, sort: SortOrder, limit: int) -> Iterable[EventRecord]:
    for count, event in enumerate(query.iter_events(db, filters, sort=sort), start=1):
        yield event
        if count >= limit:
            return


def _text_export(db: Database, filters: EventFilter, sort: SortOrder, limit: int, writer: TextWriter,
                 media_type: str, name: str) -> FileResponse:
    path = _temporary(os.path.splitext(name)[1])
    try:
        with open(path, "w", encoding="utf-8", newline="") as out:
            writer(_events(db, filters, sort, limit), out)
    except BaseException:
        os.unlink(path)
        raise
    return _file(path, media_type, name)


def _temporary(suffix: str) -> str:
    handle, path = tempfile.mkstemp(prefix="sitrep-export-", suffix=suffix)
    os.close(handle)
    return path


def _file(path: str, media_type: str, name: str) -> FileResponse:
    headers: dict[str, Any] = {"Content-Disposition": f'attachment; filename="{name}"'}
    return FileResponse(path, media_type=media_type, headers=headers,
                        background=BackgroundTask(os.unlink, path))
