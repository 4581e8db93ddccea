package dev.homeport.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.homeport.app.Homeport;
import dev.homeport.model.inventory.InventoryPath;
import dev.homeport.ssh.deploy.DeployedServices;
import dev.homeport.ssh.rig.Processes;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigBackups;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.transport.Prompts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code homeport backup} on the rig: schedule, now, list (exit 4 once a run failed), pull, schedule --off. */
@ExtendWith(RigExtension.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class BackupCliTest {
    private static final String DB = "acme/shop/prod/cache";
    @TempDir
    Path root;
    private CliRunner cli;
    private Long key;
    private String volume;

    @AfterEach
    void removeWhatTheTestLeft() {
        if (key != null) {
            try (Homeport homeport = Homeport.open(cli.home, null)) {
                var connection = homeport.nodeService().connection(homeport.nodes().node("rig"), Prompts.NONE);
                RigBackups.removeFromNode(connection, volume);
                DeployedServices.remove(connection, homeport.nodeClients().docker(connection).client(), key);
            }
        }
        if (volume != null) {
            Processes.call(List.of("docker", "volume", "rm", "-f", volume), null);
        }
    }

    @Test
    void aRedisDatabaseBackedUpListedPulledAndAFailureMakesListExitFour(Rig rig) throws Exception {
        cli = CliRunner.withRigEnvironment(root.resolve("home"), rig);
        cli.ok("db", "create", DB, "--engine", "redis", "--image", rig.redisImage());
        try (Homeport homeport = Homeport.open(cli.home, null)) {
            long id = homeport.inventory().resolve(InventoryPath.parse(DB)).id();
            key = homeport.inventory().serviceNodeKey(id);
            volume = homeport.inventory().databases().find(id).orElseThrow().dataVolume();
        }
        assertThat(cli.run("deploy", DB, "--quiet").exitCode()).isZero();
        assertThat(cli.ok("backup", "list")).contains("No database or volume has a backup schedule");

        CliRunner.Result bad = cli.run("backup", "schedule", DB, "--every", "weekly");
        assertThat(bad.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(bad.err()).contains("every: must be hourly or daily");
        assertThat(cli.ok("backup", "schedule", DB, "--every", "hourly", "--at", ":07", "--keep", "3"))
                .contains("Backups of '" + DB + "': hourly at :07 (node time), keep 3 for up to 30 days, on rig.");

        CliRunner.Result now = cli.run("backup", "now", DB);
        assertThat(now.exitCode()).as(now.err()).isZero();
        assertThat(now.out()).contains(DB).contains(" ok ").contains("manual").contains(".rdb.gz.age");
        CliRunner.Result listed = cli.run("backup", "list");
        assertThat(listed.exitCode()).as(listed.err()).isZero();
        assertThat(listed.out()).contains(DB + ": OK, last backup");

        assertThat(cli.ok("backup", "pull", DB)).contains("1 new backup(s)");
        assertThat(cli.ok("backup", "pull")).contains("nothing new");
        try (var files = Files.list(root.resolve("home").resolve("database-backups").resolve(volume))) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.endsWith(".rdb.gz.age")).anyMatch(n -> n.endsWith(".json"));
        }
        // The copies here follow the schedule's retention (keep 3) after a pull, unless --keep-copies; pull and list say so.
        for (int i = 0; i < 3; i++) {
            Thread.sleep(1100);
            cli.ok("backup", "now", DB);
        }
        assertThat(cli.ok("backup", "pull", DB, "--keep-copies")).contains("3 new backup(s)").contains("old copies kept (--keep-copies)");
        assertThat(cli.ok("backup", "list", DB)).contains("keep 3 for up to 30 days; 4 copies here");
        assertThat(cli.ok("backup", "pull", DB)).contains("nothing new")
                .contains("; 1 old copy pruned (copies kept: the newest 3, 30 days back from the newest).");
        assertThat(cli.ok("backup", "list", DB)).contains("; 3 copies here");
        try (var files = Files.list(root.resolve("home").resolve("database-backups").resolve(volume))) {
            assertThat(files.map(p -> p.getFileName().toString())).hasSize(6);
        }

        Processes.run("docker", "stop", "-t", "1", Processes.run("docker", "ps", "-q", "--filter", "volume=" + volume));
        Thread.sleep(1100);
        CliRunner.Result failed = cli.run("backup", "now", DB);
        assertThat(failed.exitCode()).isEqualTo(Cli.BACKUP_PROBLEM);
        assertThat(failed.out()).contains("failed").contains("error: no running container uses the volume " + volume);
        CliRunner.Result afterFailure = cli.run("backup", "list", "--json");
        assertThat(afterFailure.exitCode()).isEqualTo(Cli.BACKUP_PROBLEM);
        JsonNode json = new ObjectMapper().readTree(afterFailure.out());
        assertThat(json.get(0).get("database").asText()).isEqualTo(DB);
        assertThat(json.get(0).get("state").asText()).isEqualTo("failed");
        assertThat(json.get(0).get("runs")).hasSize(4);
        assertThat(json.get(0).get("copiesHere").asInt()).isEqualTo(3);

        assertThat(cli.ok("backup", "schedule", DB, "--off")).contains("Removed the backup schedule");
        assertThat(cli.ok("backup", "list")).contains("No database or volume has a backup schedule");
    }
}
