"""Storage: the event database (SQLite or PostgreSQL via SQLAlchemy), ingest, queries, exports.

    db.py          open_database(url) -> Database: URL handling, SQLite pragmas, clear errors
    migrate.py     Alembic upgrade on open (revisions in migrations/versions/)
    schema.py      the tables: pages, comments, mentions, events, event_sources
    ingest.py      pages -> rows, one transaction a batch, idempotent and resumable
    merging.py     sitrep.merge applied to the events tables, one mention at a time
    query.py       the query API used by the CLI, the exports and the web app
    export.py      CSV (ACLED's columns), GeoJSON, Parquet, a Rich table
    commands.py    what `sitrep ingest` and `sitrep events` do
    progress.py    the ingest progress bar
    synthetic.py   made-up pages and events for tests and the benchmark
"""
