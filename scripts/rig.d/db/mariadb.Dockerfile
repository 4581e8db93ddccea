# MariaDB 10.11 from Debian bookworm, run like the official mariadb image:
# MARIADB_ROOT_PASSWORD, MARIADB_USER, MARIADB_PASSWORD, MARIADB_DATABASE (each
# also as *_FILE), data in /var/lib/mysql, port 3306. Built by scripts/rig.
FROM homeport/debian:bookworm
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends mariadb-server \
 && apt-get clean \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/lib/mysql/* \
 && install -d -o mysql -g mysql -m 0755 /run/mysqld \
 && printf '[mysqld]\nbind-address = 0.0.0.0\nskip-name-resolve\n' >/etc/mysql/mariadb.conf.d/90-homeport.cnf
COPY mariadb-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
RUN chmod 0755 /usr/local/bin/docker-entrypoint.sh
VOLUME /var/lib/mysql
EXPOSE 3306
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["mariadbd"]
