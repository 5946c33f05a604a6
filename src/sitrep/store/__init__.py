"""Storage: the event database (SQLite or PostgreSQL, via SQLAlchemy): schema, writing, queries, exports.

    db.py            open_database(url) -> Database: URL handling, SQLite pragmas, clear errors
    migrate.py       Alembic upgrade on open (revisions in migrations/versions/)
    schema.py        the tables: pages, comments, mentions, events, event_sources
    page_writer.py   pages read -> rows, one transaction a batch, a SAVEPOINT a page
    event_writer.py  sitrep.merge applied to the events tables, one mention at a time
    filters.py       EventFilter (what to select) and the bounding box parser
    query.py         the query API used by the CLI, the exports and the web app
    mapgrid.py       the map's in-memory snapshot of events, grid cells and timeline
    export.py        the registry of export formats: CSV (ACLED's columns), GeoJSON, Parquet

Reading pages through the pipeline into the store is `sitrep.ingest`; what the
terminal shows is `sitrep.terminal`.
"""
