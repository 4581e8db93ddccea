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
 * script reads after (PostgreSQL's are taken beside the dump, in its snapshot; MariaDB's and Redis's just before it).
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

    /**
     * Exit non-zero unless both halves of the pipe (the dump, then age) wrote 0 into their status files. Age first: when
     * it fails, the dump fails too, for want of a reader.
     */
    private static final String CHECK = """
            [ "$(cat /tmp/.homeport-rc2 2>/dev/null)" = 0 ] || { echo "age failed to encrypt the dump" >&2; exit 1; }
            [ "$(cat /tmp/.homeport-rc1 2>/dev/null)" = 0 ] || { echo "the dump program failed" >&2; exit 1; }
            """;
    /**
     * On a cluster the database's passwords are Swarm secrets, files in its replica, not variables of the container that
     * {@code docker exec} starts from: each engine's script reads them first. On one node there are none.
     */
    private static final String SECRETS = dev.homeport.ssh.deploy.DatabaseRuntime.SECRET_FILES_TO_ENVIRONMENT;
    /** The container's scratch files; the node script removes them again once it has read the sums. */
    static final String SCRATCH = "/tmp/.homeport-sums /tmp/.homeport-sums.sql /tmp/.homeport-snap /tmp/.homeport-pair"
            + " /tmp/.homeport-dump-pid /tmp/.homeport-stopped /tmp/.homeport-rc1 /tmp/.homeport-rc2 /tmp/.homeport-rc3";
    private static final String CLEAN = "rm -f " + SCRATCH + "\n";

    /**
     * PostgreSQL's two halves, run by the first session's {@code \!} while it holds the exported snapshot open: the
     * tables' sums in a second session that imports the snapshot (psql, reading {@link #POSTGRES_IN} with the snapshot's
     * id as the variable {@code snapshot}), and beside it {@code pg_dump -Fc --snapshot} through age to fd 3. Each half
     * writes its status (rc3 the sums; rc1 pg_dump, rc2 age); a half that fails stops the other at once, notes which it
     * stopped (so the run names the half that failed first) and says so: the dump by SIGTERM, the sums by SIGINT, on
     * which psql asks the server to cancel the query.
     */
    static final String POSTGRES_PAIR = """
            snap=$(cat /tmp/.homeport-snap)
            psql -X -q -v ON_ERROR_STOP=1 -At -F "$(printf '\\t')" -v snapshot="$snap" -f /tmp/.homeport-sums.sql > /tmp/.homeport-sums &
            sums=$!
            {
              { pg_dump -Fc --snapshot="$snap" & echo $! > /tmp/.homeport-dump-pid; wait $!; echo $? > /tmp/.homeport-rc1; } |
                { /tmp/.homeport-age -r "$HOMEPORT_RECIPIENT"; echo $? > /tmp/.homeport-rc2; } >&3
              if [ "$(cat /tmp/.homeport-rc1)$(cat /tmp/.homeport-rc2)" != 00 ] && [ ! -e /tmp/.homeport-rc3 ]; then
                echo sums > /tmp/.homeport-stopped
                echo "the dump failed, so the tables' sums were stopped" >&2
                kill -INT "$sums" 2>/dev/null
              fi
            } &
            dump=$!
            wait "$sums"
            echo $? > /tmp/.homeport-rc3
            if [ "$(cat /tmp/.homeport-rc3)" != 0 ] && [ ! -e /tmp/.homeport-rc1 ]; then
              echo dump > /tmp/.homeport-stopped
              echo "the tables' sums failed, so the dump was stopped" >&2
              i=0
              while [ ! -s /tmp/.homeport-dump-pid ] && [ "$i" -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
              kill "$(cat /tmp/.homeport-dump-pid)" 2>/dev/null
            fi
            wait "$dump"
            """;

    /**
     * PostgreSQL, in three sessions and one snapshot. The first (psql, fed by a here-document) opens a repeatable-read
     * transaction, exports its snapshot ({@code pg_export_snapshot()}) and holds it open while its {@code \!} runs
     * {@link #POSTGRES_PAIR}: {@code pg_dump --snapshot} and, beside it, the tables' sums in a session that imports the same
     * snapshot. So the sums describe exactly what was dumped, and take no time of their own while a core is free (they used
     * to run before the dump, in the first session). The first session ends with its {@code ROLLBACK} once both halves
     * ended, whichever way; then the status files decide. psql's own output goes to stderr; the dump's ciphertext to fd 3,
     * the exec's standard output. Standard input ({@link #POSTGRES_IN}) is saved as the sums' SQL.
     */
    static final String POSTGRES_SH = SECRETS + "export HOMEPORT_RECIPIENT=\"$1\" PGUSER=\"$POSTGRES_USER\" PGDATABASE=\"$POSTGRES_DB\"\n"
            + CLEAN
            + "cat > /tmp/.homeport-sums.sql || exit 1\n"
            + "cat > /tmp/.homeport-pair <<'HOMEPORT_PAIR' || exit 1\n" + POSTGRES_PAIR + "HOMEPORT_PAIR\n"
            + """
            psql -X -q -v ON_ERROR_STOP=1 -At 3>&1 1>&2 <<'HOMEPORT_SESSION' || exit 1
            BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;
            \\o /tmp/.homeport-snap
            SELECT pg_export_snapshot();
            \\o
            \\! sh /tmp/.homeport-pair
            ROLLBACK;
            HOMEPORT_SESSION
            [ "$(cat /tmp/.homeport-stopped 2>/dev/null)" = sums ] || [ "$(cat /tmp/.homeport-rc3 2>/dev/null)" = 0 ] \\
              || { echo "the tables' sums failed" >&2; exit 1; }
            """
            + CHECK;
    /** The sums' session: imports the first session's snapshot (psql's {@code :'snapshot'} quotes the id), then asks. */
    static final String POSTGRES_IN = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;\n"
            + "SET TRANSACTION SNAPSHOT :'snapshot';\n"
            + TableChecksums.POSTGRES_SQL
            + "ROLLBACK;\n";
    /** MariaDB: the sums first (CHECKSUM TABLE has no snapshot to share), then one consistent transaction's dump. */
    static final String MARIADB_SH = SECRETS + CLEAN
            + "(\n" + TableChecksums.MARIADB_SCRIPT + ") > /tmp/.homeport-sums || exit 1\n"
            + "export MYSQL_PWD=\"$MARIADB_PASSWORD\"\n"
            + "{ mariadb-dump --single-transaction -u\"$MARIADB_USER\" \"$MARIADB_DATABASE\"; echo $? > /tmp/.homeport-rc1; }"
            + " | gzip -c | { /tmp/.homeport-age -r \"$1\"; echo $? > /tmp/.homeport-rc2; }\n"
            + CHECK;
    /** Redis: the key counts, then an RDB snapshot taken by redis-cli (as a replica would get it), compressed and encrypted. */
    static final String REDIS_SH = SECRETS + CLEAN
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
