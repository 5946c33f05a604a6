"""`sitrep watch` as a process: exit codes of --once, SIGTERM, and kill -9 then a restart."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from newsroom import Site
from stories import variant

SITREP = [sys.executable, "-m", "sitrep"]
ARTICLES = 30
AHEAD = 4  # articles fetched ahead of the one being read


def watch(*args: str, db: Path) -> list[str]:
    return [*SITREP, "watch", *args, "--db", str(db), "--host-delay", "0", "--timeout", "2", "--retries", "0",
            "--concurrency", str(AHEAD)]


def count(db: Path, sql: str) -> int:
    with sqlite3.connect(db, timeout=10) as connection:
        return int(connection.execute(sql).fetchone()[0])


def wait_for_pages(db: Path, at_least: int, process: subprocess.Popen[bytes], limit_s: float = 90) -> int:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        assert process.poll() is None, "watch exited early"
        if db.exists():
            try:
                stored = count(db, "SELECT count(*) FROM pages")
            except sqlite3.OperationalError:  # not created yet
                stored = 0
            if stored >= at_least:
                return stored
        time.sleep(0.05)
    raise AssertionError(f"fewer than {at_least} pages after {limit_s} s")


def test_once_exit_codes(site: Site, tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    failing = subprocess.run(watch("--once", site.base + "error/feed.xml", db=db), capture_output=True,
                             text=True, timeout=120, check=False)
    assert failing.returncode == 1, failing.stderr
    assert "HTTP 500" in failing.stdout and "1 failed" in failing.stderr
    missing = subprocess.run(watch("--once", str(tmp_path / "nowhere"), db=db), capture_output=True,
                             text=True, timeout=120, check=False)
    assert missing.returncode == 2 and "neither an http(s) URL" in missing.stderr
    status = subprocess.run([*SITREP, "watch", "--status", "--db", str(db)], capture_output=True,
                            text=True, timeout=120, check=False)
    assert status.returncode == 0 and "error/feed.xml" in status.stdout and "failing" in status.stdout


def test_sigterm_then_kill_9_then_restart_neither_loses_nor_duplicates(site: Site, tmp_path: Path) -> None:
    for number in range(ARTICLES):
        site.add(variant(number))
    db = tmp_path / "w.db"
    log = (tmp_path / "watch.log").open("wb")
    feed = site.base + "feed.xml"

    gentle = subprocess.Popen(watch(feed, "--interval", "1", db=db), stdout=log, stderr=subprocess.STDOUT)
    wait_for_pages(db, 3, gentle)
    gentle.send_signal(signal.SIGTERM)
    assert gentle.wait(timeout=30) == 0  # the article being read is finished, then a clean exit
    after_term = count(db, "SELECT count(*) FROM pages")
    assert count(db, "SELECT count(*) FROM watch_urls WHERE state = 'done'") == after_term < ARTICLES

    brutal = subprocess.Popen(watch(feed, "--interval", "1", db=db), stdout=log, stderr=subprocess.STDOUT)
    wait_for_pages(db, after_term + 3, brutal)
    os.kill(brutal.pid, signal.SIGKILL)
    brutal.wait(timeout=30)
    assert count(db, "SELECT count(*) FROM pages") < ARTICLES

    done = subprocess.run(watch("--once", feed, db=db), capture_output=True, text=True, timeout=180,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert count(db, "SELECT count(*) FROM pages") == ARTICLES
    assert count(db, "SELECT count(DISTINCT url) FROM pages") == ARTICLES
    assert count(db, "SELECT count(*) FROM watch_urls WHERE state = 'done'") == ARTICLES
    fetched = [r.path for r in site.asked("/articles/")]
    assert len(set(fetched)) == ARTICLES
    assert len(fetched) <= ARTICLES + 2 * (AHEAD + 1)  # only what was in flight at each stop, fetched again
    log.close()
