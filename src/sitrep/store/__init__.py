"""Storage: the event database (SQLite or PostgreSQL via SQLAlchemy), ingest, queries, exports.

    db.py       open_database(url) -> Database (URL handling, pragmas, migrations)
    schema.py   the tables
    ingest.py   pages -> rows, one transaction a batch, merging as it goes
    query.py    the query API used by the CLI and the web app
    export.py   CSV (ACLED's columns), GeoJSON, Parquet
"""
