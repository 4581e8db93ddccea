package dev.homeport.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homeport.model.Deployment;
import dev.homeport.model.DeploymentState;
import dev.homeport.model.RetentionPolicy;
import dev.homeport.model.inventory.DeploymentHistory;
import dev.homeport.model.inventory.InventoryPath;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionCommandsTest {
    @TempDir
    Path root;
    CliRunner cli;

    @BeforeEach
    void shop() {
        cli = new CliRunner(root.resolve("home")).withShop();
    }

    @Test
    void showPrintsTheDefaultsUntilSetChangesThem() {
        assertThat(cli.ok("settings", "retention", "show")).isEqualTo("""
                releases kept per service  100
                  with their full log      20
                node events kept for       90 days
                  at most, per node        1000
                """);

        assertThat(cli.ok("settings", "retention", "set", "--deployments", "30", "--event-days", "14"))
                .startsWith("Saved. Homeport keeps 30 releases per service (20 with their logs), and node events of the last 14 days");

        JsonNode shown = cli.json("settings", "retention", "show", "--json");
        assertThat(shown.get("deploymentsKept").asInt()).isEqualTo(30);
        assertThat(shown.get("logsKept").asInt()).isEqualTo(20);
        assertThat(shown.get("eventDays").asInt()).isEqualTo(14);
        assertThat(shown.get("eventsKept").asInt()).isEqualTo(1000);
        cli.ok("settings", "retention", "set", "--defaults");
        cli.withHomeport(homeport -> assertThat(homeport.retention().policy()).isEqualTo(RetentionPolicy.defaults()));
    }

    @Test
    void aBadPolicyIsRefusedByItsOptionAndChangesNothing() {
        CliRunner.Result tooManyLogs = cli.run("settings", "retention", "set", "--deployments", "10", "--logs", "11");
        assertThat(tooManyLogs.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(tooManyLogs.err()).isEqualTo("homeport: --logs: cannot be more than the deployments kept (10), got 11\n");
        CliRunner.Result nothing = cli.run("settings", "retention", "set");
        assertThat(nothing.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(nothing.err()).contains("Give at least one of --deployments");
        assertThat(cli.run("settings", "retention", "set", "--event-days", "0").err()).contains("--event-days: must be between 1 and 3650, got 0");
        cli.withHomeport(homeport -> assertThat(homeport.retention().policy()).isEqualTo(RetentionPolicy.defaults()));
    }

    @Test
    void pruneRemovesTheReleasesBeyondThePolicyAndSaysWhat() {
        AtomicReference<List<Long>> ids = new AtomicReference<>();
        cli.withHomeport(homeport -> {
            long web = homeport.inventory().resolve(InventoryPath.parse("acme/shop/prod/web")).id();
            DeploymentHistory history = homeport.deployments();
            for (int i = 0; i < 8; i++) {
                Deployment d = history.queue(web, null, "nginx:1." + i, "{}");
                history.appendLog(d.id(), List.of("pulling", "failed"));
                history.transition(d.id(), DeploymentState.QUEUED, DeploymentState.PREPARING, null);
                history.transition(d.id(), DeploymentState.PREPARING, DeploymentState.FAILED, "no such image");
            }
            ids.set(history.ofService(web).stream().map(Deployment::id).toList());
        });
        cli.ok("settings", "retention", "set", "--deployments", "5", "--logs", "1");

        assertThat(cli.ok("settings", "retention", "prune")).isEqualTo("Removed 3 releases, 14 log lines and 0 node events.\n");

        assertThat(cli.json("releases", "acme/shop/prod/web", "--json")).hasSize(5);
        assertThat(cli.ok("settings", "retention", "prune")).isEqualTo("Nothing to remove: the store holds no more than the policy keeps.\n");
        assertThat(cli.ok("releases", "acme/shop/prod/web", "--log", ids.get().get(0).toString())).contains("pulling");
    }
}
