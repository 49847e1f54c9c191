#!/usr/bin/env bash
# A throw-away PostgreSQL for the tests: `source scripts/pg-test-server.sh start` initialises a
# cluster in a temporary folder, starts it on a free local port (unix socket in the same folder)
# and exports KLYNGE_TEST_PG=postgres://klynge@127.0.0.1:PORT/klynge_test; `... stop` stops it
# and removes the folder. Debian's server is installed when initdb is missing. As root, the
# server runs as the `postgres` user (initdb refuses root). Prints one line on what it did.
set -uo pipefail

pg_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && { echo "$d"; return 0; }; done
  command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
  return 1
}

pg_start() {
  local bin
  if ! bin="$(pg_bin)"; then
    local as_root=""
    [ "$(id -u)" -eq 0 ] || as_root="sudo"
    { $as_root apt-get update -qq && DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq postgresql >/dev/null; } || true
    bin="$(pg_bin)" || { echo "pg-test-server: no PostgreSQL server could be installed; the PostgreSQL tests are skipped"; return 0; }
  fi
  KLYNGE_PG_DIR="$(mktemp -d /tmp/klynge-pg.XXXXXX)"
  export KLYNGE_PG_DIR
  local run=()
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$KLYNGE_PG_DIR"
    run=(runuser -u postgres --)
  fi
  local port
  port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
  "${run[@]}" "$bin/initdb" -D "$KLYNGE_PG_DIR/data" -U klynge --auth=trust -E UTF8 --locale=C.UTF-8 >"$KLYNGE_PG_DIR/initdb.log" 2>&1 ||
    { echo "pg-test-server: initdb failed (see $KLYNGE_PG_DIR/initdb.log); the PostgreSQL tests are skipped"; return 0; }
  "${run[@]}" "$bin/pg_ctl" -D "$KLYNGE_PG_DIR/data" -l "$KLYNGE_PG_DIR/server.log" -w \
    -o "-p $port -k $KLYNGE_PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50" start >/dev/null ||
    { echo "pg-test-server: the server did not start (see $KLYNGE_PG_DIR/server.log); the PostgreSQL tests are skipped"; return 0; }
  "${run[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U klynge klynge_test
  export KLYNGE_PG_BIN="$bin"
  export KLYNGE_TEST_PG="postgres://klynge@127.0.0.1:$port/klynge_test"
  echo "pg-test-server: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($KLYNGE_PG_DIR)"
}

pg_stop() {
  [ -n "${KLYNGE_PG_DIR:-}" ] && [ -d "$KLYNGE_PG_DIR/data" ] || return 0
  local run=()
  [ "$(id -u)" -eq 0 ] && run=(runuser -u postgres --)
  "${run[@]}" "$KLYNGE_PG_BIN/pg_ctl" -D "$KLYNGE_PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$KLYNGE_PG_DIR"
  unset KLYNGE_PG_DIR KLYNGE_TEST_PG
}

case "${1:-start}" in
  start) pg_start ;;
  stop) pg_stop ;;
  *) echo "usage: source scripts/pg-test-server.sh start|stop" >&2 ;;
esac
