package dev.homeport.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.app.Homeport;
import dev.homeport.model.inventory.InventoryPath;
import dev.homeport.ssh.backup.ScratchRestore;
import dev.homeport.ssh.backup.TestBackups;
import dev.homeport.ssh.deploy.DeployedServices;
import dev.homeport.ssh.rig.Processes;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.transport.Prompts;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code homeport backup verify} and {@code homeport backup restore} on the rig, with a backup made by {@code backup now}: a backup listed as never verified,
 * verified (the mark seen by the list), restored and swapped in with --yes (the rows after the backup are gone,
 * the old volume named), and the old volume dropped; one made to another key is refused.
 */
@ExtendWith(RigExtension.class)
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class BackupRestoreCliTest {
    private static final String DB = "acme/shop/prod/db";
    @TempDir
    Path root;
    private CliRunner cli;
    private Long key;
    private String volume;
    private String restored;

    @AfterEach
    void removeWhatTheTestLeft() {
        if (key != null) {
            cli.run("backup", "schedule", DB, "--off"); // its cron line on the node
            try (Homeport homeport = Homeport.open(cli.home, null)) {
                var connection = homeport.nodeService().connection(homeport.nodes().node("rig"), Prompts.NONE);
                DeployedServices.remove(connection, homeport.nodeClients().docker(connection).client(), key);
            }
        }
        for (String v : new String[] {volume, restored}) {
            if (v != null) {
                Processes.call(List.of("docker", "volume", "rm", "-f", v), null);
            }
        }
        if (volume != null) {
            TestBackups.removeFolder(volume);
        }
    }

    @Test
    void aBackupIsVerifiedThenRestoredAndSwappedIn(Rig rig) throws Exception {
        cli = CliRunner.withRigEnvironment(root.resolve("home"), rig);
        cli.ok("db", "create", DB, "--engine", "postgres", "--image", rig.postgresImage());
        assertThat(cli.run("deploy", DB, "--quiet").exitCode()).isZero();
        assertThat(cli.run("db", "connect", DB, "--", "-tA", "-c", "CREATE TABLE t (v text); INSERT INTO t VALUES ('backed up')").exitCode()).isZero();
        try (Homeport homeport = Homeport.open(cli.home, null)) {
            long id = homeport.inventory().resolve(InventoryPath.parse(DB)).id();
            key = homeport.inventory().serviceNodeKey(id);
            volume = homeport.inventory().databases().find(id).orElseThrow().dataVolume();
        }
        // A backup as the node's script makes it, encrypted to this store's own key.
        CliRunner.Result backedUp = cli.run("backup", "now", DB);
        assertThat(backedUp.exitCode()).as(backedUp.err()).isZero();
        java.util.regex.Matcher made = java.util.regex.Pattern.compile("\\d{8}T\\d{6}Z").matcher(backedUp.out());
        assertThat(made.find()).as(backedUp.out()).isTrue();
        String stamp = made.group();
        restored = ScratchRestore.scratchVolume(volume, stamp);
        assertThat(cli.run("db", "connect", DB, "--", "-tA", "-c", "INSERT INTO t VALUES ('after')").exitCode()).isZero();

        assertThat(cli.ok("backup", "verify", DB, "--list")).contains(stamp).contains("pg_dump-custom").contains("never verified");
        TestBackups.Key otherKey = TestBackups.key(root);
        CliRunner.Result wrongKey = cli.run(new ByteArrayInputStream(otherKey.identity()), "backup", "verify", DB, "--identity-file", "-");
        assertThat(wrongKey.exitCode()).as(wrongKey.out() + wrongKey.err()).isNotZero();
        assertThat(cli.ok("backup", "verify", DB, "--list")).doesNotContain("VERIFIED");
        CliRunner.Result verified = cli.run("backup", "verify", DB);
        assertThat(verified.exitCode()).as(verified.err()).isZero();
        assertThat(verified.out()).contains("Backup " + stamp).contains("verified: 1 table").contains("public.t: ok, 1 rows");
        assertThat(cli.ok("backup", "verify", DB, "--list")).contains("VERIFIED");
        // The verified mark beside the backup is not a run of its own: the backups stand as they did.
        CliRunner.Result listed = cli.run("backup", "list", DB);
        assertThat(listed.exitCode()).as(listed.out() + listed.err()).isZero();
        assertThat(listed.out()).contains(DB + ": OK").doesNotContain(".verified");

        CliRunner.Result notConfirmed = cli.run("backup", "restore", DB, stamp);
        assertThat(notConfirmed.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(notConfirmed.err()).contains("pass --yes").contains("restored copy was removed");
        assertThat(Processes.run("docker", "volume", "ls", "-q").lines()).doesNotContain(restored);

        assertThat(cli.run("backup", "schedule", DB, "--every", "daily", "--at", "03:30").exitCode()).isZero();
        CliRunner.Result swapped = cli.run("backup", "restore", DB, stamp, "--yes");
        assertThat(swapped.exitCode()).as(swapped.err()).isZero();
        assertThat(swapped.out()).contains("data volume is now " + restored).contains("old data is kept on volume " + volume)
                .contains("--drop-old-volume " + volume);
        assertThat(cli.run("db", "connect", DB, "--", "-tA", "-c", "SELECT string_agg(v, ',') FROM t").out().strip()).isEqualTo("backed up");

        // The schedule moved to the restored volume: the node's one cron line for it backs up what the database runs on.
        try (Homeport homeport = Homeport.open(cli.home, null)) {
            long id = homeport.inventory().resolve(InventoryPath.parse(DB)).id();
            assertThat(homeport.backupService().cronLine(id, Prompts.NONE)).hasValueSatisfying(line -> assertThat(line).endsWith(" " + restored));
        }
        assertThat(Processes.run("crontab", "-l", "-u", "homeport-test").lines().filter(line -> line.contains(" # homeport-backup " + volume)))
                .singleElement().satisfies(line -> assertThat(line).endsWith(" " + restored));

        CliRunner.Result dropped = cli.run("backup", "restore", DB, "--drop-old-volume", volume, "--yes");
        assertThat(dropped.exitCode()).as(dropped.err()).isZero();
        assertThat(Processes.run("docker", "volume", "ls", "-q").lines()).doesNotContain(volume).contains(restored);
        assertThat(Files.exists(Path.of("/var/lib/homeport/backups", volume, stamp + ".verified.json"))).isTrue();
    }
}
