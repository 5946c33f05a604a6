#!/usr/bin/env bash
# Rebuild the web app's bundle (src/sitrep/web/static/) from the npm packages
# pinned in src/sitrep/web/frontend/package-lock.json. The built bundle is
# committed, so this is needed only after changing the front end's sources.
set -euo pipefail
cd "$(dirname "$0")/../src/sitrep/web/frontend"
npm ci --no-audit --no-fund
npm run build
