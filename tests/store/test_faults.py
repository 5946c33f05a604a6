"""Faults: SIGKILL mid-ingest, a locked database, a full disk, a PostgreSQL that restarts."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from store_helpers import PostgresServer, dump, summary

from sitrep.ingest import ingest
from sitrep.store import db as db_module
from sitrep.store.db import Database, StoreError, open_database
from sitrep_testkit.synthetic import SyntheticReader, corpus

WORKER = Path(__file__).with_name("ingest_worker.py")
OCCURRENCES = 25
BATCH = 4


def run_worker(url: str, delay: float = 0.0, die_at_insert: int | None = None) -> subprocess.Popen[str]:
    extra = [str(die_at_insert)] if die_at_insert else []
    return subprocess.Popen([sys.executable, str(WORKER), url, str(OCCURRENCES), str(delay),
                             str(BATCH), *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def stored_pages(path: Path) -> int:
    if not path.exists():
        return 0
    try:
        with sqlite3.connect(path, timeout=5) as connection:
            return int(connection.execute("SELECT count(*) FROM pages").fetchone()[0])
    except sqlite3.OperationalError:  # not created yet
        return 0


def test_sigkill_mid_ingest_then_rerun_equals_one_clean_run(tmp_path: Path) -> None:
    clean_path, killed_path = tmp_path / "clean.db", tmp_path / "killed.db"
    pages = corpus(OCCURRENCES)  # the worker's run, in this process
    ingest(open_database(str(clean_path)), [p.raw for p in pages], reader=SyntheticReader(pages),
           batch_size=BATCH)
    total = stored_pages(clean_path)
    for kill_at in (6, 25):  # two kills, at different points of the run
        worker = run_worker(str(killed_path), delay=0.01)
        deadline = time.monotonic() + 60
        while stored_pages(killed_path) < kill_at and worker.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
        assert stored_pages(killed_path) < total
    assert run_worker(str(killed_path)).wait(timeout=120) == 0
    assert dump(open_database(str(killed_path))) == dump(open_database(str(clean_path)))


def test_sigkill_inside_a_batch_transaction_leaves_whole_batches(tmp_path: Path) -> None:
    path = tmp_path / "killed.db"
    worker = run_worker(str(path), die_at_insert=2 * BATCH + 2)  # in the third batch's transaction
    assert worker.wait(timeout=120) == -signal.SIGKILL
    content = dump(open_database(str(path)))
    assert len(content["pages"]) == 2 * BATCH  # the first two batches, all of them, nothing of the third
    assert {row[1] for row in content["mentions"]} == {row[0] for row in content["pages"]}
    assert len(content["event_sources"]) == len(content["mentions"])
    assert run_worker(str(path)).wait(timeout=120) == 0
    pages = corpus(OCCURRENCES)
    clean = open_database(str(tmp_path / "clean.db"))
    ingest(clean, [p.raw for p in pages], reader=SyntheticReader(pages), batch_size=BATCH)
    assert dump(open_database(str(path))) == dump(clean)


def test_a_locked_database_gives_a_clear_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(db_module, "SQLITE_BUSY_TIMEOUT_S", 0.2)
    path = tmp_path / "locked.db"
    db = open_database(str(path))
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    pages = corpus(3)
    try:
        with pytest.raises(StoreError, match="locked by another process"):
            ingest(db, [p.raw for p in pages], reader=SyntheticReader(pages))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    stats = ingest(db, [p.raw for p in pages], reader=SyntheticReader(pages))
    assert stats.stored == len(pages)


def test_opening_a_locked_new_database_gives_a_clear_message(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(db_module, "SQLITE_BUSY_TIMEOUT_S", 0.2)
    path = tmp_path / "new.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError, match="locked"):
            open_database(str(path))
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_full_disk_keeps_whole_batches_and_a_rerun_completes(tmp_path: Path) -> None:
    """SQLite's max_page_count makes the file "full" the way a full disk does (SQLITE_FULL)."""
    path = tmp_path / "full.db"
    db = open_database(str(path))
    with db.read() as connection:
        used = int(connection.exec_driver_sql("PRAGMA page_count").scalar_one())
    db.engine.dispose()

    @event.listens_for(db.engine, "connect")
    def _cap(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count={used + 8}")

    pages = corpus(40)
    batch = 5
    with pytest.raises(StoreError, match="disk is full"):
        ingest(db, [p.raw for p in pages], reader=SyntheticReader(pages), batch_size=batch)
    db.close()
    capped = dump(open_database(str(path)))
    assert capped["pages"] and len(capped["pages"]) < len(pages)
    assert len(capped["pages"]) % batch == 0  # whole batches only
    stored_ids = {row[0] for row in capped["pages"]}
    assert {row[1] for row in capped["mentions"]} == stored_ids  # no page without its mentions
    reopened = open_database(str(path))
    ingest(reopened, [p.raw for p in pages], reader=SyntheticReader(pages), batch_size=batch)
    clean = open_database(str(tmp_path / "clean.db"))
    ingest(clean, [p.raw for p in pages], reader=SyntheticReader(pages), batch_size=batch)
    assert dump(reopened) == dump(clean)


@pytest.fixture
def restartable_db(postgres_server: PostgresServer) -> Iterator[Database]:
    if postgres_server.folder is None:
        pytest.skip("the PostgreSQL server was not started by the tests: it cannot be restarted")
    db = open_database(postgres_server.fresh_database())
    yield db
    db.close()


def test_postgres_restart_mid_ingest_retries_the_batch(restartable_db: Database,
                                                       postgres_server: PostgresServer) -> None:
    pages = corpus(10)
    restarted: list[str] = []

    @event.listens_for(restartable_db.engine, "before_cursor_execute")
    def _restart_once(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.startswith("INSERT INTO mentions") and not restarted:
            restarted.append(statement)
            postgres_server.restart()  # this statement then meets a dead connection

    messages: list[str] = []
    stats = ingest(restartable_db, [p.raw for p in pages], reader=SyntheticReader(pages), batch_size=4,
                   on_error=messages.append, retry_wait_s=0.2)
    assert restarted and stats.retries >= 1
    assert any("retrying the batch" in m for m in messages)
    assert stats.stored == len(pages) and stats.failed == 0

    clean = open_database(postgres_server.fresh_database())
    ingest(clean, [p.raw for p in pages], reader=SyntheticReader(pages), batch_size=4)
    assert summary(restartable_db) == summary(clean)
    clean.close()
