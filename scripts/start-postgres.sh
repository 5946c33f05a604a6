#!/usr/bin/env bash
# Start a throwaway PostgreSQL server for tests: a fresh cluster in a temporary
# folder, listening on 127.0.0.1 on a free port, trust authentication, fsync off.
# Installs Debian's `postgresql` with apt-get when no server binaries are found.
#
#   scripts/start-postgres.sh        prints two lines: the URL, then the cluster's folder
#   scripts/stop-postgres.sh FOLDER  stops it and removes the folder
#
# Run as root, the server runs as the `postgres` user (or `nobody`): PostgreSQL
# refuses to run as root.
set -euo pipefail

find_bin() {
  command -v pg_ctl >/dev/null 2>&1 && { dirname "$(readlink -f "$(command -v pg_ctl)")"; return; }
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

BIN=$(find_bin || true)
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  echo "start-postgres: installing postgresql with apt-get" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo -n"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql >&2
  BIN=$(find_bin)
fi

AS=()
if [ "$(id -u)" -eq 0 ]; then
  user=postgres
  id "$user" >/dev/null 2>&1 || user=nobody
  AS=(runuser -u "$user" --)
fi

DIR=$(mktemp -d "${TMPDIR:-/tmp}/sitrep-pg.XXXXXX")
[ ${#AS[@]} -eq 0 ] || chown "$user" "$DIR"
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

"${AS[@]}" "$BIN/initdb" -D "$DIR/data" -U sitrep --auth=trust -E UTF8 --no-locale >"$DIR/initdb.log" 2>&1 \
  || { cat "$DIR/initdb.log" >&2; exit 1; }
"${AS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
  -o "-h 127.0.0.1 -p $PORT -k $DIR -F -c fsync=off -c full_page_writes=off -c synchronous_commit=off" \
  start >/dev/null || { cat "$DIR/server.log" >&2; exit 1; }
"${AS[@]}" "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U sitrep sitrep
echo "$BIN" > "$DIR/bin"
echo "$PORT" > "$DIR/port"
echo "postgresql+psycopg://sitrep@127.0.0.1:$PORT/sitrep"
echo "$DIR"
