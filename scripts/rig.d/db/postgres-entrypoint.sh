#!/bin/sh
# The official postgres image's conventions, for Debian's PostgreSQL 15.
# No password ever reaches a command line: initdb reads it from a 0600 file.
set -eu

# file_env VAR: VAR_FILE names a file holding VAR's value (Docker/Swarm secrets).
file_env() {
  eval "_file=\${${1}_FILE:-}"
  if [ -n "$_file" ]; then
    _value=$(cat "$_file")
    export "$1=$_value"
  fi
}

if [ "${1:-}" != postgres ]; then
  exec "$@"
fi

if [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA"
  chown postgres:postgres "$PGDATA"
  chmod 0700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  file_env POSTGRES_PASSWORD
  if [ -z "${POSTGRES_PASSWORD:-}" ]; then
    echo "postgres: POSTGRES_PASSWORD (or POSTGRES_PASSWORD_FILE) is required for a new database" >&2
    exit 1
  fi
  user=${POSTGRES_USER:-postgres}
  db=${POSTGRES_DB:-$user}
  pwfile=$(mktemp)
  printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
  initdb --username="$user" --pwfile="$pwfile" --encoding=UTF8 \
    --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  rm -f "$pwfile"
  printf 'host all all all scram-sha-256\n' >>"$PGDATA/pg_hba.conf"
  printf "listen_addresses = '*'\n" >>"$PGDATA/postgresql.conf"
  if [ "$db" != postgres ]; then
    pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
    printf 'CREATE DATABASE :"db";\n' |
      psql -v ON_ERROR_STOP=1 -v db="$db" --username="$user" --dbname=postgres -q
    pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  fi
  echo "postgres: database initialised in $PGDATA"
fi

exec "$@"
