package dev.homeport.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.app.Homeport;
import dev.homeport.ssh.deploy.DeployedServices;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.TestApps;
import dev.homeport.ssh.transport.Prompts;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code homeport tunnel} on the rig: to a deployed service and to a node's port, ended by its input or by Ctrl-C. */
@ExtendWith(RigExtension.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TunnelCliTest {
    private static final String WEB = "acme/shop/prod/web";
    private static final Pattern FIRST_LINE = Pattern.compile("127\\.0\\.0\\.1:(\\d+) -> (.*)");
    @TempDir
    Path root;
    private CliRunner cli;
    private boolean deployed;

    @AfterEach
    void removeWhatTheDeployLeft() {
        if (!deployed) {
            return;
        }
        try (Homeport homeport = Homeport.open(cli.home, null)) {
            long key = homeport.inventory().serviceNodeKey(homeport.inventory().tree().services().getFirst().id());
            var connection = homeport.nodeService().connection(homeport.nodes().node("rig"), Prompts.NONE);
            DeployedServices.remove(connection, homeport.nodeClients().docker(connection).client(), key);
        }
    }

    @Test
    void aServiceTunnelPrintsItsAddressAnswersHttpAndEndsWithItsInput(Rig rig) throws Exception {
        TestApps apps = new TestApps(rig);
        cli = CliRunner.withRigEnvironment(root.resolve("home"), rig);
        cli.ok("service", "create", WEB, "--image", apps.image("v1"), "--port", "8080", "--health-path", "/health", "--drain", "0");
        deployed = true;
        CliRunner.Result deploy = cli.run("deploy", WEB, "--quiet");
        assertThat(deploy.exitCode()).as(deploy.err()).isZero();

        Path errors = Files.createTempFile(root, "stderr", ".txt");
        Process homeport = HomeportProcess.start(cli.home, errors, "tunnel", WEB);
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(homeport.getInputStream(), StandardCharsets.UTF_8));
            String first = line(out);
            Matcher address = FIRST_LINE.matcher(first);
            assertThat(address.matches()).as(first + " / " + Files.readString(errors)).isTrue();
            assertThat(address.group(2)).isEqualTo(WEB + ":8080 on rig");
            int port = Integer.parseInt(address.group(1));
            assertThat(line(out)).isEqualTo("Open http://127.0.0.1:" + port + " in a browser.");
            assertThat(line(out)).isEqualTo("Ctrl-C to close.");

            try (HttpClient http = HttpClient.newHttpClient()) {
                HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(page.body()).isEqualTo("testapp v1");
            }
            assertThat(line(out)).startsWith("#1 connected from 127.0.0.1:");
            assertThat(line(out)).matches("#1 closed: \\d+ B sent, \\d+ B received");

            homeport.getOutputStream().close();  // its input ends: the tunnel closes
            assertThat(HomeportProcess.exitCode(homeport)).as(() -> read(errors)).isZero();
            assertThat(line(out)).matches("Closed after 1 connection: \\d+ B sent, \\d+ B received\\.");
            try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(again.getLocalPort()).as("the port is free again").isEqualTo(port);
            }
        } finally {
            homeport.destroyForcibly();
        }
    }

    @Test
    void aNodePortTunnelOnTheLocalPortAskedForEndsWithCtrlC(Rig rig) throws Exception {
        cli = CliRunner.withRigNode(root.resolve("home"), rig);
        int local;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            local = probe.getLocalPort();
        }
        Path errors = Files.createTempFile(root, "stderr", ".txt");
        Process homeport = HomeportProcess.start(cli.home, errors, "tunnel", "rig:19999", "--local", Integer.toString(local));
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(homeport.getInputStream(), StandardCharsets.UTF_8));
            assertThat(line(out)).as(() -> read(errors)).isEqualTo("127.0.0.1:" + local + " -> rig:19999");
            try (HttpClient http = HttpClient.newHttpClient()) {
                HttpResponse<String> info = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + local + "/api/v1/info"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(info.statusCode()).isEqualTo(200);
                assertThat(info.body()).contains("\"version\"");
            }
            HomeportProcess.interrupt(homeport);
            assertThat(HomeportProcess.exitCode(homeport)).as(() -> read(errors)).isEqualTo(128 + 2);
            try (ServerSocket again = new ServerSocket(local, 1, InetAddress.getLoopbackAddress())) {
                assertThat(again.getLocalPort()).as("the port is free again").isEqualTo(local);
            }
        } finally {
            homeport.destroyForcibly();
        }
    }

    @Test
    void aTakenLocalPortAndABadTargetAreRefusedWithAReason(Rig rig) throws Exception {
        cli = CliRunner.withRigNode(root.resolve("home"), rig);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliRunner.Result refused = cli.run("tunnel", "rig:19999", "--local", Integer.toString(taken.getLocalPort()));
            assertThat(refused.exitCode()).isEqualTo(Cli.FAILED);
            assertThat(refused.err()).contains("Local port " + taken.getLocalPort() + " is already in use").containsPattern("--local \\d+");
        }
        CliRunner.Result noPort = cli.run("tunnel", "rig");
        assertThat(noPort.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(noPort.err()).contains("'rig' names no saved tunnel", "nor a service (ORG/APP/ENV/SERVICE) nor a node's port (NODE:PORT)");
        CliRunner.Result badPort = cli.run("tunnel", "rig:http");
        assertThat(badPort.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(cli.run("tunnel", "nowhere:22").err()).contains("nowhere");
        assertThat(cli.ok("tunnel", "--help")).contains("SERVICE[:PORT]|NODE:PORT", "--local=PORT", "127.0.0.1 only");
    }

    private static String line(BufferedReader out) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }).get(60, TimeUnit.SECONDS);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
