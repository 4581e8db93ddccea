package dev.homeport.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.app.Homeport;
import dev.homeport.ssh.deploy.DeployedServices;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.RigHttp;
import dev.homeport.ssh.rig.TestApps;
import dev.homeport.ssh.transport.Prompts;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code homeport logs} of a live service on the rig, searched, by level, and cut by time. */
@ExtendWith(RigExtension.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LogsCliTest {
    private static final String WEB = "acme/shop/prod/web";
    private static final List<String> EARLIER = List.of(
            "level=info msg=\"early order 1 placed\"",
            "[ERROR] early order 2 failed",
            "{\"level\":\"warn\",\"msg\":\"early order 3 slow\"}",
            "early line with no level");
    private static final List<String> LATER = List.of(
            "INFO:shop:late order 4 placed",
            "<3>late order 5 failed",
            "time=now level=warn msg=\"late order 6 slow\"",
            "late line with no level");
    private final String domain = "logs-" + UUID.randomUUID().toString().substring(0, 6) + ".test";
    @TempDir
    Path root;
    private CliRunner cli;

    @AfterEach
    void removeWhatTheDeployLeft() {
        if (cli == null) {
            return;
        }
        try (Homeport homeport = Homeport.open(cli.home, null)) {
            long key = homeport.inventory().serviceNodeKey(homeport.inventory().tree().services().getFirst().id());
            var connection = homeport.nodeService().connection(homeport.nodes().node("rig"), Prompts.NONE);
            DeployedServices.remove(connection, homeport.nodeClients().docker(connection).client(), key);
        }
    }

    @Test
    void searchesByTextAndLevelAndCutsByTime(Rig rig) throws Exception {
        TestApps apps = new TestApps(rig);
        cli = CliRunner.withRigEnvironment(root.resolve("home"), rig);
        cli.ok("service", "create", WEB, "--image", apps.loggingImage("v1"), "--port", "8080", "--health-path", "/health", "--drain", "0");
        cli.ok("domain", "add", WEB, domain);
        CliRunner.Result deployed = cli.run("deploy", WEB, "--quiet");
        assertThat(deployed.exitCode()).as(deployed.err()).isZero();

        log(EARLIER);
        Thread.sleep(1500);
        Instant between = Instant.now();
        Thread.sleep(1500);
        log(LATER);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!cli.ok("logs", WEB).contains(LATER.getLast()) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }

        assertThat(texts("--level", "error")).containsExactly("[ERROR] early order 2 failed", "<3>late order 5 failed");
        assertThat(texts("--level", "warn,error", "--grep", "LATE"))
                .containsExactly("<3>late order 5 failed", "time=now level=warn msg=\"late order 6 slow\"");
        assertThat(texts("--grep", "LATE", "--case-sensitive")).isEmpty();
        assertThat(texts("--grep", "order [0-9] (failed|slow)", "--regex"))
                .containsExactly(EARLIER.get(1), EARLIER.get(2), LATER.get(1), LATER.get(2));
        assertThat(texts("--level", "unknown", "--grep", "line")).containsExactly(EARLIER.getLast(), LATER.getLast());
        assertThat(texts("--since", between.toString())).containsExactlyElementsOf(LATER);
        assertThat(texts("--until", between.toString(), "--grep", "order")).containsExactlyElementsOf(EARLIER.subList(0, 3));
        assertThat(texts("--since", "1h", "--level", "info")).containsExactly(EARLIER.getFirst(), LATER.getFirst());
        assertThat(texts("--since", "1s", "--until", "1s")).as("a second ago, both ends: nothing logged then").isEmpty();
        assertThat(texts("--tail", "2", "--level", "warn")).as("the filter applies to the last 2 lines").containsExactly(LATER.get(2));
        assertThat(texts("--tail", "2")).containsExactlyElementsOf(LATER.subList(2, 4));
    }

    /** The app writes these lines to its container's output, as its own. */
    /** After a redeploy, the earlier release's container (kept for a rollback) and the live one's, merged in time order, each labelled. */
    @Test
    void mergesTheEarlierReleaseWithTheLiveOneInTimeOrder(Rig rig) throws Exception {
        TestApps apps = new TestApps(rig);
        cli = CliRunner.withRigEnvironment(root.resolve("home"), rig);
        cli.ok("service", "create", WEB, "--image", apps.loggingImage("v1"), "--port", "8080", "--health-path", "/health", "--drain", "0");
        cli.ok("domain", "add", WEB, domain);
        CliRunner.Result deployed = cli.run("deploy", WEB, "--quiet");
        assertThat(deployed.exitCode()).as(deployed.err()).isZero();
        log(List.of("[INFO] served by the first release"));
        deployed = cli.run("deploy", WEB, "--quiet");
        assertThat(deployed.exitCode()).as(deployed.err()).isZero();
        log(List.of("[INFO] served by the second release"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String out = cli.ok("logs", WEB);
        while (!out.contains("served by the second release") && System.nanoTime() < deadline) {
            Thread.sleep(200);
            out = cli.ok("logs", WEB);
        }
        List<String> lines = out.lines().toList();
        assertThat(lines).anyMatch(line -> line.matches("\\S+ web r1 \\[INFO] served by the first release"))
                .anyMatch(line -> line.matches("\\S+ web r2 \\[INFO] served by the second release"))
                .allMatch(line -> line.matches("\\S+ web r[12] .*"));
        List<Instant> times = lines.stream().map(line -> Instant.parse(line.substring(0, line.indexOf(' ')))).toList();
        assertThat(times).as("in time order").isSorted();
        assertThat(cli.ok("logs", WEB, "--grep", "r1").lines()).as("the label is searched too")
                .allMatch(line -> line.contains(" web r1 ")).isNotEmpty();
    }

    private void log(List<String> lines) throws Exception {
        String query = URLEncoder.encode(String.join("\n", lines), StandardCharsets.UTF_8).replace("+", "%20");
        assertThat(RigHttp.get("http", domain, "/cgi-bin/log?" + query, null).body()).isEqualTo("logged");
    }

    /** The lines {@code logs} prints with these options, each without Docker's time in front. */
    private List<String> texts(String... options) {
        String[] args = new String[options.length + 2];
        args[0] = "logs";
        args[1] = WEB;
        System.arraycopy(options, 0, args, 2, options.length);
        String out = cli.ok(args);
        List<String> lines = out.lines().toList();
        for (String line : lines) {
            assertThat(Instant.parse(line.substring(0, line.indexOf(' ')))).as(line).isNotNull();
        }
        return lines.stream().map(line -> line.substring(line.indexOf(' ') + 1)).filter(text -> !text.startsWith("testapp listening"))
                .toList();
    }

}
