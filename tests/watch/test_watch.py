"""sitrep watch in-process against local sites: polling, conditional requests, dedup, hostile hosts."""

from __future__ import annotations

import asyncio
import io
import time
from dataclasses import replace
from pathlib import Path

import pytest
from newsroom import Site
from rich.console import Console
from sqlalchemy import func, select
from stories import STORIES, article_html, variant

from sitrep.store.db import Database
from sitrep.store.schema import events, pages, watch_urls
from sitrep.terminal.watch import print_status
from sitrep.watch import fetch as fetch_module
from sitrep.watch import loop as loop_module
from sitrep.watch import state
from sitrep.watch.feeds import parse_listing
from sitrep.watch.fetch import Fetcher, FetchSettings
from sitrep.watch.loop import Totals, Watcher, WatchOptions
from sitrep.watch.sources import Source, SourceError, gather_sources, load_sources_file

FAST = FetchSettings(timeout_s=1.0, retries=1, backoff_s=0.01, host_delay_s=0.0, host_backoff_s=0.0)
ONCE = WatchOptions(once=True, fetch=FAST, concurrency=4)


def run(db: Database, sources: list[Source], options: WatchOptions = ONCE) -> Totals:
    return asyncio.run(Watcher(db, sources, options).run())


def feed(url: str, interval: float = 60.0) -> Source:
    return Source(key=url, kind="url", interval_s=interval)


def count(db: Database, table: object) -> int:
    with db.read() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


# ---------------------------------------------------------------- sources, URLs, listings

def test_sources_file_and_arguments(tmp_path: Path) -> None:
    folder = tmp_path / "drop"
    folder.mkdir()
    listed = tmp_path / "urls.txt"
    listed.write_text("http://127.0.0.1:1/a\n")
    toml = tmp_path / "sources.toml"
    toml.write_text('[watch]\ncontact = "https://example.org/contact"\ninterval = 120\n\n'
                    '[[source]]\nurl = "https://news.example.com/rss"\nname = "Example News"\n'
                    'interval = 60\nlanguage = "en"\nkind = "feed"\n\n[[source]]\npath = "drop"\n')
    got = gather_sources(["https://news.example.com/rss", str(listed)], str(toml))
    assert got.contact == "https://example.org/contact"
    assert [(s.kind, s.name, s.interval_s) for s in got.sources] == [
        ("feed", "Example News", 60.0), ("folder", None, 120.0), ("urls", None, 120.0)]
    assert got.sources[1].key == str(folder.resolve())
    toml.write_text('[[source]]\nurl = "ftp://x"\n')
    with pytest.raises(SourceError, match="not an http"):
        load_sources_file(str(toml))
    toml.write_text('[[source]]\nurl = "https://x.org/"\ninterval = 0\n')
    with pytest.raises(SourceError, match="interval"):
        load_sources_file(str(toml))
    with pytest.raises(SourceError, match="neither"):
        gather_sources([str(tmp_path / "missing")], None)


def test_url_normalisation_dedups_spellings_of_one_article() -> None:
    spellings = ["https://www.example.com/world/attack-gao?utm_source=rss&utm_medium=feed",
                 "http://example.com/world/attack-gao/", "https://m.example.com/world/attack-gao#top",
                 "https://example.com/world/attack-gao/amp", "https://amp.example.com/world/attack-gao?amp=1"]
    assert len({state.url_key(url) for url in spellings}) == 1
    assert state.url_key("https://example.com/world/attack-jos") != state.url_key(spellings[0])
    assert state.url_key("https://example.com/a?id=1") != state.url_key("https://example.com/a?id=2")


def test_listings_of_every_kind(site: Site) -> None:
    for story in STORIES[:3]:
        site.add(story)
    expected = [site.url(s) for s in STORIES[:3]]
    rss = parse_listing(site.rss(), "url", site.base)
    assert rss.kind == "feed" and [i.url.split("?")[0] for i in rss.items] == expected
    assert rss.items[0].published == STORIES[0].published
    atom = parse_listing(site.atom(), "url", site.base)
    assert atom.kind == "feed" and [i.url for i in atom.items] == expected
    news = parse_listing(site.news_sitemap(), "url", site.base)
    assert news.kind == "sitemap" and [i.url for i in news.items] == expected
    assert news.items[1].published == STORIES[1].published and news.items[1].title == STORIES[1].title
    index = parse_listing(site.sitemap_index(), "url", site.base)
    assert index.sitemaps == [f"{site.base}news-sitemap.xml"] and not index.items
    empty = parse_listing(site.rss([]), "url", site.base)
    assert empty.kind == "feed" and empty.items == []
    lines = parse_listing(b"# ours\n" + "\n".join(expected).encode(), "url", site.base)
    assert lines.kind == "urls" and [i.url for i in lines.items] == expected


# ---------------------------------------------------------------- polling and conditional requests

def test_once_ingests_new_articles_and_an_unchanged_feed_costs_one_304(site: Site, db: Database) -> None:
    for story in STORIES[:3]:
        site.add(story)
    totals = run(db, [feed(site.base + "feed.xml")])
    assert (totals.stored, totals.failed, totals.poll_errors, totals.exit_code) == (3, 0, 0, 0)
    assert totals.events >= 2 and count(db, events) == totals.events
    assert all(r.headers["user-agent"].startswith("Sitrep/") for r in site.requests)
    with db.read() as connection:  # the feed's date is kept as the page's
        dates = set(connection.execute(select(pages.c.published)).scalars())
    assert dates == {s.published for s in STORIES[:3]}

    site.forget_requests()
    again = run(db, [feed(site.base + "feed.xml")])
    feed_requests = site.asked("/feed.xml")
    assert len(feed_requests) == 1 and feed_requests[0].status == 304
    assert feed_requests[0].headers.get("if-none-match")
    assert site.asked("/articles/") == []
    assert (again.unchanged, again.stored, count(db, pages)) == (1, 0, 3)

    site.add(STORIES[3])
    site.forget_requests()
    third = run(db, [feed(site.base + "feed.xml")])
    assert third.stored == 1
    assert [r.path for r in site.asked("/articles/")] == [f"/articles/{STORIES[3].slug}"]


def test_last_modified_alone_and_retry_after_are_honoured(site: Site, db: Database) -> None:
    site.add(STORIES[0])
    run(db, [feed(site.base + "dated.xml")])
    run(db, [feed(site.base + "dated.xml")])
    first, second = site.asked("/dated.xml")
    assert first.status == 200 and "if-modified-since" not in first.headers
    assert second.status == 304 and second.headers["if-modified-since"].endswith(" GMT")
    started = time.monotonic()
    totals = run(db, [feed(site.base + "busy/feed.xml")])
    assert [r.status for r in site.asked("/busy/")] == [429, 200] and totals.poll_errors == 0
    assert time.monotonic() - started >= 1.0  # waited as told, not the 10 ms backoff


def test_repeated_items_and_other_spellings_are_fetched_once(site: Site, db: Database) -> None:
    for story in STORIES:
        site.add(story)
    site.changing_etag = True  # every poll gets the whole feed again
    sources = [feed(site.base + "feed.xml"), feed(site.base + "repeat.xml"), feed(site.base + "atom.xml"),
               feed(site.base + "sitemap-index.xml"), feed(site.base + "urls.txt")]
    first = run(db, sources)
    second = run(db, sources)
    fetched = [r.path for r in site.asked("/articles/")]
    assert sorted(fetched) == sorted(f"/articles/{s.slug}" for s in STORIES)  # each once, over both runs
    assert (first.stored, second.stored, second.new_urls) == (4, 0, 0)
    assert count(db, pages) == 4 and count(db, watch_urls) == 4
    assert len(site.asked("/feed.xml")) == 2  # a changed ETag: fetched whole, nothing new in it


# ---------------------------------------------------------------- hostile hosts

def test_hostile_hosts_cost_their_timeout_and_the_others_go_on(site: Site, bad_site: Site,
                                                                 db: Database) -> None:
    site.add(STORIES[0])
    site.add(STORIES[1])
    bad_site.slow_s = 3.0
    hostile = ["error/feed.xml", "slow/feed.xml", "loop/feed.xml", "bomb.xml", "huge.xml"]
    options = replace(ONCE, listing_bytes=1_000_000)
    started = time.monotonic()
    sources = [*(feed(bad_site.base + path) for path in hostile), feed(site.base + "feed.xml")]
    totals = run(db, sources, options)
    elapsed = time.monotonic() - started
    assert (totals.stored, totals.poll_errors, totals.exit_code) == (2, 5, 1)
    assert elapsed < 10  # the slow host costs its 1 s timeout, not its 3 s
    errors = {row.key.removeprefix(bad_site.base): row.last_error for row in state.load_sources(db)
              if row.failures}
    assert set(errors) == set(hostile)
    assert errors["error/feed.xml"] == "HTTP 500" and len(bad_site.asked("/error/")) == 2  # one retry
    assert "timed out" in (errors["slow/feed.xml"] or "")
    assert "redirects" in (errors["loop/feed.xml"] or "")
    assert "body over" in (errors["bomb.xml"] or "") and "body over" in (errors["huge.xml"] or "")
    with db.read() as connection:
        backoff = {row.key: row.next_poll for row in state.load_sources(db) if row.failures}
        assert all(when is not None and when > state.now_utc() for when in backoff.values())
        assert connection.execute(select(func.count()).select_from(pages)).scalar_one() == 2


def test_a_host_that_does_not_answer_is_backed_off_one_that_errs_is_not(bad_site: Site) -> None:
    bad_site.slow_s = 2.0

    async def in_turn() -> list[str | None]:
        fetcher = Fetcher(replace(FAST, host_backoff_s=60.0, retries=0, timeout_s=0.5))
        try:
            return [(await fetcher.get(bad_site.base + path)).error
                    for path in ("error/a.xml", "error/b.xml", "slow/c.xml", "error/d.xml")]
        finally:
            await fetcher.aclose()

    errors = asyncio.run(in_turn())
    assert errors[:3] == ["HTTP 500", "HTTP 500", "timed out after 0.5 s"]
    assert (errors[3] or "").startswith("host backed off for 60 s more after: timed out")
    assert [r.path for r in bad_site.asked("/error/")] == ["/error/a.xml", "/error/b.xml"]


def test_a_source_that_breaks_the_parser_fails_alone(site: Site, bad_site: Site, db: Database,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    real = loop_module.parse_listing

    def fragile(body: bytes, kind: str, base_url: str) -> object:
        if base_url.startswith(bad_site.base):
            raise RecursionError("maximum recursion depth exceeded")  # as a pathological document might
        return real(body, kind, base_url)

    monkeypatch.setattr(loop_module, "parse_listing", fragile)
    site.add(STORIES[0])
    bad_site.add(STORIES[1])
    totals = run(db, [feed(bad_site.base + "feed.xml"), feed(site.base + "feed.xml")])
    assert (totals.stored, totals.poll_errors) == (1, 1)
    errors = {row.key: row.last_error for row in state.load_sources(db)}
    assert errors[bad_site.base + "feed.xml"] == "RecursionError: maximum recursion depth exceeded"


def test_an_unreadable_robots_txt_leaves_the_site_alone(bad_site: Site) -> None:
    async def fetch() -> list[str | None]:
        fetcher = Fetcher(replace(FAST, retries=0))
        try:
            return [(await fetcher.get(bad_site.base + path)).error for path in ("feed.xml", "atom.xml")]
        finally:
            await fetcher.aclose()

    bad_site.robots_status = 503
    assert asyncio.run(fetch()) == ["robots.txt unreadable (HTTP 503); site left alone"] * 2
    assert [r.path for r in bad_site.requests] == ["/robots.txt"]  # asked once, nothing else fetched


def test_robots_txt_is_respected(site: Site, db: Database, tmp_path: Path) -> None:
    site.add(STORIES[0])
    listed = tmp_path / "urls.txt"
    listed.write_text(f"{site.url(STORIES[0])}\n{site.base}private/secret-report\n")
    totals = run(db, [Source(key=str(listed), kind="urls")])
    assert totals.stored == 1 and site.asked("/private/") == []
    with db.read() as connection:
        errors = set(connection.execute(select(watch_urls.c.error)).scalars())
    assert "forbidden by robots.txt" in errors


def test_a_feed_cannot_send_the_watcher_into_the_local_network(site: Site, db: Database) -> None:
    inside = ["http://169.254.169.254/latest/meta-data/", "http://localhost:8080/admin", "http://10.0.0.7/x"]
    listed = "\n".join([site.url(STORIES[0]), *inside]).encode()
    listing = parse_listing(listed, "urls", site.base)
    assert [fetch_module.points_inside(item.url, site.base + "feed.xml") for item in listing.items] == [
        False, True, True, True]
    assert fetch_module.points_inside(site.base + "x", "https://news.example.com/rss")
    assert not fetch_module.points_inside("https://news.example.com/a", site.base + "feed.xml")
    async def redirected() -> list[str | None]:
        fetcher = Fetcher(FAST)
        try:
            return [(await fetcher.get(f"{site.base}goto?to={target}")).error
                    for target in ("http://169.254.169.254/latest/meta-data/", site.url(STORIES[0]))]
        finally:
            await fetcher.aclose()

    site.add(STORIES[0])
    assert asyncio.run(redirected()) == ["redirected into the local network (169.254.169.254)", None]
    site.extra_links = inside
    totals = run(db, [feed(site.base + "feed.xml")])
    assert totals.stored == 1 and count(db, watch_urls) == 1


# ---------------------------------------------------------------- stopping, folders, status

def test_stop_finishes_the_current_article_and_a_restart_does_the_rest(site: Site, db: Database) -> None:
    for number in range(6):
        site.add(variant(number))
    watcher = Watcher(db, [feed(site.base + "feed.xml")], ONCE)
    watcher.on_change = lambda: watcher.stop() if watcher.totals.stored >= 2 else None
    first = asyncio.run(watcher.run())
    assert first.stopped and first.stored == 2
    assert state.url_states(db) == {"done": 2, "pending": 4}
    rest = run(db, [feed(site.base + "feed.xml")])
    assert rest.stored == 4 and count(db, pages) == 6 and state.url_states(db) == {"done": 6}


def test_a_folder_is_read_then_watched_for_new_files(tmp_path: Path, db: Database) -> None:
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "one.html").write_bytes(article_html(STORIES[0]))
    source = Source(key=str(folder), kind="folder", interval_s=1.0)
    assert run(db, [source]).stored == 1
    assert run(db, [source]).stored == 0  # unchanged file: not read again

    async def watch_then_drop() -> Totals:
        watcher = Watcher(db, [source], replace(ONCE, once=False, tick_s=0.1))
        task = asyncio.create_task(watcher.run())
        await asyncio.sleep(0.5)
        (folder / ".two.html.part").write_bytes(article_html(STORIES[1]))  # a crawler writing...
        (folder / ".two.html.part").rename(folder / "two.html")  # ...then renaming
        deadline = time.monotonic() + 20
        while watcher.totals.stored < 1 and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        watcher.stop()
        return await task

    totals = asyncio.run(watch_then_drop())
    assert totals.stored == 1 and count(db, pages) == 2


def test_status_lists_each_source(site: Site, bad_site: Site, db: Database) -> None:
    site.add(STORIES[0])
    run(db, [feed(site.base + "feed.xml"), feed(bad_site.base + "error/feed.xml")])
    out = io.StringIO()
    assert print_status(str(db.engine.url.database), Console(file=out, width=200)) == 0
    text = out.getvalue()
    assert "feed.xml" in text and "HTTP 500" in text and "failing" in text
    rows = {row.key: row for row in state.load_sources(db)}
    good = rows[site.base + "feed.xml"]
    assert (good.kind, good.new_articles, good.errors, good.polls) == ("feed", 1, 0, 1)
    assert good.events_found >= 1 and good.etag
    assert rows[bad_site.base + "error/feed.xml"].errors == 1
