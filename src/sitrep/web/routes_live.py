"""Live endpoints: `GET /api/health` (the database and the watched sources, and as a
small page, `GET /sources`) and `GET /api/events/stream`, new and updated events
pushed as Server-Sent Events.

The database is the only channel between `sitrep watch` (or any ingest) and
the server: the stream polls `events.updated_at` (indexed with the id) every
second or so for what changed since the page connected, so watch and serve can
be separate processes, or separate machines sharing PostgreSQL. Each message
is an `event` named "new" (created after the stream opened) or "updated" (an
event merged with a new source), with the event's fields as JSON; its id is
the (updated_at, id) cursor, which a reconnecting EventSource sends back as
Last-Event-ID to resume where it was. A window of a few seconds is read again
at each poll (skipping what was sent) so that a commit stamped a little
before an earlier one (clocks of two machines) is not missed.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from html import escape
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Depends, Header, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel
from sse_starlette import EventSourceResponse
from starlette.concurrency import run_in_threadpool

from sitrep.store import query
from sitrep.store.db import Database
from sitrep.watch.state import SourceRow, load_sources
from sitrep.web.deps import database_of
from sitrep.web.models import derive

DB = Annotated[Database, Depends(database_of)]
POLL_S = 1.0  # how often an open stream looks for changes (app.state.live_poll_s overrides it)
OVERLAP = timedelta(seconds=5)
MAX_RESUME = timedelta(minutes=15)  # a page away longer than this starts from now, not from its backlog
PING_S = 15

SourceHealth = derive(  # one watched source, as `sitrep watch --status` shows it
    SourceRow, "SourceHealth", exclude=frozenset({"id", "language", "interval_s", "etag", "last_modified"}),
    healthy=(bool, ...))


class HealthOut(BaseModel):
    """The database answers; the sources' state (none when nothing was watched)."""

    status: str  # ok, or degraded when a source is failing
    events: int
    sources: list[SourceHealth]  # type: ignore[valid-type]


def add_routes(router: APIRouter) -> None:
    """Attach /health and /events/stream (before /events/{id}, which would take "stream" for an id)."""

    @router.get("/health", response_model=HealthOut, tags=["live"])
    def health(db: DB) -> dict[str, Any]:
        """Whether the database answers, and each watched source's health."""
        total = query.count_events(db)
        sources = [{**row.to_json(), "healthy": row.healthy} for row in load_sources(db)]
        degraded = any(not source["healthy"] for source in sources)
        return {"status": "degraded" if degraded else "ok", "events": total, "sources": sources}

    @router.get("/events/stream", tags=["live"], include_in_schema=False)
    async def stream(request: Request, db: DB,
                     last_event_id: Annotated[str | None, Header()] = None) -> EventSourceResponse:
        """New and updated events as Server-Sent Events, from now (or from Last-Event-ID)."""
        cursor = _parse_cursor(last_event_id)
        if cursor is None:
            cursor = await run_in_threadpool(query.latest_change, db)
        poll_s = float(getattr(request.app.state, "live_poll_s", POLL_S))
        return EventSourceResponse(_changes(request, db, cursor, poll_s), ping=PING_S)


def add_page(router: APIRouter) -> None:
    """Attach GET /sources: the watched sources' health as a small page (no script; refreshes itself)."""

    @router.get("/sources", include_in_schema=False, response_class=HTMLResponse)
    def sources_page(db: DB) -> HTMLResponse:
        return HTMLResponse(_sources_html(load_sources(db)))


_PAGE = ("<!doctype html><html lang='en'><head><meta charset='utf-8'>"
         "<meta http-equiv='refresh' content='30'><title>Sitrep · sources</title>"
         "<style>body{font:14px system-ui,sans-serif;margin:1rem}table{border-collapse:collapse}"
         "td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left}</style></head><body>"
         "<h1>Watched sources</h1><p><a href='./'>Back to the map</a> · <a href='api/health'>as JSON</a></p>"
         "<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></body></html>")
_COLUMNS = ("source", "kind", "last poll (UTC)", "new articles", "errors", "events found", "health")


def _sources_html(rows: list[SourceRow]) -> str:
    """The page: every value escaped (names and errors come from the sources)."""
    head = "".join(f"<th>{escape(name)}</th>" for name in _COLUMNS)
    body = "".join("<tr>" + "".join(f"<td>{escape(str(cell))}</td>" for cell in _cells(row)) + "</tr>"
                   for row in rows)
    if not rows:
        body = f"<tr><td colspan='{len(_COLUMNS)}'>No sources watched yet: run sitrep watch.</td></tr>"
    return _PAGE.replace("{head}", head).replace("{body}", body)


def _cells(row: SourceRow) -> tuple[object, ...]:
    when = f"{row.last_poll:%Y-%m-%d %H:%M:%S}" if row.last_poll else "never"
    health = "ok" if row.healthy else f"failing ({row.failures}x): {row.last_error or ''}"
    return (row.name or row.key, row.kind, when, row.new_articles, row.errors, row.events_found, health)


Cursor = tuple[datetime, int]


async def _changes(request: Request, db: Database, cursor: Cursor,
                   poll_s: float) -> AsyncIterator[dict[str, str]]:
    first_new_id = cursor[1]
    announced: set[int] = set()  # events sent as new: later changes to them are updates
    # what the page has already (loaded, or sent before it reconnected): in the window, not sent again
    seen = await run_in_threadpool(query.changed_since, db, cursor[0] - OVERLAP)
    sent: dict[int, datetime] = {row["id"]: row["updated_at"] for row in seen
                                 if (row["updated_at"], row["id"]) <= cursor}
    floor = cursor[0] - OVERLAP
    while not await request.is_disconnected():
        rows = await run_in_threadpool(query.changed_since, db, max(floor, cursor[0] - OVERLAP))
        for row in rows:
            if sent.get(row["id"]) == row["updated_at"]:
                continue
            sent[row["id"]] = row["updated_at"]
            cursor = max(cursor, (row["updated_at"], row["id"]))
            is_new = row["id"] > first_new_id and row["id"] not in announced
            announced.add(row["id"])
            yield _message(row, "new" if is_new else "updated", cursor)
        floor = rows[-1]["updated_at"] if len(rows) == query.CHANGES_BATCH else cursor[0] - OVERLAP
        sent = {key: when for key, when in sent.items() if when >= cursor[0] - OVERLAP}
        await asyncio.sleep(poll_s)


def _message(row: dict[str, Any], kind: str, cursor: Cursor) -> dict[str, str]:
    data = orjson.dumps(row, option=orjson.OPT_NAIVE_UTC | orjson.OPT_UTC_Z).decode()
    return {"event": kind, "id": f"{cursor[0].isoformat()}|{cursor[1]}", "data": data}


def _parse_cursor(value: str | None) -> Cursor | None:
    """A Last-Event-ID to resume from; None when unusable or too old (the page starts from now)."""
    if not value or "|" not in value:
        return None
    when, _, ident = value.partition("|")
    try:
        cursor = datetime.fromisoformat(when), int(ident)
    except ValueError:
        return None
    if cursor[0].tzinfo is not None or cursor[0] < datetime.now(UTC).replace(tzinfo=None) - MAX_RESUME:
        return None
    return cursor

