"""Fixtures for the watch tests: local news sites on 127.0.0.1 and a fresh database per test."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the helpers: site, stories

from newsroom import Site, serve_site

from sitrep.store.db import Database, open_database


@pytest.fixture()
def site() -> Iterator[Site]:
    with serve_site() as served:
        yield served


@pytest.fixture()
def bad_site() -> Iterator[Site]:
    """A second host (another port), for the misbehaving paths."""
    with serve_site() as served:
        yield served


@pytest.fixture()
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(str(tmp_path / "watch.db"))
    yield database
    database.close()
