#!/usr/bin/env bash
# Run a command with the throw-away PostgreSQL of the tests started (scripts/pg-test-server.sh),
# stopped and removed however the command ends: `npm run bench` measures PostgreSQL beside SQLite.
# When no server can be had, the command runs without one (and says what it skipped).
set -uo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=../scripts/pg-test-server.sh
source "$here/scripts/pg-test-server.sh" start
trap 'source "$here/scripts/pg-test-server.sh" stop' EXIT
"$@"
