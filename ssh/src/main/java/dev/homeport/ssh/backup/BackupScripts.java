package dev.homeport.ssh.backup;

import dev.homeport.model.DatabaseEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files Homeport writes to a node for its scheduled backups, in {@link #FOLDER} of the SSH user's
 * home: {@code backup-db} (the node's script, which cron runs), the recipient, and per engine the script
 * run inside the database's container ({@code ENGINE.sh}, with the recipient as {@code $1}) and what it
 * reads on standard input ({@code ENGINE.in}). Inside the container the dump goes straight through
 * compression and {@code age}, so only ciphertext leaves it; the tables' sums go to a scratch file the node
 * script reads after.
 */
public final class BackupScripts {
    /** The folder, relative to the SSH user's home, that holds the node's backup files. */
    public static final String FOLDER = ".local/lib/homeport/backup";
    public static final String SCRIPT = "backup-db";
    public static final String RECIPIENT = "backup-recipient";

    /**
     * The recipient of one volume's backups, which the script reads before {@link #RECIPIENT}: two stores (two
     * laptops, or test runs) scheduling backups on one node as the same SSH user would otherwise overwrite each
     * other's one file, and the last one written would get every backup.
     */
    public static String recipientOf(String volume) {
        return RECIPIENT + "." + volume;
    }

    /** Exit non-zero unless both halves of the pipe (the dump, then age) wrote 0 into their status files. */
    private static final String CHECK = """
            [ "$(cat /tmp/.homeport-rc1 2>/dev/null)" = 0 ] || { echo "the dump program failed" >&2; exit 1; }
            [ "$(cat /tmp/.homeport-rc2 2>/dev/null)" = 0 ] || { echo "age failed to encrypt the dump" >&2; exit 1; }
            """;
    private static final String CLEAN = "rm -f /tmp/.homeport-sums /tmp/.homeport-snap /tmp/.homeport-rc1 /tmp/.homeport-rc2\n";

    /**
     * PostgreSQL: one psql session opens a repeatable-read transaction, exports its snapshot, writes the
     * tables' sums in it, and runs {@code pg_dump -Fc --snapshot} on that snapshot from {@code \!}, so the
     * sums describe exactly what was dumped. psql's own output goes to stderr; the dump's ciphertext to fd 3,
     * the exec's standard output.
     */
    static final String POSTGRES_SH = "export HOMEPORT_RECIPIENT=\"$1\" PGUSER=\"$POSTGRES_USER\" PGDATABASE=\"$POSTGRES_DB\"\n"
            + CLEAN
            + "psql -X -q -v ON_ERROR_STOP=1 -At -F \"$(printf '\\t')\" 3>&1 1>&2 || exit 1\n"
            + CHECK;
    static final String POSTGRES_IN = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;\n"
            + "\\o /tmp/.homeport-snap\n"
            + "SELECT pg_export_snapshot();\n"
            + "\\o /tmp/.homeport-sums\n"
            + TableChecksums.POSTGRES_SQL
            + "\\o\n"
            + "\\! { pg_dump -Fc --snapshot=\"$(cat /tmp/.homeport-snap)\"; echo $? > /tmp/.homeport-rc1; }"
            + " | { /tmp/.homeport-age -r \"$HOMEPORT_RECIPIENT\"; echo $? > /tmp/.homeport-rc2; } >&3\n"
            + "ROLLBACK;\n";
    /** MariaDB: the sums first (CHECKSUM TABLE has no snapshot to share), then one consistent transaction's dump. */
    static final String MARIADB_SH = CLEAN
            + "(\n" + TableChecksums.MARIADB_SCRIPT + ") > /tmp/.homeport-sums || exit 1\n"
            + "export MYSQL_PWD=\"$MARIADB_PASSWORD\"\n"
            + "{ mariadb-dump --single-transaction -u\"$MARIADB_USER\" \"$MARIADB_DATABASE\"; echo $? > /tmp/.homeport-rc1; }"
            + " | gzip -c | { /tmp/.homeport-age -r \"$1\"; echo $? > /tmp/.homeport-rc2; }\n"
            + CHECK;
    /** Redis: the key counts, then an RDB snapshot taken by redis-cli (as a replica would get it), compressed and encrypted. */
    static final String REDIS_SH = CLEAN
            + "(\n" + TableChecksums.REDIS_SCRIPT + ") > /tmp/.homeport-sums || exit 1\n"
            + "export REDISCLI_AUTH=\"$REDIS_PASSWORD\"\n"
            + "rm -f /tmp/.homeport-dump.rdb\n"
            + "redis-cli -h 127.0.0.1 -p 6379 --rdb /tmp/.homeport-dump.rdb >&2 || exit 1\n"
            + "{ gzip -c /tmp/.homeport-dump.rdb; echo $? > /tmp/.homeport-rc1; }"
            + " | { /tmp/.homeport-age -r \"$1\"; echo $? > /tmp/.homeport-rc2; }\n"
            + "rm -f /tmp/.homeport-dump.rdb\n"
            + CHECK;

    private BackupScripts() {
    }

    /** Every file, by name, with the recipient's; {@link #SCRIPT} is the one executable. */
    public static Map<String, String> files(String recipient) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(SCRIPT, nodeScript());
        files.put(RECIPIENT, recipient + "\n");
        files.put(DatabaseEngine.POSTGRES.label() + ".sh", POSTGRES_SH);
        files.put(DatabaseEngine.POSTGRES.label() + ".in", POSTGRES_IN);
        files.put(DatabaseEngine.MARIADB.label() + ".sh", MARIADB_SH);
        files.put(DatabaseEngine.REDIS.label() + ".sh", REDIS_SH);
        return files;
    }

    /** The node's script, {@code backup-db} (see its header for what it does). */
    public static String nodeScript() {
        try (InputStream in = BackupScripts.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException("backup-db is missing from Homeport's build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
