"""sitrep watch's state tables on SQLite and PostgreSQL: sources, URLs once each, counts, backoff."""

from __future__ import annotations

from datetime import date

from sitrep.store.db import Database
from sitrep.watch import state
from sitrep.watch.feeds import Item
from sitrep.watch.sources import Source


def test_state_on_both_databases(any_db: Database) -> None:
    feed = Source(key="https://news.example.com/rss", kind="url", name="Example", interval_s=60)
    rows = state.register_sources(any_db, [feed])
    row = rows[feed.key]
    items = [Item("https://news.example.com/a?utm_source=rss", date(2026, 12, 1)),
             Item("https://m.news.example.com/a/"), Item("https://news.example.com/b")]
    added = state.record_listing(any_db, row, status=200, etag='"v1"', last_modified=None, kind="feed",
                                 items=items)
    assert added == 2  # /a twice, spelled two ways
    assert state.record_listing(any_db, row, status=304, etag=None, last_modified=None, kind=None,
                                items=items) == 0
    row = state.load_source(any_db, row.id) or row
    assert (row.kind, row.etag, row.polls, row.failures, row.last_status) == ("feed", '"v1"', 2, 0, 304)

    first, second = state.pending_urls(any_db, 10)
    assert first.url == "https://news.example.com/a" and first.published == date(2026, 12, 1)
    assert state.finish_url(any_db, first, status=200, content_hash="0" * 64, stored=1, events=3) == "done"
    assert state.finish_url(any_db, second, status=503, error="HTTP 503") == "pending"  # tried again later
    assert state.url_states(any_db) == {"done": 1, "pending": 1}
    assert state.pending_urls(any_db, 10, after_id=second.id) == []
    (second,) = state.pending_urls(any_db, 10)
    assert state.finish_url(any_db, second, status=404, error="HTTP 404") == "failed"  # final at once

    next_poll = state.record_failure(any_db, row, 0, "timed out after 15 s")
    row = state.load_source(any_db, row.id) or row
    assert (row.failures, row.errors, row.new_articles, row.events_found) == (1, 3, 1, 3)
    assert row.next_poll == next_poll and row.last_error == "timed out after 15 s" and not row.healthy
    state.register_sources(any_db, [Source(key=feed.key, kind="url", name="Renamed", interval_s=30)])
    (again,) = state.load_sources(any_db)
    assert (again.name, again.interval_s, again.etag, again.errors) == ("Renamed", 30.0, '"v1"', 3)
