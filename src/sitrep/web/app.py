"""The FastAPI application: the REST API over the event store, and the page that uses it.

`create_app(db_url, token, token_read)` opens (and migrates) the database
once and returns the app. Reads are open unless `token_read`; writes
(`POST /api/pages`) need `Authorization: Bearer <token>` and are refused
outright when the app was started without a token. `app_from_env()` builds
the same app from SITREP_DB / SITREP_TOKEN / SITREP_TOKEN_READ, for uvicorn's
`--factory` (several workers, the benchmark).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import SQLAlchemyError

from sitrep.ingest import Reader
from sitrep.limits import limits
from sitrep.pipeline import read_page
from sitrep.store.db import StoreError, describe_error, open_database
from sitrep.store.mapgrid import warm
from sitrep.store.query import QueryError
from sitrep.web import routes_events, routes_live, routes_pages
from sitrep.web.docs import add_docs
from sitrep.web.guard import Guard
from sitrep.web.reading import ReadFailed, ReadPool, ReadTimeout

STATIC = Path(__file__).resolve().parent / "static"


def create_app(db_url: str | None = None, token: str | None = None, token_read: bool = False, *,
               reader: Reader = read_page, read_timeout_s: float | None = None,
               max_request_bytes: int | None = None) -> FastAPI:
    """The web app over the database at `db_url` (default: SITREP_DB or ./sitrep.db).

    `reader` reads posted pages (the pipeline; tests may pass their own), in a worker
    process, within `read_timeout_s`; a request body is at most `max_request_bytes`
    (both default to their SITREP_... limits).
    """
    settings = limits()
    database = open_database(db_url)
    app = FastAPI(
        title="Sitrep",
        version="0.1.0",
        description="Conflict events read from news pages: each with its sources, the sentences it "
                    "was read from, and where the sources disagree.",
    )
    app.state.database = database
    app.state.token = token or None
    pool = ReadPool(reader, timeout_s=settings.read_timeout_s if read_timeout_s is None else read_timeout_s)
    app.state.reader = pool
    guard = [Depends(require_token)]
    read = APIRouter(prefix="/api", dependencies=guard if token_read else [])
    routes_live.add_routes(read)  # first: /events/stream before /events/{event_id}
    routes_events.add_routes(read)
    routes_pages.add_read_routes(read)
    write = APIRouter(prefix="/api", dependencies=guard)
    routes_pages.add_write_routes(write)
    app.include_router(read)
    app.include_router(write)
    pages = APIRouter(dependencies=guard if token_read else [])
    routes_live.add_page(pages)  # GET /sources: the watched sources' health
    app.include_router(pages)
    _add_error_handlers(app)
    _add_front_end(app)
    add_docs(app)  # Swagger UI and ReDoc from the bundle, not from a CDN
    app.router.on_startup.append(lambda: warm(database))  # the map's columns, loaded in the background
    app.add_middleware(Guard, max_body=max_request_bytes or settings.max_request_bytes)
    app.router.on_shutdown.append(pool.close)
    app.router.on_shutdown.append(database.close)
    return app


def app_from_env() -> FastAPI:
    """`create_app` configured by SITREP_DB, SITREP_TOKEN and SITREP_TOKEN_READ (=1)."""
    return create_app(os.environ.get("SITREP_DB"), os.environ.get("SITREP_TOKEN") or None,
                      os.environ.get("SITREP_TOKEN_READ", "") in ("1", "true", "yes"))


BEARER = HTTPBearer(auto_error=False, description="the token given to `sitrep serve --token`")
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)]


def require_token(request: Request, credentials: Credentials) -> None:
    """Refuse the request unless it carries the app's bearer token (a FastAPI dependency)."""
    _check_token(request.app.state.token, credentials)


def _check_token(expected: str | None, credentials: HTTPAuthorizationCredentials | None) -> None:
    if expected is None:
        raise HTTPException(403, "this server was started without --token: writes are disabled")
    given = credentials.credentials if credentials else ""
    if not given or not secrets.compare_digest(given.encode(), expected.encode()):
        raise HTTPException(401, "a valid bearer token is required",
                            headers={"WWW-Authenticate": "Bearer"})


def _add_error_handlers(app: FastAPI) -> None:
    async def bad_query(_request: Request, error: Exception) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=400)

    async def store_down(_request: Request, error: Exception) -> JSONResponse:
        return JSONResponse({"detail": describe_error(error)}, status_code=503)

    async def invalid(_request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, RequestValidationError)
        return JSONResponse({"detail": [_without_input(item) for item in error.errors()]}, status_code=422)

    async def too_slow(_request: Request, error: Exception) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=504)

    async def reader_died(_request: Request, error: Exception) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=503)

    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(ReadTimeout, too_slow)
    app.add_exception_handler(ReadFailed, reader_died)
    app.add_exception_handler(QueryError, bad_query)
    app.add_exception_handler(OverflowError, bad_query)  # a number too large for the database
    app.add_exception_handler(StoreError, store_down)
    app.add_exception_handler(SQLAlchemyError, store_down)


def _without_input(error: Any) -> dict[str, Any]:
    """A validation error without the input it refused (which may be megabytes): place, message, kind."""
    shown = {key: error[key] for key in ("loc", "msg", "type") if key in error}
    shown["loc"] = [part if isinstance(part, int) else str(part)[:100] for part in shown.get("loc", [])]
    shown["msg"] = str(shown.get("msg", ""))[:300]
    return shown


def _add_front_end(app: FastAPI) -> None:
    if not (STATIC / "index.html").is_file():
        return
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html")  # the Guard adds the Content-Security-Policy
