package dev.homeport.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homeport.app.Homeport;
import dev.homeport.model.inventory.InventoryPath;
import dev.homeport.ssh.deploy.DeployedServices;
import dev.homeport.ssh.rig.Processes;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigBackups;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.TestApps;
import dev.homeport.ssh.transport.Prompts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code homeport backup} for a service's named volume on the rig: schedule --stop, now (with and without --stop),
 * list, verify (a scratch volume, gone after, and the mark listed), a restore declined (the new volume goes) and one
 * confirmed (the service is redeployed on the restored files, the old volume kept, the schedule moved along), the old
 * volume dropped, and a failed run that makes list exit 4.
 */
@ExtendWith(RigExtension.class)
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class VolumeBackupCliTest {
    private static final String WEB = "acme/shop/prod/web";
    @TempDir
    Path root;
    private CliRunner cli;
    private Long key;
    private final List<String> volumes = new ArrayList<>();

    @AfterEach
    void removeWhatTheTestLeft() {
        if (key != null) {
            try (Homeport homeport = Homeport.open(cli.home, null)) {
                var connection = homeport.nodeService().connection(homeport.nodes().node("rig"), Prompts.NONE);
                for (String volume : volumes) {
                    RigBackups.removeFromNode(connection, volume);
                }
                DeployedServices.remove(connection, homeport.nodeClients().docker(connection).client(), key);
            }
        }
        for (String volume : volumes) {
            Processes.call(List.of("docker", "volume", "rm", "-f", volume), null);
        }
    }

    @Test
    void aVolumeBackedUpWithAndWithoutStopListedRestoredAndAFailureMakesListExitFour(Rig rig) throws Exception {
        TestApps apps = new TestApps(rig);
        String volume = "homeport-test-vbc-" + UUID.randomUUID().toString().substring(0, 6);
        volumes.add(volume);
        cli = CliRunner.withRigEnvironment(root.resolve("home"), rig);
        cli.ok("service", "create", WEB, "--image", apps.image("v1"), "--port", "8080", "--health-path", "/health", "--drain", "0",
                "--volume", volume + ":/data");
        try (Homeport homeport = Homeport.open(cli.home, null)) {
            key = homeport.inventory().serviceNodeKey(homeport.inventory().resolve(InventoryPath.parse(WEB)).id());
        }
        assertThat(cli.run("deploy", WEB, "--quiet").exitCode()).isZero();
        Processes.run("docker", "exec", container(volume), "sh", "-c", "echo kept > /data/f.txt && mkdir /data/d && echo two > /data/d/g.txt");

        CliRunner.Result notADatabase = cli.run("backup", "now", WEB);
        assertThat(notADatabase.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(notADatabase.err()).contains("is not a database").contains(WEB + ":VOLUME");
        CliRunner.Result noSuchVolume = cli.run("backup", "now", WEB + ":other");
        assertThat(noSuchVolume.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(noSuchVolume.err()).contains("mounts no named volume other");

        assertThat(cli.ok("backup", "schedule", WEB + ":" + volume, "--every", "hourly", "--at", ":07", "--stop"))
                .contains("Backups of '" + WEB + ":" + volume + "': hourly at :07 (node time), keep 7 for up to 30 days,"
                        + " service stopped during the tar, on rig.");
        CliRunner.Result live = cli.run("backup", "now", WEB + ":" + volume);
        assertThat(live.exitCode()).as(live.err()).isZero();
        assertThat(live.out()).contains(" ok ").contains(".tar.gz.age").contains("2 files, taken while the service ran");
        Thread.sleep(1100); // a new stamp: the node's stamps are to the second
        CliRunner.Result stopped = cli.run("backup", "now", WEB + ":" + volume, "--stop", "--json");
        assertThat(stopped.exitCode()).as(stopped.err()).isZero();
        JsonNode run = CliRunner.parse(stopped.out()).get(0);
        assertThat(run.get("stopped").asBoolean()).isTrue();
        assertThat(run.get("files").asLong()).isEqualTo(2);
        String stamp = run.get("stamp").asText();
        assertThat(Processes.run("docker", "inspect", "-f", "{{.State.Running}}", container(volume)).strip()).isEqualTo("true");

        CliRunner.Result listed = cli.run("backup", "list");
        assertThat(listed.exitCode()).as(listed.err()).isZero();
        assertThat(listed.out()).contains(WEB + ":" + volume + ": OK, last backup").contains("service stopped during the tar");

        // Verified without a restore: into a scratch volume, which goes; the mark is listed.
        CliRunner.Result verified = cli.run("backup", "verify", WEB + ":" + volume);
        assertThat(verified.exitCode()).as(verified.err()).isZero();
        assertThat(verified.out()).contains("Backup " + stamp + ":").contains("verified: 2 files, the restored volume's tar has the sha256");
        assertThat(Processes.call(List.of("docker", "volume", "inspect", volume + "-verify-" + stamp.toLowerCase(java.util.Locale.ROOT)), null)
                .exit()).isNotZero();
        assertThat(cli.ok("backup", "verify", WEB + ":" + volume, "--list")).contains(stamp + "  volume-tar-gzip").contains("VERIFIED");

        // A restore declined: the check passes, the new volume goes, nothing changed.
        Processes.run("docker", "exec", container(volume), "sh", "-c", "echo changed > /data/f.txt");
        String restored = volume + "-restore-" + stamp.toLowerCase(java.util.Locale.ROOT);
        volumes.add(restored);
        CliRunner.Result declined = cli.answering("n\n", "backup", "restore", WEB + ":" + volume, stamp);
        assertThat(declined.exitCode()).isNotZero();
        assertThat(declined.out()).contains("verified: 2 files").contains("The restored copy is on volume " + restored);
        assertThat(declined.err()).contains("The restored copy was removed.");
        assertThat(Processes.call(List.of("docker", "volume", "inspect", restored), null).exit()).isNotZero();

        // Confirmed: redeployed on the restored files; the old volume is kept, and the schedule moved to the new one.
        CliRunner.Result restore = cli.run("backup", "restore", WEB + ":" + volume, stamp, "--yes");
        assertThat(restore.exitCode()).as(restore.err()).isZero();
        assertThat(restore.out()).contains("now mounts " + restored + " in place of " + volume).contains("The old volume " + volume + " is kept");
        assertThat(Processes.run("docker", "exec", container(restored), "cat", "/data/f.txt", "/data/d/g.txt").strip()).isEqualTo("kept\ntwo");
        assertThat(Processes.run("docker", "volume", "inspect", "-f", "{{.Name}}", volume).strip()).isEqualTo(volume);
        assertThat(cli.ok("backup", "list")).contains(WEB + ":" + restored + ": ").doesNotContain(WEB + ":" + volume + ":");
        assertThat(restore.out()).contains("homeport backup restore " + WEB + ":" + restored + " --drop-old-volume " + volume);

        // The old volume dropped, as the restore's last line says, with the stopped release that mounted it.
        CliRunner.Result notOld = cli.run("backup", "restore", WEB + ":" + restored, "--drop-old-volume", restored, "--yes");
        assertThat(notOld.exitCode()).isNotZero();
        assertThat(notOld.err()).contains("is not an old volume");
        CliRunner.Result dropped = cli.run("backup", "restore", WEB + ":" + restored, "--drop-old-volume", volume, "--yes");
        assertThat(dropped.exitCode()).as(dropped.err()).isZero();
        assertThat(dropped.out()).contains("Dropped " + volume);
        assertThat(Processes.call(List.of("docker", "volume", "inspect", volume), null).exit()).isNotZero();

        // No container uses the volume any more: the run fails, the node records it, list exits 4.
        Processes.run("sh", "-c", "docker rm -f $(docker ps -a -q --filter volume=\"$1\")", "sh", restored);
        CliRunner.Result failed = cli.run("backup", "now", WEB + ":" + restored);
        assertThat(failed.exitCode()).isEqualTo(Cli.BACKUP_PROBLEM);
        assertThat(failed.out()).contains("failed").contains("error: no container on this node uses the volume " + restored);
        CliRunner.Result afterFailure = cli.run("backup", "list", "--json");
        assertThat(afterFailure.exitCode()).isEqualTo(Cli.BACKUP_PROBLEM);
        JsonNode json = CliRunner.parse(afterFailure.out());
        assertThat(json.get(0).get("database").asText()).isEqualTo(WEB + ":" + restored);
        assertThat(json.get(0).get("volume").asText()).isEqualTo(restored);
        assertThat(json.get(0).get("state").asText()).isEqualTo("failed");

        assertThat(cli.ok("backup", "schedule", WEB + ":" + restored, "--off")).contains("Removed the backup schedule");
        assertThat(cli.ok("backup", "list")).contains("No database or volume has a backup schedule");
    }

    /** The running container that mounts {@code volume}. */
    private static String container(String volume) {
        return Processes.run("docker", "ps", "-q", "--filter", "volume=" + volume).strip();
    }
}
