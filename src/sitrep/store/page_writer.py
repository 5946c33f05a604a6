"""Writing pages read into the database: pages, comments and mentions, each mention merged into an event.

`store_results(db, [(raw, content_hash, result), ...], stats)` stores a batch of
pages already read (by `sitrep.ingest`, the Ray sink or the API) in one
transaction; every mention joins an event or starts one (`store.event_writer`).

- Idempotent: a page is known by the sha256 of its raw text or HTML
  (`content_hash`); `stored_hashes` and `still_new` tell what is stored already.
- A page the database refuses (its own SAVEPOINT) gets one message through
  `on_error` and the batch goes on. A database that fails (locked, disk full)
  rolls the batch back and raises StoreError with a clear message; a lost
  server connection (PostgreSQL restarting) retries the batch.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Connection, bindparam, insert, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError, SQLAlchemyError

from sitrep.model import Mention, Page, PageResult, RawPage, Span
from sitrep.store.db import Database, StoreError, describe_error, is_disconnect
from sitrep.store.event_writer import merge_report, report_from_row
from sitrep.store.schema import comments, mentions, pages

BATCH_SIZE = 50
RETRIES = 5
RETRY_WAIT_S = 1.0

# Statements built once (SQLAlchemy caches their compiled form); values come as parameters.
_INSERT_PAGE = insert(pages).returning(pages.c.id)
_INSERT_MENTION = insert(mentions).returning(mentions.c.id)
_INSERT_COMMENTS = insert(comments)
_MERGE_LOCK = text("SELECT pg_advisory_xact_lock(:key)")
MERGE_LOCK_KEY = 0x5173_7265_70  # "Sitrep": concurrent ingests must not merge into the same events at once
_STORED_HASHES = select(pages.c.content_hash).where(
    pages.c.content_hash.in_(bindparam("hashes", expanding=True)))


@dataclass
class IngestStats:
    """An ingest's counts so far; `read_s`: time spent reading pages, `store_s`: storing and merging."""

    pages: int = 0  # pages seen (read, skipped or failed)
    stored: int = 0
    skipped: int = 0  # already in the database (same content hash)
    failed: int = 0
    mentions: int = 0
    events_created: int = 0
    events_updated: int = 0
    retries: int = 0
    warnings: int = 0  # pages read and stored despite a defect in their input (a bad date)
    read_s: float = 0.0
    store_s: float = 0.0
    started: float = field(default_factory=time.perf_counter)

    @property
    def events(self) -> int:
        return self.events_created + self.events_updated


def content_hash(raw: RawPage) -> str:
    """The page's identity: sha256 of its raw text or HTML."""
    content = raw.text if raw.text is not None else raw.html or ""
    return hashlib.sha256(content.encode("utf-8", errors="replace")).hexdigest()


def outlet_of(url: str | None) -> str | None:
    """The site of a URL (host without "www."), None when there is no usable URL."""
    if not url or "://" not in url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or None


# ---------------------------------------------------------------- storing

def stored_hashes(db: Database, digests: list[str]) -> set[str]:
    """Which of these content hashes are stored already (one query)."""
    if not digests:
        return set()
    try:
        with db.read() as connection:
            return set(connection.execute(_STORED_HASHES, {"hashes": digests}).scalars())
    except SQLAlchemyError as error:
        raise StoreError(describe_error(error, db.url)) from None


def store_results(db: Database, results: list[tuple[RawPage, str, PageResult]], stats: IngestStats,
                  on_error: Callable[[str], None] = lambda message: None,
                  retry_wait_s: float = RETRY_WAIT_S) -> None:
    """Store pages already read, as (RawPage, content hash, PageResult), in one transaction.

    The one writer of `sitrep.ingest` and the Ray engine's sink: a SAVEPOINT a page,
    the whole batch retried on a lost server connection, one message a refused page.
    Pages whose hash is stored already are skipped (see `still_new`). Adds to `stats`.
    """
    _store_with_retries(db, results, stats, on_error, retry_wait_s)


def still_new(db: Database, results: list[tuple[RawPage, str, PageResult]],
              ) -> list[tuple[RawPage, str, PageResult]]:
    """The results whose page (content hash) is not stored yet."""
    return _still_new(db, results)


def _store_with_retries(db: Database, results: list[tuple[RawPage, str, PageResult]], stats: IngestStats,
                        on_error: Callable[[str], None], retry_wait_s: float) -> None:
    """Store the batch in one transaction; retry it whole when the server connection was lost."""
    for attempt in range(RETRIES + 1):
        started = time.perf_counter()
        batch_stats = IngestStats()
        try:
            with db.write() as connection:
                if db.is_postgres:  # one merging writer at a time (SQLite: BEGIN IMMEDIATE does it)
                    connection.execute(_MERGE_LOCK, {"key": MERGE_LOCK_KEY})
                for raw, digest, result in results:
                    _store_one(connection, raw, digest, result, batch_stats, on_error)
        except (OperationalError, DBAPIError) as error:
            stats.store_s += time.perf_counter() - started
            if is_disconnect(error) and attempt < RETRIES:
                stats.retries += 1
                on_error(f"{db.url}: lost the database connection; retrying the batch "
                         f"({attempt + 1}/{RETRIES})")
                time.sleep(retry_wait_s * (attempt + 1))
                results = _still_new(db, results)
                continue
            raise StoreError(describe_error(error, db.url) + " (the current batch was not stored)") from None
        stats.store_s += time.perf_counter() - started
        _add(stats, batch_stats)
        return


def _still_new(db: Database, results: list[tuple[RawPage, str, PageResult]],
               ) -> list[tuple[RawPage, str, PageResult]]:
    """After a lost connection, the pages of the batch that are not stored (the commit may have landed)."""
    try:
        stored = stored_hashes(db, [digest for _, digest, _ in results])
    except StoreError:
        return results  # still unreachable: the next attempt will tell
    return [item for item in results if item[1] not in stored]


def _add(total: IngestStats, batch: IngestStats) -> None:
    total.stored += batch.stored
    total.skipped += batch.skipped
    total.failed += batch.failed
    total.mentions += batch.mentions
    total.events_created += batch.events_created
    total.events_updated += batch.events_updated


def _store_one(connection: Connection, raw: RawPage, digest: str, result: PageResult,
               stats: IngestStats, on_error: Callable[[str], None]) -> None:
    """One page in its own SAVEPOINT: a page the database refuses is reported and left out."""
    page = result.page
    assert page is not None
    savepoint = connection.begin_nested()
    try:
        page_id = _insert_page(connection, raw, digest, page)
        _insert_comments(connection, page_id, page)
        created = updated = 0
        for position, mention in enumerate(result.mentions):
            row = mention_row(page_id, position, mention)
            mention_id = int(connection.execute(_INSERT_MENTION, row).scalar_one())
            report = report_from_row({**row, "id": mention_id, "outlet": outlet_of(_url(raw, page)),
                                      "published": page.published or raw.published})
            _, is_new = merge_report(connection, report)
            created += is_new
            updated += not is_new
        savepoint.commit()
    except IntegrityError as error:
        savepoint.rollback()
        if "content_hash" in str(error.orig):  # stored meanwhile by another process: nothing to do
            stats.skipped += 1
            return
        stats.failed += 1
        on_error(f"{result.origin or raw.id}: store: {describe_error(error)}")
        return
    except Exception as error:  # one bad page must never stop a batch...
        if isinstance(error, OperationalError) or is_disconnect(error):
            raise  # ...but a failing database stops it whole (the caller rolls it back)
        savepoint.rollback()
        stats.failed += 1
        on_error(f"{result.origin or raw.id}: store: {describe_error(error)}")
        return
    stats.stored += 1
    stats.mentions += len(result.mentions)
    stats.events_created += created
    stats.events_updated += updated


def _url(raw: RawPage, page: Page) -> str | None:
    url = page.url or raw.url
    if url is None and raw.id.startswith(("http://", "https://")):
        url = raw.id
    return url


def _insert_page(connection: Connection, raw: RawPage, digest: str, page: Page) -> int:
    url = _url(raw, page)
    values: dict[str, Any] = {
        "content_hash": digest, "page_key": _clean(raw.id), "url": _clean(url), "outlet": outlet_of(url),
        "title": _clean(page.title), "byline": _clean(page.byline),
        "published": page.published or raw.published, "language": page.language,
        "source_format": page.source_format, "body": _clean(page.body), "text": _clean(page.text),
        "paragraphs": [[p.start, p.end] for p in page.paragraphs],
        "boilerplate": [[b.start, b.end] for b in page.boilerplate],
        "notes": [_clean(n) for n in page.notes], "origin": _clean(raw.origin or raw.id),
        "ingested_at": datetime.now(UTC).replace(tzinfo=None),
    }
    return int(connection.execute(_INSERT_PAGE, values).scalar_one())


def _insert_comments(connection: Connection, page_id: int, page: Page) -> None:
    rows = [{"page_id": page_id, "position": index, "parent": c.parent, "author": _clean(c.author),
             "posted": _clean(c.posted), "text": _clean(c.text), "start": c.start, "end": c.end}
            for index, c in enumerate(page.comments)]
    if rows:
        connection.execute(_INSERT_COMMENTS, rows)


def mention_row(page_id: int, position: int, mention: Mention) -> dict[str, Any]:
    """The `mentions` row of one Mention (every field, with its spans)."""
    return {
        "page_id": page_id, "position": position,
        "event_type": mention.event_type, "sub_event_type": mention.sub_event_type,
        "event_date": mention.event_date, "time_precision": mention.time_precision,
        "actor1": _clean(mention.actor1), "actor2": _clean(mention.actor2),
        "assoc_actors": [_clean(a) for a in mention.assoc_actors],
        **_place_columns(mention),
        "fatalities": mention.fatalities,
        **_span_columns("fatalities", mention.fatalities_span),
        "source": _clean(mention.source), "certainty": mention.certainty,
        "trigger_start": mention.trigger.start, "trigger_end": mention.trigger.end,
        "trigger_text": _clean(mention.trigger.text),
        "evidence": [{"start": s.start, "end": s.end, "text": _clean(s.text)} for s in mention.evidence],
        "notes": [_clean(n) for n in mention.notes],
    }


def _span_columns(prefix: str, span: Span | None) -> dict[str, Any]:
    """`<prefix>_start`, `<prefix>_end` and `<prefix>_text` of an optional span (None when absent)."""
    return {f"{prefix}_start": span.start if span else None, f"{prefix}_end": span.end if span else None,
            f"{prefix}_text": _clean(span.text) if span else None}


def _place_columns(mention: Mention) -> dict[str, Any]:
    """Where the mention happened: the toponym as written, and the gazetteer's place when resolved."""
    name = mention.place_name
    written = {"place_name": _clean(name.text) if name else None,
               "place_start": name.start if name else None, "place_end": name.end if name else None,
               "country_hint": mention.country_hint}
    place = mention.place
    if place is None:
        return {**written, "location": written["place_name"], "latitude": None, "longitude": None,
                "geo_precision": None, "geonameid": None, "admin1": None, "country": None,
                "iso3": mention.country_hint, "feature": None}
    return {**written, "location": _clean(place.name), "latitude": place.latitude,
            "longitude": place.longitude, "geo_precision": place.precision, "geonameid": place.geonameid,
            "admin1": _clean(place.admin1), "country": _clean(place.country), "iso3": place.iso3,
            "feature": place.feature}


def _clean(text: str | None) -> str | None:
    """NUL, which PostgreSQL refuses in text, as U+FFFD (same length: offsets stay right)."""
    return text.replace("\x00", "\ufffd") if text else text
