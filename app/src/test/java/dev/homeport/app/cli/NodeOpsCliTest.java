package dev.homeport.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homeport.ssh.rig.Processes;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * probe, provision, status, metrics and containers through the real command, against the rig's
 * own node (its sshd on this machine, with Docker, Caddy and Netdata running), added to a fresh
 * Homeport home whose known_hosts holds the rig's host key.
 */
@ExtendWith(RigExtension.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class NodeOpsCliTest {
    private static final List<String> PROBE_CHECKS = List.of("os", "resources", "disk-root", "disk-docker", "package-manager",
            "docker", "docker-access", "docker-network", "caddy", "caddy-admin", "netdata", "netdata-api", "ports", "deploy-tools",
            "backup-tools", "privileges");

    @TempDir
    Path root;
    private CliRunner cli;
    private Rig rig;

    @BeforeEach
    void addTheRigNode(Rig theRig) throws Exception {
        rig = theRig;
        // The rig's Docker is shared: the homeport network may exist already (other tests deploy on it).
        if (Processes.call(List.of("docker", "network", "inspect", "homeport"), null).exit() != 0) {
            Processes.call(List.of("docker", "network", "create", "homeport"), null);
        }
        cli = CliRunner.withRigNode(root.resolve("home"), rig);
    }

    @Test
    void theRigNodeProbesCleanAsAChecklistAndAsJson() {
        CliRunner.Result text = cli.run("node", "probe", "rig");
        CliRunner.Result json = cli.run("node", "probe", "rig", "--json");

        assertThat(text.exitCode()).as(text.err()).isZero();
        List<String> lines = text.out().lines().toList();
        assertThat(lines).hasSize(PROBE_CHECKS.size() + 1);
        for (int i = 0; i < PROBE_CHECKS.size(); i++) {
            assertThat(lines.get(i)).startsWith("OK  ").contains(" " + PROBE_CHECKS.get(i) + " ");
        }
        assertThat(lines.getLast()).isEqualTo("Probe of 'rig': all 16 checks OK.");
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode report = CliRunner.parse(json.out());
        assertThat(report.get("node").asText()).isEqualTo("rig");
        assertThat(report.get("clean").asBoolean()).isTrue();
        List<String> ids = new ArrayList<>();
        report.get("checks").forEach(check -> {
            ids.add(check.get("id").asText());
            assertThat(check.get("status").asText()).as(check.toString()).isEqualTo("OK");
        });
        assertThat(ids).containsExactlyElementsOf(PROBE_CHECKS);
        assertThat(report.get("facts").get("user").get(0).asText()).isEqualTo(rig.sshUser());
    }

    @Test
    void provisioningTheRigNodeWithYesChangesNothingAndReportsTheProbeAfter() {
        CliRunner.Result text = cli.run("node", "provision", "rig", "--yes");
        CliRunner.Result json = cli.run("node", "provision", "rig", "--yes", "--json");

        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).contains("docker-group     nothing changed", "Probe after provisioning:", "Probe of 'rig': all 16 checks OK.")
                .endsWith("Provisioned node 'rig': nothing changed.\n");
        assertThat(text.err()).contains("Provision node 'rig' (" + rig.sshUser() + "@" + rig.sshHost() + ":" + rig.sshPort() + ")",
                "==> docker: Docker Engine", "==> network: Docker network homeport", "    nothing changed");
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode result = CliRunner.parse(json.out());
        assertThat(result.get("changed").asBoolean()).isFalse();
        assertThat(result.get("summary").asText()).isEqualTo("nothing changed");
        List<String> steps = new ArrayList<>();
        result.get("steps").forEach(step -> steps.add(step.get("step").asText()));
        assertThat(steps).containsExactly("package-manager", "docker", "docker-group", "caddy", "netdata", "alerts", "network", "deploy-tools", "backup-tools", "container-watch");
        assertThat(result.get("after").get("clean").asBoolean()).isTrue();
    }

    @Test
    void provisioningWithoutYesInAScriptChangesNothing() {
        CliRunner.Result refused = cli.run("node", "provision", "rig");
        CliRunner.Result declined = cli.answering("n\n", "node", "provision", "rig");
        CliRunner.Result badSource = cli.run("node", "provision", "rig", "--yes", "--docker-from", "snap");

        assertThat(refused.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(refused.err()).endsWith("homeport: Nothing was changed: input is not a terminal, so pass --yes to confirm.\n");
        assertThat(declined.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(declined.out()).contains("Provision 'rig'? [y/N] ");
        assertThat(declined.err()).endsWith("homeport: Cancelled; nothing was changed.\n");
        assertThat(badSource.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(badSource.err()).isEqualTo("homeport: --docker-from: must be 'distribution' or 'get.docker.com', got 'snap'\n");
    }

    @Test
    void theRigNodeIsUpAndAnUnreachableNodeIsDown() {
        cli.ok("node", "add", "nowhere", "--host", "127.0.0.1", "--port", "1", "--user", "nobody", "--key", rig.sshKey().toString(),
                "--no-test");

        CliRunner.Result up = cli.run("node", "status", "rig");
        CliRunner.Result both = cli.run("node", "status", "--json");

        assertThat(up.exitCode()).as(up.err()).isZero();
        assertThat(up.out()).startsWith("rig  UP\n").contains("  ssh ", "  docker ", "  caddy ", "  netdata ", "  disk ");
        assertThat(up.out().lines().skip(1)).allSatisfy(line -> assertThat(line).contains(" OK "));
        assertThat(both.exitCode()).isEqualTo(Cli.NODE_PROBLEM);
        JsonNode nodes = CliRunner.parse(both.out());
        assertThat(nodes).hasSize(2);
        JsonNode nowhere = nodes.get(0).get("node").asText().equals("nowhere") ? nodes.get(0) : nodes.get(1);
        JsonNode rigNode = nodes.get(0) == nowhere ? nodes.get(1) : nodes.get(0);
        assertThat(rigNode.get("state").asText()).isEqualTo("UP");
        assertThat(nowhere.get("state").asText()).isEqualTo("DOWN");
        assertThat(nowhere.get("checks").get(0).get("check").asText()).isEqualTo("ssh");
        assertThat(nowhere.get("checks").get(0).get("outcome").asText()).isEqualTo("FAILED");
        assertThat(nowhere.get("checks").get(1).get("outcome").asText()).isEqualTo("SKIPPED");
    }

    @Test
    void metricsPrintsTheCpuChartsRecentPointsAsATableAndAsJson() {
        CliRunner.Result text = cli.run("node", "metrics", "rig", "--chart", "cpu", "--after", "-10");
        CliRunner.Result json = cli.run("node", "metrics", "rig", "--chart", "cpu", "--after", "-10", "--json");
        CliRunner.Result live = cli.run("node", "metrics", "rig", "--chart", "load", "--json");

        assertThat(text.exitCode()).as(text.err()).isZero();
        List<String> lines = text.out().lines().toList();
        assertThat(lines.get(0)).startsWith("system.cpu: ").endsWith("(percentage)");
        assertThat(lines.get(1)).startsWith("time ").contains("user (percentage)", "system (percentage)");
        assertThat(lines.subList(2, lines.size())).isNotEmpty()
                .allSatisfy(line -> assertThat(line).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d( +(-|\\d+\\.\\d\\d))+"));
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode chart = CliRunner.parse(json.out());
        assertThat(chart.get("chart").asText()).isEqualTo("system.cpu");
        assertThat(chart.get("units").asText()).isEqualTo("percentage");
        assertThat(chart.get("points").size()).isPositive();
        JsonNode first = chart.get("points").get(0);
        assertThat(first.get("values").size()).isEqualTo(chart.get("dimensions").size());
        assertThat(first.get("time").asLong()).isGreaterThan(System.currentTimeMillis() / 1000 - 120);
        assertThat(live.exitCode()).as(live.err()).isZero();
        assertThat(CliRunner.parse(live.out()).get("chart").asText()).isEqualTo("system.load");
    }

    @Test
    void anUnknownChartNamesTheChartsTheNodeHas() {
        CliRunner.Result unknown = cli.run("node", "metrics", "rig", "--chart", "no.such.chart");
        CliRunner.Result bothWindows = cli.run("node", "metrics", "rig", "--range", "1h", "--after", "-10");

        assertThat(unknown.exitCode()).isEqualTo(Cli.FAILED);
        assertThat(unknown.err()).startsWith("homeport: Netdata on rig has no chart 'no.such.chart'. Charts on rig: cpu (system.cpu), ")
                .contains("memory (system.ram)").hasLineCount(1);
        assertThat(unknown.out()).isEmpty();
        assertThat(bothWindows.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(bothWindows.err()).isEqualTo("homeport: Give --range or --after, not both.\n");
    }

    @Test
    void containersListsARunningContainerWithItsHomeportLabels() {
        String name = "homeport-cli-test-" + UUID.randomUUID().toString().substring(0, 8);
        Processes.run("docker", "run", "-d", "--name", name, "--label", "dev.homeport.test=true", "--label", "dev.homeport.service=web",
                "--label", "org.example.other=x", rig.baseImage(), "sleep", "300");
        try {
            CliRunner.Result text = cli.run("node", "containers", "rig");
            CliRunner.Result json = cli.run("node", "containers", "rig", "--json");
            CliRunner.Result usage = cli.run("node", "containers", "rig", "--usage", "--json");
            Processes.run("docker", "stop", "-t", "0", name);
            CliRunner.Result running = cli.run("node", "containers", "rig", "--json");
            CliRunner.Result all = cli.run("node", "containers", "rig", "--all", "--json");
            CliRunner.Result allWithUsage = cli.run("node", "containers", "rig", "--all", "--usage");

            assertThat(text.exitCode()).as(text.err()).isZero();
            assertThat(text.out()).startsWith("NAME ").contains("LABELS");
            assertThat(text.out().lines().filter(line -> line.startsWith(name + " ")).findFirst()).get().asString()
                    .contains(rig.baseImage(), "running", "dev.homeport.service=web,dev.homeport.test=true")
                    .doesNotContain("org.example.other");
            JsonNode mine = find(CliRunner.parse(json.out()), name);
            assertThat(mine).isNotNull();
            assertThat(mine.get("state").asText()).isEqualTo("running");
            assertThat(mine.get("health").asText()).isEqualTo("none");
            assertThat(mine.get("labels").get("dev.homeport.test").asText()).isEqualTo("true");
            assertThat(mine.get("labels").get("dev.homeport.service").asText()).isEqualTo("web");
            assertThat(mine.has("cpuPercent")).isFalse();
            assertThat(usage.exitCode()).as(usage.err()).isZero();
            JsonNode used = find(CliRunner.parse(usage.out()), name);
            assertThat(used.get("cpuPercent").asDouble()).isGreaterThanOrEqualTo(0);
            assertThat(used.get("memoryBytes").asLong()).isPositive();
            assertThat(used.get("usageFrom").asText()).isIn("netdata", "docker");
            assertThat(find(CliRunner.parse(running.out()), name)).as("a stopped container is left out by default").isNull();
            assertThat(find(CliRunner.parse(all.out()), name).get("state").asText()).isEqualTo("exited");
            // A stopped container has no use: its CPU and MEMORY columns say so, and its labels stay under LABELS.
            List<String> stoppedRow = List.of(allWithUsage.out().lines().filter(line -> line.startsWith(name + " ")).findFirst()
                    .orElseThrow().split(" {2,}"));
            assertThat(stoppedRow).hasSize(8).startsWith(name, rig.baseImage(), "exited", "none", "-", "-", "-");
            assertThat(stoppedRow.getLast()).contains("dev.homeport.service=web");
        } finally {
            Processes.call(List.of("docker", "rm", "-f", name), null);
        }
    }

    private static JsonNode find(JsonNode containers, String name) {
        for (JsonNode container : containers) {
            if (container.get("name").asText().equals(name)) {
                return container;
            }
        }
        return null;
    }
}
