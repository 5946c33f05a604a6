"""The web app: a REST API over the event store (FastAPI) and the map page it serves.

Every query is the store's (`sitrep.store.query`); pages posted are ingested by `sitrep.ingest`.

    app.py             create_app(db_url, token, token_read) -> FastAPI
    params.py          the filter parameters shared by the event endpoints
    routes_events.py   /api/events, /api/events/{id}, /api/points, /api/stats
    exports.py         /api/events.NAME for each exporter of sitrep.store.export (csv, geojson, parquet)
    routes_pages.py    /api/pages/{id}, POST /api/pages
    claims.py          the claim chain of an event in plain words
    models.py          the response and request bodies (the OpenAPI schema), derived from sitrep.model
    frontend/          the page's sources (npm); built into static/ by scripts/build-web.sh
"""
