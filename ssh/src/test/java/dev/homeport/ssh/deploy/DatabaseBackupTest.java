package dev.homeport.ssh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import dev.homeport.model.BackupSchedule;
import dev.homeport.model.Database;
import dev.homeport.model.DatabaseEngine;
import dev.homeport.model.Deployment;
import dev.homeport.model.inventory.Backups;
import dev.homeport.ssh.backup.BackupHealth;
import dev.homeport.ssh.backup.BackupManifest;
import dev.homeport.ssh.backup.BackupPaths;
import dev.homeport.ssh.backup.BackupRun;
import dev.homeport.ssh.backup.BackupService;
import dev.homeport.ssh.backup.TableChecksums;
import dev.homeport.ssh.backup.TableSum;
import dev.homeport.ssh.docker.ContainerExec;
import dev.homeport.ssh.rig.Processes;
import dev.homeport.ssh.rig.RigBackups;
import dev.homeport.ssh.transport.Command;
import dev.homeport.ssh.transport.Prompts;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Backups of databases on the rig's node, by the node's own script: each engine's backup decrypts (with
 * Homeport's identity, here) to a dump its own tool reads; the manifest's table sums match what the
 * database holds (PostgreSQL's, taken beside the dump, are exactly the dumped rows while a writer commits, and a
 * failure of either half fails the run, stops the other half and leaves no session); a failed run is recorded
 * and makes the database's backups stand as failed; retention
 * keeps and removes as it says on a week of hourly runs; the schedule's cron line is written and removed.
 */
class DatabaseBackupTest extends RigDeployTest {
    private Database database;
    private BackupService backups;
    private Backups store;

    private void open(String name, DatabaseEngine engine, String image) throws InterruptedException {
        database = fixture.database(name, engine, image);
        store = new Backups(fixture.store, fixture.vault);
        backups = new BackupService(fixture.inventory, store, fixture.deploys, fixture.nodeService, Clock.systemUTC());
        fixture.deployLive(database.serviceId());
    }

    @AfterEach
    void removeTheBackupsAndTheVolume() {
        if (database != null) {
            try {
                RigBackups.removeFromNode(fixture.connection(), database.dataVolume());
            } finally {
                fixture.close();
                Processes.run("docker", "volume", "rm", "-f", database.dataVolume());
            }
        }
    }

    @Test
    void postgresBackupDecryptsToADumpPgRestoreReadsWithTheSumsOfItsSnapshot(@org.junit.jupiter.api.io.TempDir Path local) throws Exception {
        open("pg", DatabaseEngine.POSTGRES, fixture.rig.postgresImage());
        String container = container();
        String psql = "exec psql -v ON_ERROR_STOP=1 -qtA -U \"$POSTGRES_USER\" -d \"$POSTGRES_DB\"";
        run(container, psql, "CREATE TABLE t (id int, v text); INSERT INTO t SELECT g, 'row ' || g FROM generate_series(1, 500) g;"
                + " CREATE SCHEMA \"odd \"\"name\"; CREATE TABLE \"odd \"\"name\".x (v int); INSERT INTO \"odd \"\"name\".x VALUES (1);");

        BackupService.Scheduled scheduled = backups.schedule(BackupSchedule.parse(database.serviceId(), "daily", "03:30", 5, 10, null,
                Instant.now()), Prompts.NONE);
        assertThat(scheduled.cronRunning()).isTrue();
        assertThat(backups.cronLine(database.serviceId(), Prompts.NONE)).hasValueSatisfying(line -> assertThat(line)
                .startsWith("30 3 * * * ").contains("/backup-db postgres " + database.dataVolume() + " 5 10 ")
                .endsWith("# homeport-backup " + database.dataVolume()));

        BackupRun run = backups.now(database.serviceId(), Prompts.NONE);
        assertThat(run.manifest().status()).as(run.manifest().error()).isEqualTo("ok");
        assertThat(run.manifest().trigger()).isEqualTo("manual");
        assertThat(run.manifest().format()).isEqualTo("pg_dump-custom");
        assertThat(run.manifest().file()).isEqualTo(run.stamp() + ".pgdump.age");
        // The sums the node recorded are what the database holds, asked the way a restore will ask.
        var ask = TableChecksums.ask(DatabaseEngine.POSTGRES);
        List<TableSum> live = TableChecksums.parse(exec(container, ask.command(), ask.stdin()).output());
        assertThat(run.manifest().tables()).isEqualTo(live).extracting(TableSum::name).containsExactly("\"odd \"\"name\".x", "public.t");
        assertThat(run.manifest().tables().get(1).rows()).isEqualTo(500);

        List<Path> pulled = backups.pull(database.serviceId(), local, Prompts.NONE);
        assertThat(pulled).hasSize(1);
        assertThat(backups.pull(database.serviceId(), local, Prompts.NONE)).isEmpty();
        byte[] encrypted = Files.readAllBytes(pulled.getFirst());
        assertThat(new String(encrypted, 0, 21, StandardCharsets.US_ASCII)).isEqualTo("age-encryption.org/v1");
        Path dump = local.resolve("dump.pgdump");
        Files.write(dump, decrypt(pulled.getFirst()));
        assertThat(new String(Files.readAllBytes(dump), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("PGDMP");
        assertThat(Processes.run("pg_restore", "-l", dump.toString())).contains("TABLE public t").contains("TABLE DATA public t");

        assertThat(backups.unschedule(database.serviceId(), Prompts.NONE)).isTrue();
        assertThat(backups.cronLine(database.serviceId(), Prompts.NONE)).isEmpty();
        assertThat(store.schedule(database.serviceId())).isEmpty();
    }

    @Test
    void postgresSumsRunBesideTheDumpInItsSnapshotWhileRowsArrive(@org.junit.jupiter.api.io.TempDir Path local) throws Exception {
        open("pg", DatabaseEngine.POSTGRES, fixture.rig.postgresImage());
        String container = container();
        String psql = "exec psql -v ON_ERROR_STOP=1 -qtA -U \"$POSTGRES_USER\" -d \"$POSTGRES_DB\"";
        run(container, psql, "CREATE TABLE w (id bigserial PRIMARY KEY, v text); CREATE TABLE stop (x int);"
                + " INSERT INTO w (v) SELECT md5(g::text) FROM generate_series(1, 200000) g;");
        // A writer commits a row every few milliseconds until told to stop, all through the backup.
        CompletableFuture<ContainerExec.Result> writer = CompletableFuture.supplyAsync(() -> exec(container, List.of("sh", "-c", psql),
                "DO $$ BEGIN WHILE NOT EXISTS (SELECT FROM stop) LOOP INSERT INTO w (v) VALUES ('live'); COMMIT;"
                        + " PERFORM pg_sleep(0.002); END LOOP; END $$;"));
        try {
            long before = waitForRows(container, psql, 200_100);
            BackupRun run = backups.now(database.serviceId(), Prompts.NONE);
            assertThat(run.manifest().status()).as(run.manifest().error()).isEqualTo("ok");
            long after = Long.parseLong(run(container, psql, "SELECT count(*) FROM w;"));
            long recorded = run.manifest().tables().stream().filter(t -> t.name().equals("public.w")).findFirst().orElseThrow().rows();
            assertThat(recorded).as("rows arrived before and after the backup's snapshot").isGreaterThan(before).isLessThan(after);

            // The dump holds exactly the rows the sums counted: both read the one exported snapshot.
            Path dump = local.resolve("dump.pgdump");
            Files.write(dump, decrypt(backups.pull(database.serviceId(), local, Prompts.NONE).getFirst()));
            String data = Processes.run("pg_restore", "-a", "-t", "w", "-f", "-", dump.toString());
            List<String> lines = data.lines().toList();
            int copy = lines.indexOf(lines.stream().filter(l -> l.startsWith("COPY public.w ")).findFirst().orElseThrow());
            assertThat(lines.subList(copy + 1, lines.size()).indexOf("\\.")).isEqualTo((int) recorded);
        } finally {
            run(container, psql, "INSERT INTO stop VALUES (1);");
        }
        assertThat(writer.get(60, TimeUnit.SECONDS).exitCode()).isZero();
    }

    @Test
    void postgresEitherHalfFailingFailsTheRunStopsTheOtherAndEndsEverySession() throws Exception {
        open("pg", DatabaseEngine.POSTGRES, fixture.rig.postgresImage());
        String container = container();
        String psql = "exec psql -v ON_ERROR_STOP=1 -qtA -U \"$POSTGRES_USER\" -d \"$POSTGRES_DB\"";
        run(container, psql, "CREATE TABLE t AS SELECT g AS id FROM generate_series(1, 1000) g;");
        assertThat(backups.now(database.serviceId(), Prompts.NONE).succeeded()).isTrue(); // writes the node's files

        // The sums fail while the dump waits for a table another session holds locked: the dump is stopped, not waited for.
        CompletableFuture<ContainerExec.Result> locker = CompletableFuture.supplyAsync(() -> exec(container, List.of("sh", "-c", psql),
                "BEGIN; LOCK TABLE t IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(50);"));
        try {
            waitFor(container, psql, "SELECT count(*) FROM pg_locks WHERE relation = 't'::regclass AND mode = 'AccessExclusiveLock' AND granted");
            Thread.sleep(1100); // a new stamp: the node's stamps are to the second
            BackupManifest sumsFailed = nodeRun("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;\nSET TRANSACTION SNAPSHOT :'snapshot';\n"
                    + "SELECT 1 / 0;\n", null);
            assertThat(sumsFailed.status()).isEqualTo("failed");
            assertThat(sumsFailed.error()).contains("division by zero").contains("so the dump was stopped")
                    .contains("the tables' sums failed");
            assertThat(sumsFailed.file()).isNull();
            assertThat(sumsFailed.tables()).isNullOrEmpty();
        } finally {
            run(container, psql, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(50)%'"
                    + " AND pid <> pg_backend_pid();");
            locker.get(60, TimeUnit.SECONDS);
        }
        waitFor(container, psql, "SELECT count(*) = 0 FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()");

        // The dump fails (age refuses the recipient) while the sums are busy: they are cancelled, not waited for.
        Thread.sleep(1100);
        BackupManifest dumpFailed = nodeRun("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;\nSET TRANSACTION SNAPSHOT :'snapshot';\n"
                + "SELECT pg_sleep(50);\n", "not-a-recipient");
        assertThat(dumpFailed.status()).isEqualTo("failed");
        assertThat(dumpFailed.error()).contains("so the tables' sums were stopped").contains("age failed to encrypt the dump");
        assertThat(dumpFailed.file()).isNull();
        waitFor(container, psql, "SELECT count(*) = 0 FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()");
        assertThat(files(BackupPaths.folder(database.dataVolume()))).filteredOn(f -> f.endsWith(".age")).hasSize(1);

        // And the files put back: a good run again.
        Thread.sleep(1100);
        BackupRun again = backups.now(database.serviceId(), Prompts.NONE);
        assertThat(again.manifest().status()).as(again.manifest().error()).isEqualTo("ok");
        assertThat(again.manifest().tables()).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("public.t");
            assertThat(t.rows()).isEqualTo(1000);
        });
    }

    /**
     * Runs the node's script as cron does, with the sums' SQL (postgres.in) replaced, and the recipient too when given; puts
     * them back after. A half that is not stopped would keep this past its 40 s.
     */
    private BackupManifest nodeRun(String sumsSql, String recipient) {
        var result = fixture.connection().exec(Command.script("""
                d="$HOME/.local/lib/homeport/backup"
                cp "$d/postgres.in" "$d/.saved-in" && cp "$d/backup-recipient.$1" "$d/.saved-recipient" || exit 9
                printf '%s' "$2" > "$d/postgres.in"
                [ -z "$3" ] || echo "$3" > "$d/backup-recipient.$1"
                "$d/backup-db" --trigger manual postgres "$1" 7 30
                rc=$?
                mv -f "$d/.saved-in" "$d/postgres.in"
                mv -f "$d/.saved-recipient" "$d/backup-recipient.$1"
                exit $rc
                """, database.dataVolume(), sumsSql, recipient == null ? "" : recipient), Duration.ofSeconds(40), null);
        assertThat(result.exitStatus()).as(result.err()).isEqualTo(1);
        return BackupManifest.parse(result.out().strip());
    }

    private long waitForRows(String container, String psql, long rows) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            long now = Long.parseLong(run(container, psql, "SELECT count(*) FROM w;"));
            if (now >= rows || System.nanoTime() > deadline) {
                assertThat(now).as("the writer's rows").isGreaterThanOrEqualTo(rows);
                return now;
            }
            Thread.sleep(100);
        }
    }

    /** Waits (up to 30 s) until the query prints {@code t} or a number other than 0. */
    private void waitFor(String container, String psql, String query) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String said;
        while (!((said = run(container, psql, query)).equals("t") || said.matches("[1-9]\\d*"))) {
            assertThat(System.nanoTime()).as("waited for " + query + ", last " + said).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @Test
    void mariadbBackupDecryptsToSqlTheServerLoads(@org.junit.jupiter.api.io.TempDir Path local) throws Exception {
        open("maria", DatabaseEngine.MARIADB, fixture.rig.mariadbImage());
        String container = container();
        String mariadb = "export MYSQL_PWD=\"$MARIADB_PASSWORD\"; exec mariadb -N -B -u \"$MARIADB_USER\" \"$MARIADB_DATABASE\"";
        run(container, mariadb, "CREATE TABLE t (id INT PRIMARY KEY, v TEXT); INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'it''s');");

        BackupRun run = backups.now(database.serviceId(), Prompts.NONE);
        assertThat(run.manifest().status()).as(run.manifest().error()).isEqualTo("ok");
        assertThat(run.manifest().tables()).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("t");
            assertThat(t.rows()).isEqualTo(3);
            assertThat(t.checksum()).isNotBlank();
        });
        Path file = backups.pull(database.serviceId(), local, Prompts.NONE).getFirst();
        byte[] sql = new GZIPInputStream(new java.io.ByteArrayInputStream(decrypt(file))).readAllBytes();
        // The server's own client loads the dump into a new database, which then holds the same rows.
        String root = "export MYSQL_PWD=\"$MARIADB_ROOT_PASSWORD\"; exec mariadb -N -B -u root";
        run(container, root, "CREATE DATABASE restored;");
        ContainerExec.Result load = ContainerExec.run(docker(), container, List.of("sh", "-c", root + " restored"), sql, Duration.ofSeconds(60));
        assertThat(load.exitCode()).as(load.output()).isZero();
        assertThat(run(container, root, "SELECT COUNT(*), MAX(v) FROM restored.t;")).isEqualTo("3\tit's");
    }

    @Test
    void redisBackupDecryptsToAnRdbFileRedisChecksAndAFailedRunIsRecorded(@org.junit.jupiter.api.io.TempDir Path local) throws Exception {
        open("cache", DatabaseEngine.REDIS, fixture.rig.redisImage());
        String container = container();
        String cli = "export REDISCLI_AUTH=\"$REDIS_PASSWORD\"; exec redis-cli";
        run(container, cli, "SET a 1\nSET b 2\nSELECT 3\nSET c 3\n");

        BackupRun ok = backups.now(database.serviceId(), Prompts.NONE);
        assertThat(ok.manifest().status()).as(ok.manifest().error()).isEqualTo("ok");
        assertThat(ok.manifest().tables()).containsExactly(new TableSum("db0", 2, null), new TableSum("db3", 1, null));
        Path file = backups.pull(database.serviceId(), local, Prompts.NONE).getFirst();
        Path rdb = local.resolve("dump.rdb");
        Files.write(rdb, new GZIPInputStream(new java.io.ByteArrayInputStream(decrypt(file))).readAllBytes());
        assertThat(new String(Files.readAllBytes(rdb), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("REDIS");
        assertThat(Processes.run("redis-check-rdb", rdb.toString())).contains("RDB looks OK");
        assertThat(backups.report(database.serviceId(), Prompts.NONE).health().state()).isEqualTo(BackupHealth.State.OK);

        // The database stopped: the run fails, the node records it, and the backups stand as failed.
        docker().stopContainerCmd(container).exec();
        Thread.sleep(1100); // a new stamp: the node's stamps are to the second
        BackupRun failed = backups.now(database.serviceId(), Prompts.NONE);
        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.manifest().error()).contains("no running container uses the volume " + database.dataVolume());
        assertThat(failed.manifest().file()).isNull();
        BackupService.Report report = backups.report(database.serviceId(), Prompts.NONE);
        assertThat(report.runs()).hasSize(2);
        assertThat(report.health().state()).isEqualTo(BackupHealth.State.FAILED);
        assertThat(report.health().bad()).isTrue();
    }

    @Test
    void retentionKeepsTheNewestByCountAndAge() throws Exception {
        open("cache", DatabaseEngine.REDIS, fixture.rig.redisImage());
        Instant clock = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofDays(30));
        // A week of hourly runs before the clock (168 good, the ones at every sixth hour failed instead).
        String folder = BackupPaths.folder(database.dataVolume());
        var made = fixture.connection().exec(Command.script("""
                mkdir -p "$1" && cd "$1" || exit 1
                i=1
                while [ $i -le 168 ]; do
                  t=$(($2 - i * 3600)); s=$(date -u -d "@$t" +%Y%m%dT%H%M%SZ); st=$(date -u -d "@$t" +%Y-%m-%dT%H:%M:%SZ)
                  if [ $((i % 6)) -eq 0 ]; then
                    printf '{"version":1,"engine":"redis","status":"failed","error":"x","trigger":"schedule","started":"%s"}\\n' "$st" > "$s.json"
                  else
                    : > "$s.rdb.gz.age"
                    printf '{"version":1,"engine":"redis","status":"ok","trigger":"schedule","started":"%s","file":"%s.rdb.gz.age"}\\n' "$st" "$s" > "$s.json"
                  fi
                  i=$((i + 1))
                done
                """, folder, Long.toString(clock.getEpochSecond())));
        assertThat(made.exitStatus()).as(made.err()).isZero();

        // Keep 100 for 2 days: the age decides. Left: the run now, and the 48 hours before it (40 good, 8 failed records).
        store.save(new BackupSchedule(database.serviceId(), BackupSchedule.Every.HOURLY, 0, 0, 100, 2, null, Instant.now()));
        assertThat(backups.run(database.serviceId(), Prompts.NONE, clock).succeeded()).isTrue();
        List<BackupRun> runs = backups.report(database.serviceId(), Prompts.NONE).runs();
        assertThat(runs).hasSize(49);
        assertThat(runs.stream().filter(r -> !r.succeeded())).hasSize(8);
        assertThat(runs.getLast().stamp()).isEqualTo(BackupPaths.stamp(clock.minus(Duration.ofHours(48))));
        assertThat(files(folder)).hasSize(49 + 41);

        // Keep 10 for 30 days: the count decides, for good backups and failure records each.
        store.save(new BackupSchedule(database.serviceId(), BackupSchedule.Every.HOURLY, 0, 0, 10, 30, null, Instant.now()));
        assertThat(backups.run(database.serviceId(), Prompts.NONE, clock.plus(Duration.ofHours(1))).succeeded()).isTrue();
        runs = backups.report(database.serviceId(), Prompts.NONE).runs();
        assertThat(runs.stream().filter(BackupRun::succeeded)).hasSize(10);
        assertThat(runs.stream().filter(r -> !r.succeeded())).hasSize(8);
        assertThat(runs.getFirst().stamp()).isEqualTo(BackupPaths.stamp(clock.plus(Duration.ofHours(1))));

        // Good backups older than the age limit go, except the newest good one, whatever its age.
        store.save(new BackupSchedule(database.serviceId(), BackupSchedule.Every.HOURLY, 0, 0, 10, 1, null, Instant.now()));
        docker().stopContainerCmd(container()).exec();
        BackupRun failed = backups.run(database.serviceId(), Prompts.NONE, clock.plus(Duration.ofDays(5)));
        assertThat(failed.succeeded()).isFalse();
        runs = backups.report(database.serviceId(), Prompts.NONE).runs();
        assertThat(runs).extracting(BackupRun::stamp).containsExactly(BackupPaths.stamp(clock.plus(Duration.ofDays(5))),
                BackupPaths.stamp(clock.plus(Duration.ofHours(1))));
    }

    private List<String> files(String folder) {
        var listed = fixture.connection().exec(Command.script("cd \"$1\" && ls", folder));
        return listed.out().lines().toList();
    }

    private byte[] decrypt(Path file) throws Exception {
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        try (InputStream in = Files.newInputStream(file)) {
            backups.key().decrypt(in, plain);
        }
        return plain.toByteArray();
    }

    private String container() {
        Deployment live = fixture.history.live(database.serviceId()).orElseThrow();
        return fixture.container(database.serviceId(), live.id()).orElseThrow().getId();
    }

    private String run(String container, String shell, String input) {
        ContainerExec.Result result = exec(container, List.of("sh", "-c", shell), input);
        assertThat(result.exitCode()).as(result.output()).isZero();
        return result.output().strip();
    }

    private ContainerExec.Result exec(String container, List<String> command, String input) {
        return ContainerExec.run(docker(), container, command, input == null ? null : input.getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(60));
    }

    private DockerClient docker() {
        return fixture.clients.docker(fixture.connection()).client();
    }
}
