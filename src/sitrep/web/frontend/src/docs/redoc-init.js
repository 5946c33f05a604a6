// ReDoc over the app's own OpenAPI document, from the bundled standalone build (no CDN, no web fonts).
Redoc.init('openapi.json', { disableSearch: false, hideDownloadButton: false }, document.getElementById('redoc'));
