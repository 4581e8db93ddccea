# Redis 7.0 from Debian bookworm, run like the official redis image (data in
# /data, port 6379), plus REDIS_PASSWORD (or REDIS_PASSWORD_FILE): the
# entrypoint hands it to redis-server as configuration on standard input,
# never as --requirepass on a command line. Built by scripts/rig.
FROM homeport/debian:bookworm
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends redis-server redis-tools \
 && apt-get clean \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin \
 && install -d -o redis -g redis -m 0755 /data
COPY redis-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
RUN chmod 0755 /usr/local/bin/docker-entrypoint.sh
VOLUME /data
WORKDIR /data
EXPOSE 6379
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["redis-server"]
