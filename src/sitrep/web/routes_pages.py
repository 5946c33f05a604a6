"""Page endpoints: read a stored page (body, comments apart, the spans read) and ingest a new one.

`POST /api/pages` goes through the same path as `sitrep ingest`: the store's
`ingest()`, which reads the page with `pipeline.read_page` (or the reader the
app was given) and merges its mentions into events.
"""

from __future__ import annotations

import hashlib
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Request, Response

from sitrep.ingest import Reader, content_hash, ingest
from sitrep.model import PageDetail, RawPage
from sitrep.store import query
from sitrep.store.db import Database
from sitrep.web.deps import database_of
from sitrep.web.models import ErrorOut, IngestOut, PageIn, PageOut

MAX_ID = 2**63 - 1
DB = Annotated[Database, Depends(database_of)]
AUTH_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "missing or wrong bearer token"},
    403: {"model": ErrorOut, "description": "the server was started without a token"},
    413: {"model": ErrorOut, "description": "the body is over the size limit (SITREP_MAX_REQUEST_BYTES)"},
    503: {"model": ErrorOut, "description": "the process reading the page died"},
    504: {"model": ErrorOut, "description": "reading the page took too long (SITREP_READ_TIMEOUT_S)"},
}


def add_read_routes(router: APIRouter) -> None:
    """GET /pages/{page_id}."""

    @router.get("/pages/{page_id}", response_model=PageOut, tags=["pages"],
                responses={404: {"model": ErrorOut, "description": "no such page"}})
    def get_page(db: DB, page_id: Annotated[int, Path(ge=1, le=MAX_ID)]) -> dict[str, Any]:
        """A stored page: its text, the body's paragraphs, reader comments apart, and the spans read."""
        detail = query.get_page(db, page_id)
        if detail is None:
            raise HTTPException(404, f"no page {page_id}")
        return {**detail.to_json(), "spans": _spans(detail)}


def add_write_routes(router: APIRouter) -> None:
    """POST /pages (the router carries the token check)."""

    @router.post("/pages", response_model=IngestOut, tags=["pages"], status_code=201,
                 responses={200: {"model": IngestOut, "description": "already stored, or unreadable"},
                            **AUTH_ERRORS})
    def post_page(db: DB, request: Request, response: Response, page: PageIn) -> dict[str, Any]:
        """Read a page (text or HTML), store it and merge its events; the same page twice is stored once.

        The page is read in a worker process, within a time limit (504 past it).
        """
        raw = _raw_page(page)
        reader: Reader = request.app.state.reader
        errors: list[str] = []
        stats = ingest(db, [raw], reader=reader, on_error=errors.append)
        page_id = query.page_id_of(db, content_hash(raw))
        status = "stored" if stats.stored else "duplicate" if page_id is not None else "failed"
        if status != "stored":
            response.status_code = 200
        return {"status": status, "page_id": page_id, "events": query.event_ids_of_page(db, page_id),
                "mentions": stats.mentions, "error": "; ".join(errors) or None}


def _raw_page(page: PageIn) -> RawPage:
    content = page.text if page.text is not None else page.html or ""
    digest = hashlib.sha256(content.encode("utf-8", "replace")).hexdigest()
    key = page.id or page.url or f"posted:{digest[:16]}"
    return RawPage(id=key, text=page.text, html=page.html, url=page.url, published=page.published,
                   origin=f"POST /api/pages {key}")


def _spans(detail: PageDetail) -> list[dict[str, Any]]:
    spans = [{"start": span.start, "end": span.end, "text": span.text, "event_id": mention.event_id,
              "mention_id": mention.id}
             for mention in detail.mentions for span in mention.evidence]
    return sorted(spans, key=lambda s: (s["start"], s["end"]))
