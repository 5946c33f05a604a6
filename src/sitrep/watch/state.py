"""`sitrep watch`'s memory, in the event database (tables watch_sources and watch_urls).

A source's validators (ETag, Last-Modified), its last poll and health are kept
with it, and every article URL it listed is kept under its normalised form
(`url_key`, courlan plus mobile and AMP variants), first as `pending`, then
`done` or `failed`. A listing's new URLs and the source's new validators are
written in one transaction, so a process killed at any moment either saw the
listing (its URLs wait as pending and the next start fetches them) or did not
(the next conditional request gets the listing again): nothing is lost, and
an article already stored is known by its URL (not fetched again) and by its
content hash (not stored again).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from courlan import normalize_url
from sqlalchemy import Connection, Table, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from sitrep.store.db import Database
from sitrep.store.schema import watch_sources, watch_urls
from sitrep.watch.feeds import Item
from sitrep.watch.sources import Source

MAX_ATTEMPTS = 3  # an article that failed this often is given up (state "failed")
MAX_SOURCE_BACKOFF_S = 6 * 3600.0
_MOBILE_HOSTS = ("m.", "mobile.", "amp.", "www.")
_AMP_TAILS = ("/amp", ".amp", "/amp.html")


def now_utc() -> datetime:
    """The store's time: naive UTC."""
    return datetime.now(UTC).replace(tzinfo=None)


def url_key(url: str) -> str:
    """One key for every spelling of an article's URL.

    courlan drops tracking parameters (utm_*, fbclid...), AMP switches and the
    fragment, sorts the query and lowercases the host; then the scheme is
    ignored, and mobile, AMP and www. host prefixes and AMP path endings go.
    """
    parts = urlsplit(clean_url(url))
    host = (parts.hostname or "").lower()
    for prefix in _MOBILE_HOSTS:
        if host.startswith(prefix) and host.count(".") > 1:
            host = host[len(prefix):]
    if parts.port:
        host = f"{host}:{parts.port}"
    path = parts.path.rstrip("/")
    for tail in _AMP_TAILS:
        if path.endswith(tail):
            path = path[: -len(tail)]
            break
    return urlunsplit(("", host, path or "/", parts.query, ""))[2:]


def clean_url(url: str) -> str:
    """The URL fetched: courlan's normal form (no tracking parameters, AMP switches or fragment)."""
    try:
        return str(normalize_url(url.strip(), strict=True))
    except (ValueError, TypeError):
        return url.strip()


@dataclass
class SourceRow:
    """A source as the database knows it."""

    id: int
    key: str
    kind: str
    name: str | None
    language: str | None
    interval_s: float
    etag: str | None
    last_modified: str | None
    last_poll: datetime | None
    last_success: datetime | None
    last_status: int | None
    last_error: str | None
    failures: int
    next_poll: datetime | None
    polls: int
    new_articles: int
    errors: int
    events_found: int

    def to_json(self) -> dict[str, Any]:
        return {column.name: getattr(self, column.name) for column in fields(self)}

    @property
    def healthy(self) -> bool:
        return self.failures == 0


@dataclass(frozen=True)
class PendingUrl:
    """An article to fetch."""

    id: int
    url: str
    source_id: int
    published: date | None
    attempts: int


def register_sources(db: Database, sources: Sequence[Source]) -> dict[str, SourceRow]:
    """Add the sources not known yet and update the others' settings; keeps validators and counts."""
    with db.write() as connection:
        known = {row.key: row.id for row in connection.execute(
            select(watch_sources.c.key, watch_sources.c.id))}
        for source in sources:
            settings = {"name": source.name, "language": source.language, "interval_s": source.interval_s}
            if source.key in known:
                connection.execute(update(watch_sources).where(watch_sources.c.id == known[source.key])
                                   .values(**settings))
            else:
                connection.execute(insert(watch_sources).values(
                    key=source.key, kind=source.kind, failures=0, polls=0, new_articles=0, errors=0,
                    events_found=0, **settings))
    rows = {row.key: row for row in load_sources(db)}
    return {source.key: rows[source.key] for source in sources}


def load_sources(db: Database) -> list[SourceRow]:
    """Every source known, in the order they were added."""
    with db.read() as connection:
        result = connection.execute(select(watch_sources).order_by(watch_sources.c.id))
        return [SourceRow(**row._asdict()) for row in result]


def load_source(db: Database, source_id: int) -> SourceRow | None:
    """One source as it is now."""
    with db.read() as connection:
        row = connection.execute(select(watch_sources).where(watch_sources.c.id == source_id)).first()
    return SourceRow(**row._asdict()) if row is not None else None


def record_listing(db: Database, source: SourceRow, *, status: int, etag: str | None,
                   last_modified: str | None, kind: str | None, items: Iterable[Item]) -> int:
    """A successful poll: its new URLs (as pending) and the source's validators, in one transaction.

    Returns how many URLs were new.
    """
    now = now_utc()
    with db.write() as connection:
        added = _add_urls(connection, source.id, items, now)
        values: dict[str, Any] = {
            "last_poll": now, "last_success": now, "last_status": status, "last_error": None, "failures": 0,
            "next_poll": now + timedelta(seconds=source.interval_s), "polls": watch_sources.c.polls + 1}
        if status == 200 or etag:
            values["etag"] = etag
        if status == 200 or last_modified:
            values["last_modified"] = last_modified
        if kind and source.kind == "url":
            values["kind"] = kind
        connection.execute(update(watch_sources).where(watch_sources.c.id == source.id).values(**values))
    return added


def record_failure(db: Database, source: SourceRow, status: int, error: str) -> datetime:
    """A failed poll: the error, and the next poll pushed back (doubling with each failure in a row)."""
    now = now_utc()
    failures = source.failures + 1
    pause = min(max(source.interval_s, 30.0 * 2 ** (failures - 1)), MAX_SOURCE_BACKOFF_S)
    next_poll = now + timedelta(seconds=pause)
    with db.write() as connection:
        connection.execute(update(watch_sources).where(watch_sources.c.id == source.id).values(
            last_poll=now, last_status=status, last_error=error[:500], failures=failures, next_poll=next_poll,
            polls=watch_sources.c.polls + 1, errors=watch_sources.c.errors + 1))
    return next_poll


def pending_urls(db: Database, limit: int, after_id: int = 0) -> list[PendingUrl]:
    """Articles waiting to be fetched, oldest first, past `after_id`."""
    statement = (select(watch_urls.c.id, watch_urls.c.url, watch_urls.c.source_id, watch_urls.c.published,
                        watch_urls.c.attempts)
                 .where(watch_urls.c.state == "pending", watch_urls.c.id > after_id)
                 .order_by(watch_urls.c.id).limit(limit))
    with db.read() as connection:
        return [PendingUrl(*row) for row in connection.execute(statement)]


def count_pending(db: Database) -> int:
    with db.read() as connection:
        return int(connection.execute(select(func.count()).select_from(watch_urls)
                                      .where(watch_urls.c.state == "pending")).scalar_one())


def finish_url(db: Database, pending: PendingUrl, *, status: int, error: str | None = None,
               content_hash: str | None = None, stored: int = 0, events: int = 0) -> str:
    """An article fetched (and ingested) or failed; adds to its source's counts. Returns its new state.

    A failed article is tried again at later rounds, MAX_ATTEMPTS in all, unless the failure is
    final: a 4xx answer (but 408 and 429) or robots.txt's refusal.
    """
    final = (400 <= status < 500 and status not in (408, 429)) or (error or "").startswith("forbidden by")
    state = "done" if error is None else (
        "failed" if final or pending.attempts + 1 >= MAX_ATTEMPTS else "pending")
    with db.write() as connection:
        connection.execute(update(watch_urls).where(watch_urls.c.id == pending.id).values(
            state=state, status=status, error=error[:500] if error else None, attempts=pending.attempts + 1,
            content_hash=content_hash, fetched_at=now_utc()))
        connection.execute(update(watch_sources).where(watch_sources.c.id == pending.source_id).values(
            new_articles=watch_sources.c.new_articles + stored,
            events_found=watch_sources.c.events_found + events,
            errors=watch_sources.c.errors + int(error is not None)))
    return state


def file_is_known(db: Database, path: str, fingerprint: str) -> bool:
    """Whether this file was read whole with this size and time already."""
    with db.read() as connection:
        row = connection.execute(select(watch_urls.c.fingerprint, watch_urls.c.state)
                                 .where(watch_urls.c.url_key == "file://" + path)).first()
    return row is not None and row.fingerprint == fingerprint and row.state == "done"


def record_file(db: Database, source_id: int, path: str, fingerprint: str, *, stored: int, events: int,
                failed: int) -> None:
    """A folder's file read (its pages ingested): remembered with its size and time."""
    now = now_utc()
    key = "file://" + path
    with db.write() as connection:
        exists = connection.execute(select(watch_urls.c.id).where(watch_urls.c.url_key == key)).first()
        values = {"state": "done", "fingerprint": fingerprint, "fetched_at": now, "status": 0,
                  "error": f"{failed} page(s) failed" if failed else None}
        if exists:
            connection.execute(update(watch_urls).where(watch_urls.c.id == exists.id).values(**values))
        else:
            connection.execute(insert(watch_urls).values(url_key=key, url=key, source_id=source_id,
                                                         attempts=1, seen_at=now, **values))
        connection.execute(update(watch_sources).where(watch_sources.c.id == source_id).values(
            new_articles=watch_sources.c.new_articles + stored,
            events_found=watch_sources.c.events_found + events, errors=watch_sources.c.errors + failed,
            last_poll=now, last_success=now, polls=watch_sources.c.polls + 1))


def url_states(db: Database) -> dict[str, int]:
    """How many URLs are in each state (for tests and --status)."""
    with db.read() as connection:
        rows = connection.execute(select(watch_urls.c.state, func.count()).group_by(watch_urls.c.state))
        return {state: int(count) for state, count in rows}


def _add_urls(connection: Connection, source_id: int, items: Iterable[Item], now: datetime) -> int:
    fresh: dict[str, Item] = {}
    for item in items:
        fresh.setdefault(url_key(item.url), item)
    if not fresh:
        return 0
    known: set[str] = set()
    keys = list(fresh)
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        known.update(connection.execute(select(watch_urls.c.url_key)
                                        .where(watch_urls.c.url_key.in_(chunk))).scalars())
    rows = [{"url_key": key, "url": clean_url(item.url), "source_id": source_id, "state": "pending",
             "attempts": 0, "published": item.published, "seen_at": now}
            for key, item in fresh.items() if key not in known]
    if rows:
        connection.execute(_insert_ignoring_known(connection, watch_urls), rows)
    return len(rows)


def _insert_ignoring_known(connection: Connection, table: Table) -> Any:
    """INSERT that skips a URL another watcher added meanwhile (ON CONFLICT DO NOTHING)."""
    if connection.dialect.name == "postgresql":
        return postgres_insert(table).on_conflict_do_nothing(index_elements=["url_key"])
    return sqlite_insert(table).on_conflict_do_nothing(index_elements=["url_key"])
