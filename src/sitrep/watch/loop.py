"""The watch loop: poll the sources that are due, fetch the new articles, ingest them one by one.

`Watcher(db, sources, options).run()` polls every source once and returns
with `options.once`; otherwise it goes on (a tick a second: sources whose
next poll has come, folders' changed files) until `stop()` or SIGTERM/SIGINT,
which let the article being read finish. Articles are fetched concurrently
(per-host limits are the fetcher's) while the previous one is read, and each
is stored through `sitrep.ingest.ingest`, the path of `sitrep ingest`, with its
content-hash idempotence. What is known is in the database (`watch.state`):
a restart resumes; a kill -9 loses at most the articles in flight, which stay
pending and are fetched by the next start.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy.exc import SQLAlchemyError

from sitrep.ingest import IngestStats, Reader, content_hash, ingest
from sitrep.model import PageError, RawPage
from sitrep.read import read_bytes, read_inputs, walk
from sitrep.read.formats import Format
from sitrep.store.db import Database, StoreError
from sitrep.watch import state
from sitrep.watch.feeds import Item, ListingError, parse_listing
from sitrep.watch.fetch import Fetcher, FetchSettings, Response, points_inside
from sitrep.watch.sources import Source
from sitrep.watch.state import PendingUrl, SourceRow

T = TypeVar("T")
Log = Callable[[str], None]
LISTING_BYTES = 10_000_000  # a feed or sitemap larger than this is refused
MAX_CHILD_SITEMAPS = 50


@dataclass(frozen=True)
class WatchOptions:
    """How to run: once or on, how many articles in flight, how to fetch."""

    once: bool = False
    fetch: FetchSettings = field(default_factory=FetchSettings)
    concurrency: int = 8  # articles fetched at once
    tick_s: float = 1.0
    drain_s: float = 30.0  # without --once, articles read in a row before the sources' polls come again
    listing_bytes: int = LISTING_BYTES
    reader: Reader | None = None  # pipeline.read_page unless given (tests)


@dataclass
class Totals:
    """What a run did."""

    polls: int = 0
    unchanged: int = 0  # polls answered 304
    poll_errors: int = 0
    new_urls: int = 0
    fetched: int = 0
    stored: int = 0
    failed: int = 0
    events: int = 0
    stopped: bool = False  # by a signal or stop()

    @property
    def exit_code(self) -> int:
        return 1 if self.poll_errors or self.failed else 0


@dataclass
class Fetched:
    """An article's fetch: the page to read, or the reason there is none."""

    pending: PendingUrl
    response: Response
    raw: RawPage | None = None
    error: str | None = None


class Watcher:
    """One running watch over a database and its sources."""

    def __init__(self, db: Database, sources: Iterable[Source], options: WatchOptions | None = None,
                 log: Log = lambda message: None, on_change: Callable[[], None] = lambda: None) -> None:
        self.db = db
        self.sources = list(sources)
        self.options = options or WatchOptions()
        self.log = log
        self.on_change = on_change  # called when counts change (the live display redraws)
        self.totals = Totals()
        self.rows: dict[str, SourceRow] = {}
        self._stop = asyncio.Event()
        self._changed_files: dict[str, set[str]] = {}
        self.fetcher = Fetcher(self.options.fetch)

    def stop(self) -> None:
        """Finish the article being read, then return from `run`."""
        self._stop.set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    async def run(self) -> Totals:
        """Poll (once, or until stopped); returns the totals."""
        self.rows = await asyncio.to_thread(state.register_sources, self.db, self.sources)
        watchers: list[asyncio.Task[None]] = []
        if not self.options.once:  # watching before the first scan: nothing dropped meanwhile is missed
            watchers = [asyncio.create_task(self._watch_folder(row)) for row in self.rows.values()
                        if row.kind == "folder"]
        with _signals_stop(self):
            try:
                await self._cycle(force=True)
                if not self.options.once:
                    while not self.stopping:
                        await self._sleep(self.options.tick_s)
                        await self._cycle(force=False)
            finally:
                for task in watchers:
                    task.cancel()
                await asyncio.gather(*watchers, return_exceptions=True)
                await self.fetcher.aclose()
        self.totals.stopped = self.stopping
        return self.totals

    # ---------------------------------------------------------------- one round

    async def _cycle(self, force: bool) -> None:
        now = state.now_utc()
        due = [row for row in self.rows.values() if row.kind != "folder"
               and (force or row.next_poll is None or row.next_poll <= now)]
        if due:
            await self._unless_stopped(asyncio.gather(*(self._poll(row) for row in due)))
        for row in self.rows.values():
            if row.kind == "folder" and not self.stopping:
                await self._scan_folder(row, None if force else self._changed_files.pop(row.key, set()))
        if not self.stopping:
            await self._drain_pending()

    async def _unless_stopped(self, work: Awaitable[T]) -> None:
        task = asyncio.ensure_future(work)
        stopper = asyncio.create_task(self._stop.wait())
        await asyncio.wait({task, stopper}, return_when=asyncio.FIRST_COMPLETED)
        stopper.cancel()
        if not task.done():
            task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stop.wait(), seconds)

    # ---------------------------------------------------------------- polling a source

    async def _poll(self, row: SourceRow) -> None:
        self.totals.polls += 1
        try:
            if row.kind == "urls":
                await self._poll_file(row)
            else:
                await self._poll_url(row)
        except ListingError as error:
            await self._poll_failed(row, 200, str(error))
        except (StoreError, SQLAlchemyError):
            raise  # the database itself: the watch stops with a clear message
        except Exception as error:  # anything else a source does to us stays with that source
            await self._poll_failed(row, 0, f"{type(error).__name__}: {error}")
        self.on_change()

    async def _poll_file(self, row: SourceRow) -> None:
        try:
            body = await asyncio.to_thread(Path(row.key).read_bytes)
        except OSError as error:
            await self._poll_failed(row, 0, error.strerror or str(error))
            return
        listing = parse_listing(body, "urls", row.key)
        await self._listed(row, Response(row.key, status=200), listing.items, "urls")

    async def _poll_url(self, row: SourceRow) -> None:
        response = await self.fetcher.get(row.key, row.etag, row.last_modified, self.options.listing_bytes)
        if response.not_modified:
            self.totals.unchanged += 1
            await self._listed(row, response, [], None)
            return
        if not response.ok:
            await self._poll_failed(row, response.status, response.error or f"HTTP {response.status}")
            return
        listing = parse_listing(response.body, row.kind, response.url)
        items = list(listing.items)
        for child in listing.sitemaps[:MAX_CHILD_SITEMAPS]:
            items.extend(await self._child_sitemap(child))
        if listing.cut:
            self.log(f"{row.key}: {listing.cut} links past the first {len(listing.items)} left out")
        await self._listed(row, response, items, listing.kind)

    async def _child_sitemap(self, url: str) -> list[Item]:
        response = await self.fetcher.get(url, max_bytes=self.options.listing_bytes)
        if not response.ok:
            self.log(f"{url}: sitemap not fetched: {response.error}")
            return []
        try:
            return parse_listing(response.body, "sitemap", response.url).items
        except ListingError as error:
            self.log(f"{url}: {error}")
            return []

    async def _listed(self, row: SourceRow, response: Response, items: list[Item], kind: str | None) -> None:
        inside = {item for item in items if row.kind != "urls" and points_inside(item.url, row.key)}
        if inside:  # a URL file is the user's own list; a feed is someone else's
            self.log(f"{row.key}: {len(inside)} link(s) into the local network left out")
            items = [item for item in items if item not in inside]
        added = await asyncio.to_thread(state.record_listing, self.db, row, status=response.status,
                                        etag=response.etag, last_modified=response.last_modified, kind=kind,
                                        items=items)
        self.totals.new_urls += added
        what = "unchanged (304)" if response.not_modified else f"{len(items)} listed, {added} new"
        self.log(f"poll {row.name or row.key}: {what}")
        await self._reload(row)

    async def _poll_failed(self, row: SourceRow, status: int, error: str) -> None:
        self.totals.poll_errors += 1
        next_poll = await asyncio.to_thread(state.record_failure, self.db, row, status, error)
        self.log(f"poll {row.name or row.key}: error: {error} (next try at {next_poll:%H:%M:%S} UTC)")
        await self._reload(row)

    async def _reload(self, row: SourceRow) -> None:
        fresh = await asyncio.to_thread(state.load_source, self.db, row.id)
        if fresh is not None:
            self.rows[row.key] = fresh

    # ---------------------------------------------------------------- articles

    async def _drain_pending(self) -> None:
        """Fetch the pending articles, at most `concurrency` ahead, and ingest each as it comes, in order.

        What is fetched but not stored yet when the watch stops (or is killed) stays pending.
        """
        ahead = max(1, self.options.concurrency)
        waiting: deque[PendingUrl] = deque()
        in_flight: deque[asyncio.Task[Fetched]] = deque()
        after = 0
        until = None if self.options.once else time.monotonic() + self.options.drain_s
        try:
            while not self.stopping:
                while len(in_flight) < ahead and (until is None or time.monotonic() < until):
                    if not waiting:
                        rows = await asyncio.to_thread(state.pending_urls, self.db, ahead * 4, after)
                        if not rows:
                            break
                        after = rows[-1].id
                        waiting.extend(rows)
                    in_flight.append(asyncio.create_task(self._fetch_article(waiting.popleft())))
                if not in_flight:
                    return
                fetched = await in_flight.popleft()
                if self.stopping:
                    return
                await asyncio.to_thread(self._ingest, fetched)
        finally:
            for task in in_flight:
                task.cancel()
            await asyncio.gather(*in_flight, return_exceptions=True)

    async def _fetch_article(self, pending: PendingUrl) -> Fetched:
        response = await self.fetcher.get(pending.url)
        try:
            return self._page_of(pending, response)
        except Exception as error:  # a page that breaks reading is that page's failure only
            return Fetched(pending, response, error=f"read: {type(error).__name__}: {error}")

    def _page_of(self, pending: PendingUrl, response: Response) -> Fetched:
        if not response.ok:
            return Fetched(pending, response, error=response.error or f"HTTP {response.status}")
        fmt: Format = "text" if response.content_type.startswith("text/plain") else "html"
        pages = list(read_bytes(response.body, pending.url, pending.published, fmt))
        first = pages[0] if pages else PageError(pending.url, "read", "no page")
        if isinstance(first, PageError):
            return Fetched(pending, response, error=str(first))
        raw = replace(first, url=pending.url, fetched=datetime.now(UTC).date(),
                      origin=f"{pending.url} (sitrep watch)")
        return Fetched(pending, response, raw=raw)

    def _ingest(self, fetched: Fetched) -> None:
        """Read and store one article (in a worker thread), then mark its URL."""
        pending = fetched.pending
        if fetched.error and fetched.error.startswith("host backed off"):
            return  # not tried: it stays pending for a later round
        if fetched.raw is None:
            self._article_failed(pending, fetched.response.status, fetched.error or "not fetched")
            return
        errors: list[str] = []
        stats = ingest(self.db, [fetched.raw], reader=self.options.reader, on_error=errors.append)
        self.totals.fetched += 1
        if stats.failed:
            self._article_failed(pending, fetched.response.status, "; ".join(errors) or "could not be read")
            return
        state.finish_url(self.db, pending, status=fetched.response.status,
                         content_hash=content_hash(fetched.raw), stored=stats.stored, events=stats.events)
        self.totals.stored += stats.stored
        self.totals.events += stats.events
        done = "stored" if stats.stored else "already stored"
        self.log(f"article {pending.url}: {done}, {stats.events} event(s)")
        self.on_change()

    def _article_failed(self, pending: PendingUrl, status: int, error: str) -> None:
        self.totals.failed += 1
        now = state.finish_url(self.db, pending, status=status, error=error)
        self.log(f"article {pending.url}: error: {error} ({'given up' if now == 'failed' else 'will retry'})")
        self.on_change()

    # ---------------------------------------------------------------- folders

    async def _scan_folder(self, row: SourceRow, only: set[str] | None) -> None:
        """Ingest the folder's new or changed files (all of them, or those `only` names)."""
        paths = sorted(only) if only is not None else list(walk([row.key]))
        for path in paths:
            if self.stopping:
                return
            await asyncio.to_thread(self._ingest_file, row, path)

    def _ingest_file(self, row: SourceRow, path: str) -> None:
        try:
            info = Path(path).stat()
        except OSError:
            return  # gone meanwhile
        if Path(path).name.startswith(".") or not Path(path).is_file():
            return  # being written (a crawler's temporary name) or not a file
        fingerprint = f"{info.st_size}:{info.st_mtime_ns}"
        if state.file_is_known(self.db, path, fingerprint):
            return
        errors: list[str] = []
        stats: IngestStats = ingest(self.db, read_inputs([path]), reader=self.options.reader,
                                    on_error=errors.append)
        state.record_file(self.db, row.id, path, fingerprint, stored=stats.stored, events=stats.events,
                          failed=stats.failed)
        self.totals.stored += stats.stored
        self.totals.events += stats.events
        self.totals.failed += stats.failed
        for message in errors:
            self.log(f"file {message}")
        self.log(f"file {path}: {stats.stored} page(s) stored, {stats.skipped} already stored")
        self.on_change()

    async def _watch_folder(self, row: SourceRow) -> None:
        from watchfiles import Change, awatch

        async for changes in awatch(row.key, stop_event=self._stop, debounce=300, step=50,
                                    recursive=True):
            wanted = {path for change, path in changes if change in (Change.added, Change.modified)}
            self._changed_files.setdefault(row.key, set()).update(wanted)


@contextlib.contextmanager
def _signals_stop(watcher: Watcher) -> Any:
    """SIGTERM and SIGINT stop the watcher gently (only in the main thread's loop)."""
    loop = asyncio.get_running_loop()
    installed: list[signal.Signals] = []
    for signum in (signal.SIGTERM, signal.SIGINT):
        try:
            loop.add_signal_handler(signum, watcher.stop)
            installed.append(signum)
        except (RuntimeError, ValueError, NotImplementedError):
            pass  # not the main thread (tests): stop() is the way
    try:
        yield
    finally:
        for signum in installed:
            loop.remove_signal_handler(signum)
