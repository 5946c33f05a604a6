#!/usr/bin/env bash
# System packages the tests need beyond the Python environment: Debian's
# chromium for the web app's end-to-end tests (driven by Playwright's driver,
# which never downloads a browser of its own). Idempotent; needs root or sudo
# only when something is missing.
set -euo pipefail
if [ ! -x /usr/bin/chromium ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi
# axe-core (the browser tests' accessibility check) from the front end's pinned npm packages
frontend="$(cd "$(dirname "$0")/.." && pwd)/src/sitrep/web/frontend"
if [ ! -f "$frontend/node_modules/axe-core/axe.min.js" ] && command -v npm >/dev/null; then
  (cd "$frontend" && npm ci --no-audit --no-fund --loglevel=error) || echo "npm ci failed: the axe-core check will be skipped" >&2
fi
