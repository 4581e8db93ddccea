package dev.homeport.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.app.Homeport;
import dev.homeport.ssh.deploy.DeployedServices;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.RigHttp;
import dev.homeport.ssh.rig.TestApps;
import dev.homeport.ssh.transport.Prompts;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code homeport logs -f} across a redeploy, as a process of its own at a terminal while the app is open (a
 * {@link CliServer} on the store, as the app runs it): the redeploy, also a command, goes live; the follow says it now
 * follows the new release and prints its lines, led by it; Ctrl-C ends it.
 */
@ExtendWith(RigExtension.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LogsFollowCliTest {
    private static final String WEB = "acme/shop/prod/web";
    private final String domain = "follow-" + UUID.randomUUID().toString().substring(0, 6) + ".test";
    @TempDir
    Path root;
    private CliRunner cli;
    private Homeport open;
    private CliServer server;

    @AfterEach
    void removeWhatTheDeployLeft() {
        if (server != null) {
            server.close();
        }
        if (open != null) {
            open.close();
        }
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
    void followsTheNewReleaseAfterARedeploy(Rig rig) throws Exception {
        TestApps apps = new TestApps(rig);
        cli = CliRunner.withRigEnvironment(root.resolve("home"), rig);
        cli.ok("service", "create", WEB, "--image", apps.loggingImage("v1"), "--port", "8080", "--health-path", "/health", "--drain", "0");
        cli.ok("domain", "add", WEB, domain);
        CliRunner.Result deployed = cli.run("deploy", WEB, "--quiet");
        assertThat(deployed.exitCode()).as(deployed.err()).isZero();
        open = Homeport.open(cli.home, null);
        server = CliServer.start(open, () -> { });

        Path errors = root.resolve("stderr");
        Process follow = HomeportProcess.start(cli.home, errors, "logs", WEB, "-f");
        StringBuffer out = new StringBuffer();
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(follow.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(line -> out.append(line).append('\n'));
            } catch (java.io.IOException e) {
                out.append("read failed: ").append(e).append('\n');
            }
        });
        try {
            log("[INFO] before the redeploy");
            await("before the redeploy", out, errors);
            assertThat(out.toString()).as("led by its release once following").containsPattern("\\S+ web r1 \\[INFO] before the redeploy");

            Served redeployed = served("deploy", WEB, "--quiet");
            assertThat(redeployed.exitCode()).as(redeployed.err()).isZero();
            log("[INFO] after the redeploy");

            await("after the redeploy", out, errors);
            assertThat(out.toString()).containsPattern("\\S+ web r2 \\[INFO] after the redeploy");
            assertThat(read(errors)).contains("— now following release #2 (web r2) —");

            HomeportProcess.interrupt(follow);
            assertThat(HomeportProcess.exitCode(follow)).as(() -> read(errors)).isEqualTo(128 + 2);
            reading.get(30, TimeUnit.SECONDS);
            assertThat(served("org", "list").exitCode()).as("the app still serves").isZero();
        } finally {
            follow.destroyForcibly();
        }
    }

    private record Served(int exitCode, String out, String err) {
    }

    /** A command run in the open app, as a second terminal would. */
    private Served served(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CliClient.run(cli.home.cliSocket(), args, root, InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), null, false);
        return new Served(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The app writes the line to its container's output; Caddy sends the request to the live release. */
    private void log(String line) throws Exception {
        String query = URLEncoder.encode(line, StandardCharsets.UTF_8).replace("+", "%20");
        assertThat(RigHttp.get("http", domain, "/cgi-bin/log?" + query, null).body()).isEqualTo("logged");
    }

    private static void await(String text, StringBuffer out, Path errors) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(out.toString()).as(() -> "stderr:\n" + read(errors)).contains(text));
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
