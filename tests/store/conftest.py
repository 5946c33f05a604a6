"""Database fixtures: a fresh SQLite file per test, and a PostgreSQL server for the session.

The PostgreSQL server comes from $SITREP_TEST_PG_URL when set, else from
scripts/start-postgres.sh (which installs Debian's postgresql if needed and
starts a throwaway cluster on 127.0.0.1). Where that is impossible the
PostgreSQL tests are skipped with the reason, unless SITREP_REQUIRE_POSTGRES=1
or CI=true (then they fail: CI must exercise the real server).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitrep.store.db import Database, open_database

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))  # the tests' helpers: store_helpers

from store_helpers import PostgresServer  # noqa: E402


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    if os.environ.get("SITREP_TEST_PG_URL"):
        yield PostgresServer(os.environ["SITREP_TEST_PG_URL"], None)
        return
    try:
        done = subprocess.run([str(REPO / "scripts/start-postgres.sh")], capture_output=True, text=True,
                              timeout=600, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        _unavailable(f"scripts/start-postgres.sh could not run: {error}")
    if done.returncode != 0:
        _unavailable("scripts/start-postgres.sh failed: " + done.stderr.strip()[-400:])
    url, folder = done.stdout.split()[:2]
    server = PostgresServer(url, folder)
    try:
        yield server
    finally:
        subprocess.run([str(REPO / "scripts/stop-postgres.sh"), folder], check=False, timeout=60)


def _unavailable(reason: str) -> None:
    if os.environ.get("SITREP_REQUIRE_POSTGRES") == "1" or os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Iterator[Database]:
    db = open_database(str(tmp_path / "sitrep.db"))
    yield db
    db.close()


@pytest.fixture
def postgres_db(postgres_server: PostgresServer) -> Iterator[Database]:
    db = open_database(postgres_server.fresh_database())
    yield db
    db.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db(request: pytest.FixtureRequest) -> Database:
    """Each test using this runs on SQLite and on PostgreSQL."""
    fixture = "sqlite_db" if request.param == "sqlite" else "postgres_db"
    db: Database = request.getfixturevalue(fixture)
    return db
