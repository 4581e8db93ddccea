#!/bin/bash
# The official mariadb image's conventions, for Debian's MariaDB 10.11.
# Passwords reach the server as SQL on standard input, never on a command line.
set -euo pipefail

file_env() {
  local file_var="${1}_FILE"
  if [[ -n ${!file_var:-} ]]; then
    export "$1=$(<"${!file_var}")"
  fi
}

# sql_string VALUE: VALUE as a single-quoted SQL string.
sql_string() { local v=${1//\\/\\\\}; printf "'%s'" "${v//\'/\'\'}"; }
# sql_name VALUE: VALUE as a back-quoted SQL identifier.
sql_name() { printf '`%s`' "${1//\`/\`\`}"; }

if [[ ${1:-} != mariadbd ]]; then
  exec "$@"
fi

if [[ $(id -u) == 0 ]]; then
  mkdir -p /var/lib/mysql /run/mysqld
  chown mysql:mysql /var/lib/mysql /run/mysqld
  exec setpriv --reuid=mysql --regid=mysql --init-groups "$0" "$@"
fi

if [[ ! -d /var/lib/mysql/mysql ]]; then
  for v in MARIADB_ROOT_PASSWORD MARIADB_USER MARIADB_PASSWORD MARIADB_DATABASE; do file_env "$v"; done
  if [[ -z ${MARIADB_ROOT_PASSWORD:-} ]]; then
    echo "mariadb: MARIADB_ROOT_PASSWORD (or MARIADB_ROOT_PASSWORD_FILE) is required for a new database" >&2
    exit 1
  fi
  mariadb-install-db --datadir=/var/lib/mysql --skip-test-db \
    --auth-root-authentication-method=normal >/dev/null
  socket=/run/mysqld/init.sock
  mariadbd --datadir=/var/lib/mysql --skip-networking --socket="$socket" &
  pid=$!
  for _ in $(seq 60); do
    mariadb-admin --socket="$socket" -uroot ping >/dev/null 2>&1 && break
    sleep 0.5
  done
  {
    echo "CREATE USER 'root'@'%' IDENTIFIED BY $(sql_string "$MARIADB_ROOT_PASSWORD");"
    echo "GRANT ALL ON *.* TO 'root'@'%' WITH GRANT OPTION;"
    if [[ -n ${MARIADB_DATABASE:-} ]]; then
      echo "CREATE DATABASE IF NOT EXISTS $(sql_name "$MARIADB_DATABASE");"
    fi
    if [[ -n ${MARIADB_USER:-} && -n ${MARIADB_PASSWORD:-} ]]; then
      echo "CREATE USER $(sql_string "$MARIADB_USER")@'%' IDENTIFIED BY $(sql_string "$MARIADB_PASSWORD");"
      if [[ -n ${MARIADB_DATABASE:-} ]]; then
        echo "GRANT ALL ON $(sql_name "$MARIADB_DATABASE").* TO $(sql_string "$MARIADB_USER")@'%';"
      fi
    fi
    echo "ALTER USER 'root'@'localhost' IDENTIFIED BY $(sql_string "$MARIADB_ROOT_PASSWORD");"
  } | mariadb --socket="$socket" -uroot
  kill "$pid"
  wait "$pid" || true
  echo "mariadb: database initialised in /var/lib/mysql"
fi

exec "$@"
