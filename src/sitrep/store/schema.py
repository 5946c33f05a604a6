"""The database's tables, as SQLAlchemy 2 Core metadata.

    pages          one row per distinct page (unique `content_hash` of its raw text or HTML)
    comments       the page's reader comments, in order (`parent` is a position in the same page)
    mentions       one occurrence as read from one page, with its evidence spans and trigger
    events         merged occurrences: many mentions from many pages, with where they disagree
    event_sources  event <-> mention (each mention belongs to exactly one event)
    watch_sources  what `sitrep watch` follows: feeds, sitemaps, URL lists, folders, with their
                   validators (ETag, Last-Modified), last poll, health and counts
    watch_urls     every article URL (normalised) `sitrep watch` saw, with its fetch status and time

On SQLite an R*Tree virtual table `events_rtree` (id, lon, lat, day ranges) indexes
events in space and time together, kept in step by triggers (see the migrations);
on PostgreSQL a btree on (event_date, latitude, longitude) plays its part.
Dates are ISO dates; `day` columns of the R*Tree are proleptic ordinals
(`date.toordinal()`). The Alembic migrations under `migrations/versions/` are
the source of truth for the physical schema; this module mirrors them for queries.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData(naming_convention={
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})

pages = Table(
    "pages", metadata,
    Column("id", Integer, primary_key=True),
    Column("content_hash", String(64), nullable=False, unique=True),  # sha256 of the raw text or html
    Column("page_key", Text, nullable=False),  # the page's id as read (file name, JSONL id, WARC URI)
    Column("url", Text),
    Column("outlet", String(255)),  # the site (domain without "www."), None when the page has no URL
    Column("title", Text),
    Column("byline", Text),
    Column("published", Date),
    Column("language", String(16)),
    Column("source_format", String(16), nullable=False, default="text"),
    Column("body", Text, nullable=False, default=""),
    Column("text", Text, nullable=False, default=""),  # the text as read; every offset points into it
    Column("paragraphs", JSON, nullable=False, default=list),  # [[start, end], ...] of body paragraphs
    Column("boilerplate", JSON, nullable=False, default=list),  # [[start, end], ...]
    Column("notes", JSON, nullable=False, default=list),
    Column("origin", Text, nullable=False, default=""),  # file (and line or record) it came from
    Column("ingested_at", DateTime, nullable=False),
    Index(None, "published"),
    Index(None, "outlet"),
)

comments = Table(
    "comments", metadata,
    Column("id", Integer, primary_key=True),
    Column("page_id", Integer, ForeignKey("pages.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),  # index in the page's comment list
    Column("parent", Integer),  # position of the comment answered, or None
    Column("author", Text),
    Column("posted", Text),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False, default=0),
    Column("end", Integer, nullable=False, default=0),
    UniqueConstraint("page_id", "position"),
)

mentions = Table(
    "mentions", metadata,
    Column("id", Integer, primary_key=True),
    Column("page_id", Integer, ForeignKey("pages.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),  # index in the page's list of mentions
    Column("event_type", String(64), nullable=False),
    Column("sub_event_type", String(64), nullable=False),
    Column("event_date", Date),
    Column("time_precision", Integer, nullable=False),
    Column("actor1", Text),
    Column("actor2", Text),
    Column("assoc_actors", JSON, nullable=False, default=list),
    Column("place_name", Text),  # the toponym as written
    Column("place_start", Integer),
    Column("place_end", Integer),
    Column("location", Text),  # the gazetteer's name when geocoded, else the toponym
    Column("latitude", Float),
    Column("longitude", Float),
    Column("geo_precision", Integer),
    Column("geonameid", Integer),
    Column("admin1", Text),
    Column("country", Text),
    Column("iso3", String(3)),
    Column("feature", String(16)),
    Column("country_hint", String(3)),
    Column("fatalities", Integer, nullable=False, default=0),
    Column("fatalities_start", Integer),
    Column("fatalities_end", Integer),
    Column("fatalities_text", Text),
    Column("source", Text),
    Column("certainty", String(16), nullable=False, default="reported"),
    Column("trigger_start", Integer, nullable=False),
    Column("trigger_end", Integer, nullable=False),
    Column("trigger_text", Text, nullable=False),
    Column("evidence", JSON, nullable=False, default=list),  # [{"start", "end", "text"}, ...]
    Column("notes", JSON, nullable=False, default=list),
    UniqueConstraint("page_id", "position"),
)

events = Table(
    "events", metadata,
    Column("id", Integer, primary_key=True),
    Column("event_type", String(64), nullable=False),
    Column("sub_event_type", String(64), nullable=False),
    Column("event_date", Date),  # the most precise date the sources give
    Column("time_precision", Integer, nullable=False),
    Column("date_start", Date),  # the span of days the sources allow (for merging)
    Column("date_end", Date),
    Column("actor1", Text),
    Column("actor2", Text),
    Column("assoc_actors", JSON, nullable=False, default=list),
    Column("location", Text),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("geo_precision", Integer),
    Column("geonameid", Integer),
    Column("admin1", Text),
    Column("country", Text),
    Column("iso3", String(3)),
    Column("fatalities", Integer, nullable=False, default=0),  # the lowest figure reported (EVENTS.md)
    Column("fatalities_min", Integer, nullable=False, default=0),
    Column("fatalities_max", Integer, nullable=False, default=0),
    Column("certainty", String(16), nullable=False, default="reported"),  # summary over the sources
    Column("sources", JSON, nullable=False, default=list),  # parties the event is attributed to
    Column("disagreements", JSON, nullable=False, default=list),  # e.g. "fatalities from 39 to 128"
    Column("notes", Text, nullable=False, default=""),  # a evidence sentence, then the disagreements
    Column("first_reported", Date),
    Column("last_reported", Date),
    Column("n_reports", Integer, nullable=False, default=0),  # mentions merged (one per page)
    Column("n_outlets", Integer, nullable=False, default=0),  # distinct sites among those pages
    Column("outlets", JSON, nullable=False, default=list),  # the sites (domains) that report it
    Column("updated_at", DateTime, nullable=False),
    Index(None, "event_date"),
    Index(None, "event_type", "date_start"),
    Index(None, "iso3", "event_date"),
    Index(None, "event_date", "latitude", "longitude"),
    Index(None, "fatalities", "id"),
    Index(None, "n_reports", "id"),
    Index(None, "updated_at", "id"),  # what changed since a time: the live updates (migration 0003)
    # and on PostgreSQL ix_events_date_desc_id (event_date DESC NULLS LAST, id DESC): migration 0002
)

event_sources = Table(
    "event_sources", metadata,
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("mention_id", Integer, ForeignKey("mentions.id", ondelete="CASCADE"), primary_key=True),
    Column("page_id", Integer, ForeignKey("pages.id", ondelete="CASCADE"), nullable=False),
    UniqueConstraint("mention_id"),
    Index(None, "page_id"),
)

RTREE_TABLE = "events_rtree"  # SQLite only: (id, min_lon, max_lon, min_lat, max_lat, min_day, max_day)


# ---------------------------------------------------------------- sitrep watch (migration 0003)

watch_sources = Table(
    "watch_sources", metadata,
    Column("id", Integer, primary_key=True),
    Column("key", Text, nullable=False, unique=True),  # the feed's URL, or the folder's or file's path
    Column("kind", String(16), nullable=False),  # feed, sitemap, urls, folder (or url: told by its content)
    Column("name", Text),  # the outlet's name
    Column("language", String(16)),
    Column("interval_s", Float, nullable=False, default=300.0),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("last_poll", DateTime),
    Column("last_success", DateTime),
    Column("last_status", Integer),  # HTTP status of the last poll (0: no answer)
    Column("last_error", Text),
    Column("failures", Integer, nullable=False, default=0),  # in a row; reset by a success
    Column("next_poll", DateTime),  # not before (the interval, or the backoff of a failing source)
    Column("polls", Integer, nullable=False, default=0),
    Column("new_articles", Integer, nullable=False, default=0),  # articles stored from it
    Column("errors", Integer, nullable=False, default=0),  # failed polls and articles
    Column("events_found", Integer, nullable=False, default=0),  # mentions stored from its articles
)

watch_urls = Table(
    "watch_urls", metadata,
    Column("id", Integer, primary_key=True),
    Column("url_key", Text, nullable=False, unique=True),  # normalised (courlan): one fetch per article
    Column("url", Text, nullable=False),  # as the source gave it
    Column("source_id", Integer, ForeignKey("watch_sources.id", ondelete="CASCADE"), nullable=False),
    Column("state", String(16), nullable=False),  # pending (to fetch), done, failed
    Column("status", Integer),  # HTTP status of the last fetch
    Column("error", Text),
    Column("attempts", Integer, nullable=False, default=0),
    Column("published", Date),  # as the feed or sitemap says
    Column("fingerprint", Text),  # a file's size and mtime (folders)
    Column("content_hash", String(64)),  # the stored page's (pages.content_hash)
    Column("seen_at", DateTime, nullable=False),
    Column("fetched_at", DateTime),
    Index(None, "state", "id"),
    Index(None, "source_id"),
)
