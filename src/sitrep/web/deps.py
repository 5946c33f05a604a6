"""FastAPI dependencies shared by the route modules."""

from __future__ import annotations

from fastapi import Request

from sitrep.store.db import Database


async def database_of(request: Request) -> Database:
    """The app's open database (async: FastAPI then calls it without a thread hop)."""
    database: Database = request.app.state.database
    return database
