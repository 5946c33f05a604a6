"""The API docs, offline: Swagger UI at /docs and ReDoc at /redoc from the bundled npm packages.

FastAPI's own pages load Swagger UI, ReDoc and web fonts from public CDNs, so
they are blank without the internet. `add_docs(app)` replaces them with pages
whose scripts and styles come from /static/docs/ (swagger-ui-dist and redoc,
copied there by the front end's build), each with a Content-Security-Policy
that allows nothing from any other host.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from starlette.routing import BaseRoute

DOCS_CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            "font-src 'self' data:; connect-src 'self'; worker-src blob:; object-src 'none'; "
            "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")

SWAGGER = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sitrep API · Swagger UI</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="static/docs/swagger-ui.css">
<link rel="icon" type="image/png" href="static/docs/favicon-32x32.png"></head>
<body><div id="swagger-ui"></div>
<script src="static/docs/swagger-ui-bundle.js"></script>
<script src="static/docs/swagger-init.js"></script></body></html>
"""

REDOC = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sitrep API · ReDoc</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" type="image/png" href="static/docs/favicon-32x32.png"></head>
<body style="margin:0"><div id="redoc"></div>
<script src="static/docs/redoc.standalone.js"></script>
<script src="static/docs/redoc-init.js"></script></body></html>
"""


def add_docs(app: FastAPI) -> None:
    """Serve /docs and /redoc from the bundle, in place of FastAPI's CDN pages."""
    app.router.routes[:] = [route for route in app.router.routes if not _is_cdn_page(route)]

    @app.get("/docs", include_in_schema=False)
    def swagger() -> HTMLResponse:
        return HTMLResponse(SWAGGER, headers={"Content-Security-Policy": DOCS_CSP})

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return HTMLResponse(REDOC, headers={"Content-Security-Policy": DOCS_CSP})


def _is_cdn_page(route: BaseRoute) -> bool:
    return getattr(route, "path", None) in ("/docs", "/redoc")
