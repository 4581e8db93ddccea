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
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code homeport verify-backup} and {@code homeport restore} on the rig: a backup listed as never verified,
 * verified (the mark seen by the list), restored and swapped in with --yes (the rows after the backup are gone,
 * the old volume named), and the old volume dropped; the identity on standard input.
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
        TestBackups.Key age = TestBackups.key(root);
        String stamp;
        try (Homeport homeport = Homeport.open(cli.home, null)) {
            long id = homeport.inventory().resolve(InventoryPath.parse(DB)).id();
            key = homeport.inventory().serviceNodeKey(id);
            volume = homeport.inventory().databases().find(id).orElseThrow().dataVolume();
            var connection = homeport.nodeService().connection(homeport.nodes().node("rig"), Prompts.NONE);
            var docker = homeport.nodeClients().docker(connection).client();
            String live = ScratchRestore.liveContainer(docker, key).orElseThrow().getId();
            stamp = TestBackups.postgres(docker, live, volume, age, Instant.parse("2026-12-06T10:00:00Z"), m -> m);
        }
        restored = ScratchRestore.scratchVolume(volume, stamp);
        assertThat(cli.run("db", "connect", DB, "--", "-tA", "-c", "INSERT INTO t VALUES ('after')").exitCode()).isZero();

        assertThat(cli.ok("verify-backup", DB, "--list")).contains(stamp).contains("pg_dump-custom").contains("never verified");
        CliRunner.Result noKey = cli.run("verify-backup", DB);
        assertThat(noKey.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(noKey.err()).contains("--identity-file");
        CliRunner.Result verified = cli.run(new ByteArrayInputStream(age.identity()), "verify-backup", DB, "--identity-file", "-");
        assertThat(verified.exitCode()).as(verified.err()).isZero();
        assertThat(verified.out()).contains("Backup " + stamp).contains("verified: 1 table").contains("public.t: ok, 1 rows");
        assertThat(cli.ok("verify-backup", DB, "--list")).contains("VERIFIED");

        CliRunner.Result notConfirmed = cli.run(new ByteArrayInputStream(age.identity()), "restore", DB, stamp, "--identity-file", "-");
        assertThat(notConfirmed.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(notConfirmed.err()).contains("pass --yes").contains("restored copy was removed");
        assertThat(Processes.run("docker", "volume", "ls", "-q").lines()).doesNotContain(restored);

        CliRunner.Result swapped = cli.run(new ByteArrayInputStream(age.identity()), "restore", DB, stamp, "--identity-file", "-", "--yes");
        assertThat(swapped.exitCode()).as(swapped.err()).isZero();
        assertThat(swapped.out()).contains("data volume is now " + restored).contains("old data is kept on volume " + volume)
                .contains("--drop-old-volume " + volume);
        assertThat(cli.run("db", "connect", DB, "--", "-tA", "-c", "SELECT string_agg(v, ',') FROM t").out().strip()).isEqualTo("backed up");

        CliRunner.Result dropped = cli.run("restore", DB, "--drop-old-volume", volume, "--yes");
        assertThat(dropped.exitCode()).as(dropped.err()).isZero();
        assertThat(Processes.run("docker", "volume", "ls", "-q").lines()).doesNotContain(volume).contains(restored);
        assertThat(Files.exists(Path.of("/var/lib/homeport/backups", volume, stamp + ".verified.json"))).isTrue();
    }
}
