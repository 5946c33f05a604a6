#!/usr/bin/env bash
# Add direct dependencies: scripts/add-dep.sh 'name==version' ...
# Appends them to requirements.in, re-locks with hashes and installs into .venv.
# Serialised with flock, so that parallel callers do not overwrite each other.
set -euo pipefail
cd "$(dirname "$0")/.."
exec 9>.venv/.add-dep.lock
flock 9
for spec in "$@"; do
  grep -qixF -- "$spec" requirements.in || echo "$spec" >> requirements.in
done
.venv/bin/uv pip compile -q requirements.in --python-version 3.11 --generate-hashes -o requirements.lock
.venv/bin/uv pip install -q --python .venv/bin/python --require-hashes -r requirements.lock
sha256sum requirements.lock pyproject.toml | sha256sum | cut -d' ' -f1 > .venv/.sitrep-lock.sha256
