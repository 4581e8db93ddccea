#!/bin/sh
# The official redis image's entrypoint, with setpriv for gosu, and
# REDIS_PASSWORD (or REDIS_PASSWORD_FILE) given to redis-server as
# configuration on standard input, never as --requirepass on a command line.
set -eu

# Like the official image: `docker run redis --port 7000` and `redis.conf` mean redis-server.
if [ "${1#-}" != "${1:-}" ] || [ "${1%.conf}" != "${1:-}" ]; then
  set -- redis-server "$@"
fi

if [ "${1:-}" = redis-server ] && [ "$(id -u)" = 0 ]; then
  find . \! -user redis -exec chown redis '{}' +
  exec setpriv --reuid=redis --regid=redis --init-groups "$0" "$@"
fi

if [ "${1:-}" = redis-server ] && [ "$#" = 1 ]; then
  if [ -n "${REDIS_PASSWORD_FILE:-}" ]; then
    REDIS_PASSWORD=$(cat "$REDIS_PASSWORD_FILE")
  fi
  # Debian's binary defaults to 127.0.0.1; the official image listens everywhere.
  # The here-document is written by the shell itself: the password is on no
  # process's command line, and redis-server takes this process's place.
  if [ -n "${REDIS_PASSWORD:-}" ]; then
    exec redis-server - <<EOF
bind * -::*
protected-mode no
dir /data
requirepass $REDIS_PASSWORD
EOF
  fi
  exec redis-server - <<EOF
bind * -::*
protected-mode no
dir /data
EOF
fi

exec "$@"
