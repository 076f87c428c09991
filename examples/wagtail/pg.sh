#!/usr/bin/env bash
# The app's PostgreSQL for the bench: `pg.sh start` (initdb on first use) and `pg.sh stop`.
# Root cannot run PostgreSQL, so as root it runs as the postgres user.
set -euo pipefail
cd "$(dirname "$0")"
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PORT=${WAGTAIL_PG_PORT:-55433}
DATA=$PWD/pgdata
as() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "$1" in
  start)
    if [ ! -f "$DATA/PG_VERSION" ]; then
      mkdir -p "$DATA"; [ "$(id -u)" = 0 ] && chown postgres: "$DATA"
      as "$BIN/initdb" -D "$DATA" -U postgres --auth=trust --no-locale --encoding=UTF8 >/dev/null
    fi
    as "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -o "-p $PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=/tmp -c max_connections=300 -c fsync=off" start
    "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -tc "select 1 from pg_database where datname='wagtail'" | grep -q 1 \
      || "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres wagtail
    ;;
  stop) as "$BIN/pg_ctl" -D "$DATA" -m fast -w stop ;;
  *) echo "usage: pg.sh start|stop" >&2; exit 2 ;;
esac
