package dev.homeport.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.ssh.rig.NodeContainer;
import dev.homeport.ssh.rig.Processes;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node commands against a fresh node: a node container with sshd and nothing else, so no
 * Docker Engine, Caddy or Netdata.
 */
@ExtendWith(RigExtension.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class NodeFreshCliTest {
    @TempDir
    Path root;

    @Test
    void aFreshNodeProbesWithFailedChecksIsDegradedAndHasNoMetrics(Rig rig) {
        try (NodeContainer container = NodeContainer.start(rig)) {
            CliRunner cli = new CliRunner(root.resolve("home"));
            cli.ok("node", "add", "fresh", "--host", container.ip(), "--user", container.user(), "--key", rig.sshKey().toString(),
                    "--accept-new-host-key");

            CliRunner.Result probe = cli.run("node", "probe", "fresh");
            CliRunner.Result status = cli.run("node", "status", "fresh");
            CliRunner.Result metrics = cli.run("node", "metrics", "fresh");

            assertThat(probe.exitCode()).as(probe.err()).isEqualTo(Cli.NODE_PROBLEM);
            List<String> lines = probe.out().lines().toList();
            int docker = lines.indexOf(lines.stream().filter(l -> l.matches("FAILED +docker +not installed")).findFirst().orElseThrow());
            assertThat(lines.get(docker + 1)).matches(" +→ \\S.*");
            assertThat(lines).anyMatch(l -> l.matches("OK +os +Debian.*"));
            assertThat(lines.getLast()).startsWith("Probe of 'fresh': ").contains(" failed, ", "docker");
            assertThat(status.exitCode()).as(status.err()).isEqualTo(Cli.NODE_PROBLEM);
            assertThat(status.out()).startsWith("fresh  DEGRADED\n").contains("  ssh      OK ").containsPattern("  docker +FAILED ");
            assertThat(metrics.exitCode()).isEqualTo(Cli.FAILED);
            assertThat(metrics.err()).startsWith("homeport: Netdata on fresh does not answer on 127.0.0.1:19999")
                    .contains("'homeport node provision fresh'").hasLineCount(1);
        }
    }

    @Test
    void ctrlCCancelsTheRunAndStopsAptOnTheNode(Rig rig) throws Exception {
        try (NodeContainer container = NodeContainer.start(rig)) {
            CliRunner cli = new CliRunner(root.resolve("home"));
            cli.ok("node", "add", "fresh", "--host", container.ip(), "--user", container.user(), "--key", rig.sshKey().toString(),
                    "--accept-new-host-key");
            Path errors = root.resolve("stderr");
            Process homeport = HomeportProcess.start(cli.home, errors, "node", "provision", "fresh", "--yes");
            try {
                // Docker is missing on this node: its step starts with apt-get update, whose lines pass through.
                Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                        .until(() -> read(errors).lines().anyMatch(l -> l.startsWith("    Get:") || l.startsWith("    Hit:")));
                assertThat(read(errors)).contains("==> docker: Docker Engine");

                HomeportProcess.interrupt(homeport);

                assertThat(HomeportProcess.exitCode(homeport)).as(() -> read(errors)).isEqualTo(128 + 2);
                assertThat(read(errors)).contains("Stopped at the step 'docker'.");
                HomeportProcess.eventually(() -> assertThat(Processes.call(
                        List.of("docker", "exec", container.name(), "pgrep", "-x", "apt-get"), null).exit()).isNotZero());
            } finally {
                homeport.destroyForcibly();
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
