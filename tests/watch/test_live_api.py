"""The server's side of watching: /api/health reports the sources, /api/events/stream pushes changes."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from newsroom import Site
from sqlalchemy import text
from stories import STORIES

from sitrep.store.db import Database, open_database
from sitrep.watch import state
from sitrep.watch.fetch import FetchSettings
from sitrep.watch.loop import Watcher, WatchOptions
from sitrep.watch.sources import Source
from sitrep.web.app import create_app
from sitrep_testkit.server import serving

ONCE = WatchOptions(once=True, fetch=FetchSettings(timeout_s=2.0, retries=0, host_delay_s=0.0,
                                                   host_backoff_s=0))


def watch_once(db: Database, *urls: str) -> None:
    asyncio.run(Watcher(db, [Source(key=url, kind="url") for url in urls], ONCE).run())


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """A server on a fresh database: (its base URL, the database URL)."""
    url = f"sqlite:///{tmp_path / 'live.db'}"
    app = create_app(url)
    app.state.live_poll_s = 0.1
    with serving(app) as base:
        yield base, url


def read_messages(lines: Iterator[str], wanted: int) -> list[tuple[str, dict[str, object]]]:
    """The next `wanted` SSE messages (event name, JSON data), pings left out."""
    messages: list[tuple[str, dict[str, object]]] = []
    name = ""
    for line in lines:
        if line.startswith("event:"):
            name = line.partition(":")[2].strip()
        elif line.startswith("data:") and name:
            messages.append((name, json.loads(line.partition(":")[2])))
            name = ""
            if len(messages) == wanted:
                break
    return messages


def test_health_reports_each_source(served: tuple[str, str], site: Site, bad_site: Site) -> None:
    base, url = served
    assert httpx.get(base + "api/health").json() == {"status": "ok", "events": 0, "sources": []}
    site.add(STORIES[0])
    db = open_database(url)
    try:
        watch_once(db, site.base + "feed.xml", bad_site.base + "error/feed.xml")
    finally:
        db.close()
    health = httpx.get(base + "api/health").json()
    assert health["status"] == "degraded" and health["events"] >= 1
    by_key = {source["key"]: source for source in health["sources"]}
    good, bad = by_key[site.base + "feed.xml"], by_key[bad_site.base + "error/feed.xml"]
    assert good["healthy"] and good["new_articles"] == 1 and good["events_found"] >= 1
    assert not bad["healthy"] and bad["last_error"] == "HTTP 500" and bad["failures"] == 1

    db = open_database(url)
    try:  # names come from the user's TOML, errors from the sources: the page shows them as text
        state.register_sources(db, [Source(key=site.base + "feed.xml", kind="url",
                                           name="<script>alert(1)</script> Wire")])
    finally:
        db.close()
    page = httpx.get(base + "sources")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Wire" in page.text and "<script>" not in page.text
    assert "failing (1x): HTTP 500" in page.text


@pytest.mark.timeout(90)  # a message that never comes fails the test instead of hanging it
def test_stream_pushes_new_then_updated_events(served: tuple[str, str], site: Site) -> None:
    base, url = served
    db = open_database(url)
    site.add(STORIES[0])
    watch_once(db, site.base + "feed.xml")  # on the page before it opens: never pushed
    try:
        with httpx.stream("GET", base + "api/events/stream", timeout=30) as response:
            assert response.headers["content-type"].startswith("text/event-stream")
            lines = response.iter_lines()
            site.add(STORIES[2])
            threading.Thread(target=watch_once, args=(db, site.base + "feed.xml")).start()
            (kind, event), = read_messages(lines, 1)
            assert kind == "new" and event["location"] == "Gao" and event["latitude"]
            with db.write() as connection:
                connection.execute(text("UPDATE events SET updated_at = :now, n_reports = 2 WHERE id = :id"),
                                   {"now": "2099-01-01 00:00:00.000000", "id": event["id"]})
            (kind, again), = read_messages(lines, 1)
            assert kind == "updated" and again["id"] == event["id"] and again["n_reports"] == 2
        away = datetime.now(UTC).replace(tzinfo=None)  # the time of the last message the page saw
        with db.write() as connection:  # ...then a change while the page was away (a dropped connection)
            connection.execute(text("UPDATE events SET updated_at = :now WHERE id = :id"),
                               {"now": datetime.now(UTC).replace(tzinfo=None), "id": event["id"]})
        resumed_from = f"{away.isoformat()}|0"
        with httpx.stream("GET", base + "api/events/stream", timeout=30,
                          headers={"Last-Event-ID": resumed_from}) as response:
            ids = {int(str(sent["id"])) for _, sent in read_messages(response.iter_lines(), 1)}
            assert ids == {event["id"]}  # what changed since the last message seen, sent on reconnecting
    finally:
        db.close()
