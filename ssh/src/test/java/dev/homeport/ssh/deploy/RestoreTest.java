package dev.homeport.ssh.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import dev.homeport.model.Database;
import dev.homeport.model.DatabaseEngine;
import dev.homeport.model.Deployment;
import dev.homeport.ssh.backup.BackupManifest;
import dev.homeport.ssh.backup.BackupPaths;
import dev.homeport.ssh.backup.RestoreException;
import dev.homeport.ssh.backup.Restores;
import dev.homeport.ssh.backup.ScratchRestore;
import dev.homeport.ssh.backup.TableChecksums;
import dev.homeport.ssh.backup.TableSum;
import dev.homeport.ssh.backup.TestBackups;
import dev.homeport.ssh.backup.Verification;
import dev.homeport.ssh.backup.VerifiedMark;
import dev.homeport.ssh.docker.ContainerExec;
import dev.homeport.ssh.rig.Processes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Restores into a scratch container beside a live database on the rig's node, from backups this test
 * makes as the node's backup script will: the engine's own dump tool in the live container, encrypted
 * with {@code age -r} to a test identity, and a manifest with {@link TableChecksums}' lines. A good backup
 * verifies (and is marked so beside its manifest); a tampered manifest, file or key is caught; a swap
 * redeploys the database on the restored volume and keeps the old one until it is dropped.
 */
class RestoreTest extends RigDeployTest {
    private final List<String> volumes = new ArrayList<>();
    private Path backups;

    @AfterEach
    void removeWhatTheTestMade() throws Exception {
        fixture.close();
        for (String volume : volumes) {
            Processes.removeVolume(volume);
        }
        if (backups != null) {
            TestBackups.removeFolder(backups.getFileName().toString());
        }
    }

    @Test
    void aPostgresBackupRestoresBesideTheLiveDatabaseAndVerifies() throws Exception {
        Database database = deploy("pg", DatabaseEngine.POSTGRES, fixture.rig.postgresImage());
        String live = liveContainer(database);
        psql(live, "CREATE TABLE customer (id int PRIMARY KEY, name text); INSERT INTO customer SELECT g, 'c' || g FROM generate_series(1, 500) g;"
                + "CREATE SCHEMA shop; CREATE TABLE shop.\"order\" (id int, customer int, note text); INSERT INTO shop.\"order\" VALUES (1, 1, 'first'), (2, 7, null);");
        TestBackups.Key key = key();
        String stamp = backup(database, live, key, "2026-12-06T10:00:00Z", m -> m);

        List<String> log = new ArrayList<>();
        var outcome = ScratchRestore.run(target(database, live), new ScratchRestore.Source.OnNode(stamp), key.identity(), false, log::add);
        assertThat(outcome.verification().passed()).as(String.join("\n", outcome.verification().lines())).isTrue();
        assertThat(outcome.verification().tables()).extracting(Verification.TableCheck::name).containsExactly("public.customer", "shop.\"order\"");
        assertThat(outcome.verification().tables().getFirst().actual().rows()).isEqualTo(500);
        assertThat(outcome.keptVolume()).isNull();
        assertThat(log).anyMatch(l -> l.contains("SHA-256")).anyMatch(l -> l.contains("pg_restore"));
        VerifiedMark mark = VerifiedMark.parse(Files.readString(backups.resolve(VerifiedMark.fileName(stamp))));
        assertThat(mark.verified()).isTrue();
        assertThat(mark.tables()).isEqualTo(2);
        assertNothingLeftOfTheScratch(database, stamp);
        // The live database was not touched.
        assertThat(psql(live, "SELECT count(*) FROM customer;")).isEqualTo("500");
    }

    @Test
    void aMariadbBackupRestoresAndVerifiesAndAChangedRowIsCaught() throws Exception {
        Database database = deploy("maria", DatabaseEngine.MARIADB, fixture.rig.mariadbImage());
        String live = liveContainer(database);
        String mariadb = "export MYSQL_PWD=\"$MARIADB_PASSWORD\"; exec mariadb -N -B -u\"$MARIADB_USER\" \"$MARIADB_DATABASE\"";
        sql(live, mariadb, "CREATE TABLE customer (id int PRIMARY KEY, name varchar(40)); INSERT INTO customer VALUES (1, 'ann'), (2, 'bo'), (3, 'cy');"
                + "CREATE TABLE `odd name` (v text); INSERT INTO `odd name` VALUES ('x');");
        TestBackups.Key key = key();
        backups = Path.of(BackupPaths.folder(database.dataVolume()));
        String good = TestBackups.make(DatabaseEngine.MARIADB, docker(), live, database.dataVolume(), key, Instant.parse("2026-12-06T10:00:00Z"), m -> m);
        var target = target(database, live);
        var outcome = ScratchRestore.run(target, new ScratchRestore.Source.OnNode(good), key.identity(), false, s -> { });
        assertThat(outcome.verification().passed()).as(String.join("\n", outcome.verification().lines())).isTrue();
        assertThat(outcome.verification().tables()).extracting(Verification.TableCheck::name).containsExactlyInAnyOrder("customer", "odd name");

        // Same row count, other contents: the checksum tells them apart.
        String changed = TestBackups.make(DatabaseEngine.MARIADB, docker(), live, database.dataVolume(), key, Instant.parse("2026-12-06T11:00:00Z"), m -> {
            List<TableSum> tables = new ArrayList<>(m.tables());
            int i = tables.indexOf(tables.stream().filter(t -> t.name().equals("customer")).findFirst().orElseThrow());
            tables.set(i, new TableSum("customer", 3, "1"));
            return withTables(m, tables);
        });
        // What the app does by itself: the newest good backup, never checked, is verified, once.
        Restores restores = new Restores(fixture.inventory, fixture.nodes, fixture.history, fixture.nodeService, fixture.clients);
        var automatic = restores.verifyNewest(database.serviceId(), key.identity(), dev.homeport.ssh.transport.Prompts.NONE).orElseThrow();
        assertThat(automatic.stamp()).isEqualTo(changed);
        assertThat(automatic.verification().passed()).isFalse();
        assertThat(restores.verifyNewest(database.serviceId(), key.identity(), dev.homeport.ssh.transport.Prompts.NONE)).isEmpty();

        Verification caught = ScratchRestore.run(target, new ScratchRestore.Source.OnNode(changed), key.identity(), false, s -> { }).verification();
        assertThat(caught.passed()).isFalse();
        assertThat(caught.tables()).filteredOn(t -> t.name().equals("customer")).extracting(Verification.TableCheck::outcome)
                .containsExactly(Verification.Outcome.MISMATCH);
        assertNothingLeftOfTheScratch(database, good);
        assertNothingLeftOfTheScratch(database, changed);
    }

    @Test
    void aRedisBackupLoadsIntoAScratchRedisIsCheckedByKeyCountsAndSwapsIn() throws Exception {
        Database database = deploy("cache", DatabaseEngine.REDIS, fixture.rig.redisImage());
        String live = liveContainer(database);
        String cli = "export REDISCLI_AUTH=\"$REDIS_PASSWORD\"; exec redis-cli";
        sql(live, cli, "SET a 1\nSET b 2\nSELECT 3\nSET c 3\n");
        // The node's own script makes the backup, to the store's key, as a schedule would.
        var service = new dev.homeport.ssh.backup.BackupService(fixture.inventory, new dev.homeport.model.inventory.Backups(fixture.store, fixture.vault),
                fixture.deploys, fixture.nodeService, java.time.Clock.systemUTC());
        backups = Path.of(BackupPaths.folder(database.dataVolume()));
        var run = service.now(database.serviceId(), dev.homeport.ssh.transport.Prompts.NONE);
        assertThat(run.succeeded()).as(run.manifest().error()).isTrue();
        assertThat(run.manifest().tables()).containsExactly(new TableSum("db0", 2, null), new TableSum("db3", 1, null));
        byte[] identity = (service.key().identity() + "\n").getBytes(StandardCharsets.UTF_8);
        sql(live, cli, "SET after 1\n");
        var target = target(database, live);

        // Another key cannot decrypt it; a manifest that recorded other key counts is caught.
        assertThat(ScratchRestore.run(target, new ScratchRestore.Source.OnNode(run.stamp()), key().identity(), false, s -> { })
                .verification().problem()).contains("age could not decrypt");
        Path manifestFile = backups.resolve(run.stamp() + ".json");
        String recorded = Files.readString(manifestFile);
        Files.writeString(manifestFile, withTables(run.manifest(), List.of(new TableSum("db0", 3, null), new TableSum("db3", 1, null))).toJson());
        Verification lying = ScratchRestore.run(target, new ScratchRestore.Source.OnNode(run.stamp()), identity, false, s -> { }).verification();
        assertThat(lying.passed()).isFalse();
        assertThat(lying.tables()).extracting(Verification.TableCheck::outcome)
                .containsExactly(Verification.Outcome.MISMATCH, Verification.Outcome.OK);
        assertThat(lying.tables().getFirst().actual().rows()).isEqualTo(2);
        Files.writeString(manifestFile, recorded);
        assertNothingLeftOfTheScratch(database, run.stamp());

        List<String> log = new ArrayList<>();
        var outcome = ScratchRestore.run(target, new ScratchRestore.Source.OnNode(run.stamp()), identity, true, log::add);
        assertThat(outcome.verification().passed()).as(String.join("\n", outcome.verification().lines() + "\n" + log)).isTrue();
        assertThat(outcome.verification().tables()).extracting(Verification.TableCheck::name).containsExactly("db0", "db3");
        assertThat(outcome.keptVolume()).isEqualTo(ScratchRestore.scratchVolume(database.dataVolume(), run.stamp()));
        volumes.add(outcome.keptVolume());
        assertThat(log).anyMatch(l -> l.contains("SHA-256")).anyMatch(l -> l.contains("redis-cli ping"));
        assertThat(VerifiedMark.parse(Files.readString(backups.resolve(VerifiedMark.fileName(run.stamp())))).verified()).isTrue();
        assertThat(docker().listContainersCmd().withShowAll(true).withLabelFilter(Map.of("dev.homeport.restore", database.dataVolume())).exec()).isEmpty();
        // The live database was not touched.
        assertThat(sql(live, cli, "GET after\n")).isEqualTo("1");

        // Swapped in: Homeport's Redis runs with appendonly yes, and opens the restored data as it was at the backup.
        fixture.inventory.databases().swapDataVolume(database.serviceId(), outcome.keptVolume());
        Deployment swapped = fixture.deployLive(database.serviceId());
        String next = fixture.container(database.serviceId(), swapped.id()).orElseThrow().getId();
        assertThat(sql(next, cli, "GET a\nEXISTS after\nSELECT 3\nGET c\n").lines().toList()).containsExactly("1", "0", "OK", "3");
        assertThat(sql(next, cli, "CONFIG GET appendonly\n").lines().toList()).containsExactly("appendonly", "yes");
    }

    private String sql(String container, String shell, String input) {
        var result = ContainerExec.run(docker(), container, List.of("sh", "-c", shell), input.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(30));
        assertThat(result.exitCode()).as(result.output()).isZero();
        return result.output().strip();
    }

    @Test
    void aTamperedManifestFileOrKeyIsCaught() throws Exception {
        Database database = deploy("pg", DatabaseEngine.POSTGRES, fixture.rig.postgresImage());
        String live = liveContainer(database);
        psql(live, "CREATE TABLE a (v int); INSERT INTO a SELECT generate_series(1, 10); CREATE TABLE b (v text); INSERT INTO b VALUES ('x');");
        TestBackups.Key key = key();
        var target = target(database, live);

        // A manifest that says a table held other rows, and names a table the dump never had.
        String lying = backup(database, live, key, "2026-12-06T10:00:00Z", m -> {
            List<TableSum> tables = new ArrayList<>(m.tables());
            TableSum a = tables.getFirst();
            tables.set(0, new TableSum(a.name(), a.rows() + 1, a.checksum()));
            tables.add(new TableSum("public.gone", 3, "123"));
            return withTables(m, tables);
        });
        Verification caught = ScratchRestore.run(target, new ScratchRestore.Source.OnNode(lying), key.identity(), true, s -> { }).verification();
        assertThat(caught.passed()).isFalse();
        assertThat(caught.tables()).extracting(Verification.TableCheck::outcome)
                .containsExactly(Verification.Outcome.MISMATCH, Verification.Outcome.OK, Verification.Outcome.MISSING);
        assertThat(VerifiedMark.parse(Files.readString(backups.resolve(VerifiedMark.fileName(lying)))).verified()).isFalse();
        // keepVolume was asked, but a failed check never keeps its volume.
        assertNothingLeftOfTheScratch(database, lying);

        // A file changed after the backup: its SHA-256 is not the manifest's.
        String changed = backup(database, live, key, "2026-12-06T11:00:00Z", m -> m);
        flipAByte(backups.resolve(changed + ".pgdump.age"));
        assertThat(ScratchRestore.run(target, new ScratchRestore.Source.OnNode(changed), key.identity(), false, s -> { })
                .verification().problem()).contains("SHA-256");

        // The same, with no SHA-256 recorded: age's authentication refuses it.
        String unsummed = backup(database, live, key, "2026-12-06T12:00:00Z", m -> withSha(m, null));
        flipAByte(backups.resolve(unsummed + ".pgdump.age"));
        assertThat(ScratchRestore.run(target, new ScratchRestore.Source.OnNode(unsummed), key.identity(), false, s -> { })
                .verification().problem()).contains("age could not decrypt");

        // Another identity cannot decrypt it.
        String good = backup(database, live, key, "2026-12-06T13:00:00Z", m -> m);
        assertThat(ScratchRestore.run(target, new ScratchRestore.Source.OnNode(good), key().identity(), false, s -> { })
                .verification().problem()).contains("age could not decrypt");

        assertThatThrownBy(() -> ScratchRestore.run(target, new ScratchRestore.Source.OnNode("20261206T140000Z"), key.identity(), false, s -> { }))
                .isInstanceOf(RestoreException.class).hasMessageContaining("no backup 20261206T140000Z");
        for (String stamp : List.of(changed, unsummed, good)) {
            assertNothingLeftOfTheScratch(database, stamp);
        }
    }

    @Test
    void aSwapRedeploysOnTheRestoredVolumeAndKeepsTheOldOne() throws Exception {
        Database database = deploy("pg", DatabaseEngine.POSTGRES, fixture.rig.postgresImage());
        String live = liveContainer(database);
        psql(live, "CREATE TABLE t (v text); INSERT INTO t VALUES ('backed up');");
        TestBackups.Key key = key();
        String stamp = backup(database, live, key, "2026-12-06T10:00:00Z", m -> m);
        psql(live, "INSERT INTO t VALUES ('after the backup');");

        var outcome = ScratchRestore.run(target(database, live), new ScratchRestore.Source.OnNode(stamp), key.identity(), true, s -> { });
        assertThat(outcome.verification().passed()).as(String.join("\n", outcome.verification().lines())).isTrue();
        assertThat(outcome.keptVolume()).isEqualTo(ScratchRestore.scratchVolume(database.dataVolume(), stamp));
        volumes.add(outcome.keptVolume());

        String old = fixture.inventory.databases().swapDataVolume(database.serviceId(), outcome.keptVolume());
        assertThat(old).isEqualTo(database.dataVolume());
        assertThat(fixture.inventory.databases().oldVolumes(database.serviceId())).containsExactly(old);
        Deployment swapped = fixture.deployLive(database.serviceId());
        String next = fixture.container(database.serviceId(), swapped.id()).orElseThrow().getId();
        assertThat(psql(next, "SELECT string_agg(v, ',') FROM t;")).isEqualTo("backed up");
        assertThat(docker().inspectContainerCmd(next).exec().getMounts()).anySatisfy(m -> assertThat(m.getName()).isEqualTo(outcome.keptVolume()));
        // The old data is still there, on its volume, until it is dropped; a restore refuses to drop a volume it did not make.
        assertThat(Processes.run("docker", "volume", "ls", "-q").lines()).contains(old);
        assertThatThrownBy(() -> ScratchRestore.removeVolume(docker(), old)).isInstanceOf(RestoreException.class);
    }

    @Test
    void disasterRecoveryRestoresALaptopCopyIntoANewDatabaseAndTheOldVolumeIsDroppedOnlyWhenAsked() throws Exception {
        Database lost = deploy("pg", DatabaseEngine.POSTGRES, fixture.rig.postgresImage());
        String live = liveContainer(lost);
        psql(live, "CREATE TABLE t (v text); INSERT INTO t VALUES ('saved');");
        TestBackups.Key key = key();
        String stamp = backup(lost, live, key, "2026-12-06T10:00:00Z", m -> m);
        // The copy on the laptop: the files only; the node's folder is gone with the node.
        BackupManifest manifest = BackupManifest.parse(Files.readString(backups.resolve(stamp + ".json")));
        Path copy = Files.createDirectories(folder.resolve("laptop"));
        Path encrypted = Files.copy(backups.resolve(manifest.file()), copy.resolve(manifest.file()));
        Path manifestFile = Files.copy(backups.resolve(stamp + ".json"), copy.resolve(stamp + ".json"));
        TestBackups.removeFolder(lost.dataVolume());

        Database fresh = deploy("recovered", DatabaseEngine.POSTGRES, fixture.rig.postgresImage());
        Restores restores = new Restores(fixture.inventory, fixture.nodes, fixture.history, fixture.nodeService, fixture.clients);
        assertThatThrownBy(() -> restores.restoreCopy(fresh.serviceId(), copy.resolve("other.pgdump.age"), manifestFile, key.identity(),
                dev.homeport.ssh.transport.Prompts.NONE, s -> { })).isInstanceOf(RestoreException.class).hasMessageContaining("is of " + manifest.file());
        var outcome = restores.restoreCopy(fresh.serviceId(), encrypted, manifestFile, key.identity(), dev.homeport.ssh.transport.Prompts.NONE, s -> { });
        assertThat(outcome.verification().passed()).as(String.join("\n", outcome.verification().lines())).isTrue();
        volumes.add(outcome.keptVolume());
        String old = new dev.homeport.ssh.backup.BackupService(fixture.inventory, new dev.homeport.model.inventory.Backups(fixture.store, fixture.vault),
                fixture.deploys, fixture.nodeService, java.time.Clock.systemUTC()).swapDataVolume(fresh.serviceId(), outcome.keptVolume(), dev.homeport.ssh.transport.Prompts.NONE);
        Deployment recovered = fixture.deployLive(fresh.serviceId());
        String next = fixture.container(fresh.serviceId(), recovered.id()).orElseThrow().getId();
        // The new database has its own credentials: the dump was restored without owners, so its user owns the tables.
        assertThat(psql(next, "SELECT v FROM t;")).isEqualTo("saved");

        assertThatThrownBy(() -> restores.dropOldVolume(fresh.serviceId(), outcome.keptVolume(), dev.homeport.ssh.transport.Prompts.NONE))
                .isInstanceOf(RestoreException.class).hasMessageContaining("data volume now");
        assertThatThrownBy(() -> restores.dropOldVolume(fresh.serviceId(), lost.dataVolume(), dev.homeport.ssh.transport.Prompts.NONE))
                .isInstanceOf(RestoreException.class).hasMessageContaining("not an old data volume");
        assertThat(Processes.run("docker", "volume", "ls", "-q").lines()).contains(old);
        // The release from before the swap (stopped, kept for rollbacks) mounts the old volume: it goes with it.
        assertThat(restores.dropOldVolume(fresh.serviceId(), old, dev.homeport.ssh.transport.Prompts.NONE)).isEqualTo(1);
        assertThat(Processes.run("docker", "volume", "ls", "-q").lines()).doesNotContain(old);
        assertThat(restores.oldVolumes(fresh.serviceId())).isEmpty();
        assertThat(psql(next, "SELECT v FROM t;")).isEqualTo("saved");
    }

    private TestBackups.Key key() {
        return TestBackups.key(folder);
    }

    private String backup(Database database, String live, TestBackups.Key key, String at, java.util.function.UnaryOperator<BackupManifest> change) {
        backups = Path.of(BackupPaths.folder(database.dataVolume()));
        return TestBackups.postgres(docker(), live, database.dataVolume(), key, Instant.parse(at), change);
    }

    private static BackupManifest withTables(BackupManifest m, List<TableSum> tables) {
        return TestBackups.withTables(m, tables);
    }

    private static BackupManifest withSha(BackupManifest m, String sha) {
        return TestBackups.withSha(m, sha);
    }

    private static void flipAByte(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 40] ^= 0x01;
        Files.write(file, bytes);
    }

    // --- the rig

    private Database deploy(String name, DatabaseEngine engine, String image) throws InterruptedException {
        Database database = fixture.database(name, engine, image);
        volumes.add(database.dataVolume());
        fixture.deployLive(database.serviceId());
        return database;
    }

    private String liveContainer(Database database) {
        return ScratchRestore.liveContainer(docker(), fixture.inventory.serviceNodeKey(database.serviceId())).orElseThrow().getId();
    }

    private ScratchRestore.Target target(Database database, String live) {
        return new ScratchRestore.Target(docker(), live, database.engine(), database.dataVolume());
    }

    private void assertNothingLeftOfTheScratch(Database database, String stamp) {
        assertThat(docker().listContainersCmd().withShowAll(true).withLabelFilter(Map.of("dev.homeport.restore", database.dataVolume())).exec()).isEmpty();
        assertThat(Processes.run("docker", "volume", "ls", "-q")).doesNotContain(ScratchRestore.scratchVolume(database.dataVolume(), stamp));
    }

    private String psql(String container, String sql) {
        var result = ContainerExec.run(docker(), container, List.of("sh", "-c", "exec psql -X -v ON_ERROR_STOP=1 -tA -U \"$POSTGRES_USER\" -d \"$POSTGRES_DB\""),
                sql.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(30));
        assertThat(result.exitCode()).as(result.output()).isZero();
        return result.output().strip();
    }

    private DockerClient docker() {
        return fixture.clients.docker(fixture.connection()).client();
    }
}
