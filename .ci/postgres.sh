#!/usr/bin/env bash
# A throwaway PostgreSQL server for the outbox integration tests, on 127.0.0.1 only.
#
#   source .ci/postgres.sh      # (CI) install if missing, start, export JOURNEYKIT_TEST_DATABASE_URL,
#                               # and stop the server when the calling shell exits
#   .ci/postgres.sh start       # (local) start one that outlives this command; prints the export line
#   .ci/postgres.sh stop        # (local) stop it
#
# PostgreSQL refuses to run as root, so the cluster belongs to the `postgres` user (created by
# Debian's package). Trust authentication: the server listens on loopback only and holds nothing.

pg_state_dir="${JOURNEYKIT_PG_DIR:-/tmp/journeykit-pg}"

pg_bin_dir() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/pg_ctl" ] && { echo "$dir"; return 0; }
  done
  return 1
}

pg_install() {
  if pg_bin_dir >/dev/null; then return 0; fi
  echo "postgres.sh: installing PostgreSQL from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
  pg_bin_dir >/dev/null || { echo "postgres.sh: PostgreSQL did not install" >&2; return 1; }
}

pg_free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

pg_start() {
  pg_install || return 1
  local bin port
  bin="$(pg_bin_dir)"
  if [ -f "$pg_state_dir/port" ] && runuser -u postgres -- "$bin/pg_ctl" -D "$pg_state_dir/data" status >/dev/null 2>&1; then
    port="$(cat "$pg_state_dir/port")"
  else
    rm -rf "$pg_state_dir"
    mkdir -p "$pg_state_dir/data" "$pg_state_dir/sock"
    chown -R postgres:postgres "$pg_state_dir"
    port="$(pg_free_port)"
    echo "$port" >"$pg_state_dir/port"
    runuser -u postgres -- "$bin/initdb" -D "$pg_state_dir/data" --auth=trust --username=postgres -E UTF8 >"$pg_state_dir/initdb.log" 2>&1 ||
      { cat "$pg_state_dir/initdb.log" >&2; return 1; }
    # fsync off: a test cluster trades durability across power loss for speed.
    runuser -u postgres -- "$bin/pg_ctl" -D "$pg_state_dir/data" -l "$pg_state_dir/server.log" -w -t 60 \
      -o "-p $port -k $pg_state_dir/sock -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off" start >/dev/null ||
      { cat "$pg_state_dir/server.log" >&2; return 1; }
  fi
  export JOURNEYKIT_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
  echo "postgres.sh: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
}

pg_stop() {
  local bin
  bin="$(pg_bin_dir)" || return 0
  [ -d "$pg_state_dir/data" ] && runuser -u postgres -- "$bin/pg_ctl" -D "$pg_state_dir/data" -m immediate stop >/dev/null 2>&1
  rm -rf "$pg_state_dir"
}

if [ "${BASH_SOURCE[0]}" != "$0" ]; then
  # Sourced: start now, stop when the calling shell exits (keeping any EXIT trap it already had).
  pg_start || return 1
  pg_previous_exit_trap="$(trap -p EXIT | sed -E "s/^trap -- '(.*)' EXIT$/\1/")"
  trap "pg_stop; ${pg_previous_exit_trap:-:}" EXIT
else
  set -euo pipefail
  case "${1:-}" in
    start) pg_start >&2; echo "export JOURNEYKIT_TEST_DATABASE_URL=$JOURNEYKIT_TEST_DATABASE_URL" ;;
    stop) pg_stop ;;
    *) echo "usage: $0 start|stop   (or: source $0)" >&2; exit 2 ;;
  esac
fi
