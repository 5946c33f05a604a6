"""Ingest: pages and mentions stored once, merged into events, failures reported, batches whole."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, select
from store_helpers import dump

from sitrep.ingest import content_hash, ingest
from sitrep.model import PageError
from sitrep.store.db import Database, open_database
from sitrep.store.page_writer import outlet_of
from sitrep.store.query import EventFilter, count_events, list_events
from sitrep.store.schema import comments, events, mentions, pages
from sitrep_testkit.synthetic import SyntheticReader, corpus, page, place


def counts(db: Database) -> dict[str, int]:
    with db.read() as connection:
        return {t.name: int(connection.execute(select(func.count()).select_from(t)).scalar_one())
                for t in (pages, comments, mentions, events)}


def test_ingest_stores_everything_and_merges_reports(any_db: Database) -> None:
    pages_in = corpus(12)
    stats = ingest(any_db, [p.raw for p in pages_in], reader=SyntheticReader(pages_in), batch_size=7)
    assert stats.stored == len(pages_in) and stats.failed == 0
    assert counts(any_db) == {"pages": len(pages_in), "comments": len(pages_in),
                              "mentions": len(pages_in), "events": 12}
    assert stats.events_created == 12 and stats.events_updated == len(pages_in) - 12
    reports = sum(e.n_reports for e in list_events(any_db, limit=100).events)
    assert reports == len(pages_in)


def test_ingest_twice_stores_once_without_reading_again(any_db: Database) -> None:
    pages_in = corpus(6)
    ingest(any_db, [p.raw for p in pages_in], reader=SyntheticReader(pages_in))
    before = dump(any_db)
    again = SyntheticReader(pages_in)
    stats = ingest(any_db, [p.raw for p in pages_in], reader=again)
    assert again.calls == 0 and stats.skipped == len(pages_in) and stats.stored == 0
    assert dump(any_db) == before


def test_the_same_content_under_another_name_is_stored_once(sqlite_db: Database) -> None:
    original = page("a.txt", ["Gunmen attacked a convoy."])
    copy = replace(original.raw, id="copy-of-a.txt", origin="copy-of-a.txt")
    assert content_hash(copy) == content_hash(original.raw)
    stats = ingest(sqlite_db, [original.raw, copy], reader=SyntheticReader([original]))
    assert (stats.stored, stats.skipped) == (1, 1)


def test_failed_pages_are_named_and_the_batch_goes_on(sqlite_db: Database) -> None:
    pages_in = corpus(3)
    unknown = page("broken.html", ["Nothing here."]).raw  # the reader fails on it
    items = [pages_in[0].raw, PageError("bad.jsonl:3", "read", "malformed JSON"), unknown,
             *(p.raw for p in pages_in[1:])]
    messages: list[str] = []
    stats = ingest(sqlite_db, items, reader=SyntheticReader(pages_in), on_error=messages.append)
    assert stats.failed == 2 and stats.stored == len(pages_in)
    assert any("bad.jsonl:3" in m for m in messages) and any("broken.html" in m for m in messages)
    assert counts(sqlite_db)["pages"] == len(pages_in)


def test_a_page_the_database_refuses_is_rolled_back_alone(any_db: Database) -> None:
    good = corpus(2)
    bad = page("bad.txt", ["Shelling hit the port."], [{"event_type": "Battles"}])
    bad.result.mentions[0].trigger = None  # type: ignore[assignment]  # a broken mention: NOT NULL fails
    messages: list[str] = []
    stats = ingest(any_db, [good[0].raw, bad.raw, *(p.raw for p in good[1:])],
                   reader=SyntheticReader([*good, bad]), on_error=messages.append, batch_size=50)
    assert stats.stored == len(good) and stats.failed == 1
    assert len(messages) == 1 and messages[0].startswith("bad.txt: store:")
    assert counts(any_db)["pages"] == len(good)
    with any_db.read() as connection:
        keys = set(connection.execute(select(pages.c.page_key)).scalars())
    assert "bad.txt" not in keys


def test_merging_is_incremental(tmp_path: Path) -> None:
    pages_in = corpus(15)
    whole = open_database(str(tmp_path / "whole.db"))
    ingest(whole, [p.raw for p in pages_in], reader=SyntheticReader(pages_in), batch_size=4)
    parts = open_database(str(tmp_path / "parts.db"))
    half = len(pages_in) // 2
    ingest(parts, [p.raw for p in pages_in[:half]], reader=SyntheticReader(pages_in), batch_size=4)
    reader = SyntheticReader(pages_in)
    ingest(parts, [p.raw for p in pages_in], reader=reader, batch_size=4)
    assert reader.calls == len(pages_in) - half
    assert dump(parts) == dump(whole)


def test_events_keep_their_sources_outlets_and_spread_of_figures(sqlite_db: Database) -> None:
    town = place("Town5", 11.0, 22.0)
    said = {"event_type": "Violence against civilians", "sub_event_type": "Attack", "where": town,
            "actor1": "Hill Tribes Militia"}
    pages_in = [
        page("one", ["Militia fighters killed 39 villagers in Town5."], [{**said, "fatalities": 39}],
             url="https://www.first.example/one"),
        page("two", ["The attack in Town5 left 128 dead, officials said."],
             [{**said, "fatalities": 128, "certainty": "claimed", "source": "officials"}],
             url="https://second.example/two"),
        page("three", ["Hill Tribes Militia denied the Town5 killings."],
             [{**said, "certainty": "disputed", "source": "Hill Tribes Militia"}],
             url="https://first.example/three"),
    ]
    ingest(sqlite_db, [p.raw for p in pages_in], reader=SyntheticReader(pages_in))
    [event] = list_events(sqlite_db).events
    assert (event.n_reports, event.n_outlets) == (3, 2)
    assert event.outlets == ["first.example", "second.example"]
    assert (event.fatalities, event.fatalities_min, event.fatalities_max) == (39, 39, 128)
    assert event.certainty == "disputed"
    assert any("fatalities from 39 to 128" in d for d in event.disagreements)
    assert any(d.startswith("claimed by officials") for d in event.disagreements)
    assert count_events(sqlite_db, EventFilter(actor="tribes")) == 1


@pytest.mark.parametrize("url, outlet", [("https://www.Example.org/a", "example.org"),
                                         ("http://news.example.com:8080/x", "news.example.com"),
                                         (None, None), ("file.txt", None)])
def test_outlet_of_url(url: str | None, outlet: str | None) -> None:
    assert outlet_of(url) == outlet


def test_two_ingests_at_once_store_each_page_once_and_merge_right(any_db: Database) -> None:
    pages_in = corpus(12)
    halves = [pages_in[: len(pages_in) * 2 // 3], pages_in[len(pages_in) // 3:]]  # overlapping
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = [pool.submit(ingest, any_db, [p.raw for p in half], reader=SyntheticReader(pages_in),
                            batch_size=3) for half in halves]
        stats = [run.result() for run in runs]
    assert sum(s.stored for s in stats) == len(pages_in)
    assert counts(any_db) == {"pages": len(pages_in), "comments": len(pages_in),
                              "mentions": len(pages_in), "events": 12}
