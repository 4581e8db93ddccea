package dev.homeport.ssh.backup;

import dev.homeport.model.DatabaseEngine;
import java.util.ArrayList;
import java.util.List;

/**
 * How each engine is asked what its data holds: per table, the row count and an order-free
 * checksum, printed as {@code name TAB rows TAB checksum} lines. A backup records them when it
 * dumps; a restore asks the restored copy the same way and must get the same lines.
 *
 * <ul>
 * <li>PostgreSQL: every ordinary table outside the system schemas; the checksum is the sum of the
 *     first 64 bits of each row's {@code md5(row::text)}, exact ({@code sum(bigint)} adds in 128-bit
 *     integers and returns {@code numeric}: the same value a sum of {@code numeric}s gave, about a third
 *     faster), so no sort and no memory per row. {@link #POSTGRES_SQL} runs in {@code psql -At -F TAB}; a backup runs it in
 *     the transaction whose snapshot {@code pg_dump --snapshot} dumps.</li>
 * <li>MariaDB: every base table of the service's database; {@code CHECKSUM TABLE … EXTENDED}
 *     (the same server version computes the same value).</li>
 * <li>Redis: each logical database's key count ({@code INFO keyspace}); no checksum.</li>
 * </ul>
 *
 * The commands read the credentials from the container's environment, as the health checks do.
 */
public final class TableChecksums {
    public static final String POSTGRES_SQL = """
            SELECT format('%I.%I', n.nspname, c.relname),
                   (xpath('/row/n/text()', x))[1]::text,
                   coalesce((xpath('/row/s/text()', x))[1]::text, '0')
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace,
            LATERAL query_to_xml(format(
                'SELECT count(*) AS n, sum((''x'' || substr(md5(t::text), 1, 16))::bit(64)::bigint) AS s FROM %I.%I t',
                n.nspname, c.relname), false, true, '') AS x
            WHERE c.relkind = 'r' AND c.relpersistence <> 't'
              AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'
            ORDER BY 1;
            """;

    /** The psql call that reads {@link #POSTGRES_SQL} (or any SQL) on standard input and prints tab-separated rows. */
    public static final String POSTGRES_PSQL = "psql -X -q -v ON_ERROR_STOP=1 -At -F \"$(printf '\\t')\" -U \"$POSTGRES_USER\" -d \"$POSTGRES_DB\"";

    static final String MARIADB_SCRIPT = """
            export MYSQL_PWD="$MARIADB_PASSWORD"
            ask() { mariadb -u"$MARIADB_USER" -N -B "$MARIADB_DATABASE" -e "$1"; }
            ask "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' ORDER BY table_name" |
            while IFS= read -r t; do
              q=$(printf '%s' "$t" | sed 's/`/``/g')
              n=$(ask "SELECT COUNT(*) FROM \\`$q\\`") || exit 1
              s=$(ask "CHECKSUM TABLE \\`$q\\` EXTENDED" | cut -f2) || exit 1
              printf '%s\\t%s\\t%s\\n' "$t" "$n" "$s"
            done
            """;

    static final String REDIS_SCRIPT = """
            export REDISCLI_AUTH="$REDIS_PASSWORD"
            redis-cli -h 127.0.0.1 -p 6379 INFO keyspace | tr -d '\\r' | sed -n 's/^\\(db[0-9]*\\):keys=\\([0-9]*\\).*/\\1\\t\\2\\t/p'
            """;

    private TableChecksums() {
    }

    /** The program to run in the database's container (by Docker's exec API), and what to give it on standard input. */
    public record Ask(List<String> command, String stdin) {
    }

    public static Ask ask(DatabaseEngine engine) {
        return switch (engine) {
            case POSTGRES -> new Ask(List.of("sh", "-c", "exec " + POSTGRES_PSQL), POSTGRES_SQL);
            case MARIADB -> new Ask(List.of("sh", "-c", MARIADB_SCRIPT), null);
            case REDIS -> new Ask(List.of("sh", "-c", REDIS_SCRIPT), null);
        };
    }

    /** The lines an {@link Ask} printed; a line that is not {@code name TAB rows TAB checksum} is refused. */
    public static List<TableSum> parse(String output) {
        List<TableSum> sums = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.split("\t", -1);
            if (parts.length != 3 || !parts[1].matches("\\d+")) {
                throw new IllegalArgumentException("not a table checksum line: " + line);
            }
            sums.add(new TableSum(parts[0], Long.parseLong(parts[1]), parts[2].isEmpty() ? null : parts[2]));
        }
        return List.copyOf(sums);
    }
}
