"""FastAPI dependencies shared by the route modules."""

from __future__ import annotations

from fastapi import Request

from sitrep.store.db import Database


def database_of(request: Request) -> Database:
    """The app's open database."""
    database: Database = request.app.state.database
    return database
