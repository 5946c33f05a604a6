#!/usr/bin/env bash
# Stop a server started by scripts/start-postgres.sh and remove its folder.
#   scripts/stop-postgres.sh FOLDER
set -euo pipefail
DIR=${1:?usage: stop-postgres.sh FOLDER}
[ -f "$DIR/bin" ] || { echo "stop-postgres: $DIR is not a cluster folder" >&2; exit 1; }
BIN=$(cat "$DIR/bin")
AS=()
[ "$(id -u)" -ne 0 ] || AS=(runuser -u "$(stat -c %U "$DIR")" --)
"${AS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
rm -rf "$DIR"
