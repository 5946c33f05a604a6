"""Export endpoints: /api/events.csv (ACLED's columns), .geojson, .parquet..., for the same filters.

One route per exporter of the store's registry (`sitrep.store.export.EXPORTERS`,
the formats of `sitrep events` too). The files are written by those writers into
a temporary file, streamed back, then deleted, so an export of many events
never sits in memory.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from sitrep.model import EventRecord
from sitrep.store import query
from sitrep.store.db import Database
from sitrep.store.export import EXPORTERS, Exporter
from sitrep.store.filters import EventFilter
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


def add_export_routes(router: APIRouter) -> None:
    """Attach /events.NAME for every exporter of the store's registry (csv, geojson, parquet)."""
    for exporter in EXPORTERS.values():
        router.add_api_route(
            f"/events.{exporter.name}", _endpoint(exporter), methods=["GET"], tags=["exports"],
            name=f"events_{exporter.name}", response_class=FileResponse,
            summary=f"Events {exporter.name.upper()}",
            description=f"Matching events as {exporter.description}.",
            responses={200: {"content": {exporter.media_type: {}}, "description": exporter.description},
                       **BAD_QUERY})


def _endpoint(exporter: Exporter) -> Callable[..., FileResponse]:
    def export_events(db: DB, filters: Filters, sort: Sort = "-date",
                      limit: Limit = MAX_EXPORT) -> FileResponse:
        path = _temporary(f".{exporter.name}")
        try:
            exporter.write_file(_events(db, filters, sort, limit), path)
        except BaseException:
            os.unlink(path)
            raise
        return _file(path, exporter.media_type, f"events.{exporter.name}")

    return export_events


def _events(db: Database, filters: EventFilter, sort: SortOrder, limit: int) -> Iterable[EventRecord]:
    for count, event in enumerate(query.iter_events(db, filters, sort=sort), start=1):
        yield event
        if count >= limit:
            return


def _temporary(suffix: str) -> str:
    handle, path = tempfile.mkstemp(prefix="sitrep-export-", suffix=suffix)
    os.close(handle)
    return path


def _file(path: str, media_type: str, name: str) -> FileResponse:
    headers: dict[str, Any] = {"Content-Disposition": f'attachment; filename="{name}"'}
    return FileResponse(path, media_type=media_type, headers=headers,
                        background=BackgroundTask(os.unlink, path))
