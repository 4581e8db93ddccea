package dev.homeport.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.app.Homeport;
import dev.homeport.app.tunnels.SavedTunnels;
import dev.homeport.ssh.deploy.DeployedServices;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.TestApps;
import dev.homeport.ssh.transport.Prompts;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Saved tunnels on the rig: one saved "with the app" starts when the app opens and answers HTTP from the
 * deployed service; after a redeploy it answers from the new release, without being restarted; a saved
 * tunnel whose port is taken does not start and says which port is free; after the node's SSH connection
 * closed, the next connection opens a new one; the command line lists, stops and starts them in the open app.
 */
@ExtendWith(RigExtension.class)
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class SavedTunnelCliTest {
    private static final String WEB = "acme/shop/prod/web";
    @TempDir
    Path root;
    private CliRunner cli;
    private boolean deployed;
    private Homeport open;
    private CliServer server;

    @AfterEach
    void closeAndRemoveWhatTheDeployLeft() {
        if (server != null) {
            server.close();
        }
        if (open != null) {
            open.close();
        }
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
    void aSavedTunnelStartsWithTheAppAndFollowsARedeploy(Rig rig) throws Exception {
        TestApps apps = new TestApps(rig);
        cli = CliRunner.withRigEnvironment(root.resolve("home"), rig);
        cli.ok("service", "create", WEB, "--image", apps.image("v1"), "--port", "8080", "--health-path", "/health", "--drain", "0");
        deployed = true;
        CliRunner.Result deploy = cli.run("deploy", WEB, "--quiet");
        assertThat(deploy.exitCode()).as(deploy.err()).isZero();
        int web = freePort();
        int netdata = freePort();
        assertThat(cli.ok("tunnel", "save", "web", WEB, "--local", Integer.toString(web), "--with-app"))
                .contains("Saved the tunnel web: 127.0.0.1:" + web + " -> " + WEB + ", started with the app.");
        cli.ok("tunnel", "save", "netdata", "rig:19999", "--local", Integer.toString(netdata));
        assertThat(cli.ok("tunnel", "list")).contains("web", "127.0.0.1:" + web, WEB + ":8080", "yes")
                .contains("netdata", "rig:19999", "no");

        open = Homeport.open(cli.home, null);
        server = CliServer.start(open, () -> { });
        assertThat(open.savedTunnels().startWithApp()).as("nothing failed to start").isEmpty();
        assertThat(get(web)).isEqualTo("testapp v1");
        assertThat(served("tunnel", "list").out()).containsPattern("web .*listening, 1 in all, \\d+ B sent, \\d+ B received")
                .containsPattern("netdata .*stopped");
        assertThat(served("tunnel", "web").out()).as("the app runs it already").contains("127.0.0.1:" + web + " -> " + WEB + ":8080",
                "it runs in the app");

        assertThat(served("service", "set", WEB, "--image", apps.image("v2")).exitCode()).isZero();
        Served redeploy = served("deploy", WEB, "--quiet");
        assertThat(redeploy.exitCode()).as(redeploy.err()).isZero();
        assertThat(get(web)).as("the same tunnel, after the redeploy").isEqualTo("testapp v2");
        SavedTunnels.Entry entry = open.savedTunnels().entries().stream().filter(e -> e.saved().name().equals("web")).findFirst().orElseThrow();
        assertThat(entry.running()).isTrue();
        assertThat(entry.stats().total()).isEqualTo(2);
        assertThat(entry.stats().failed()).isZero();
        // The node's SSH connection closed under it: the next connection through the tunnel opens a new one.
        open.nodeService().disconnect(open.nodes().node("rig"));
        assertThat(get(web)).as("after the node's connection was closed").isEqualTo("testapp v2");

        assertThat(served("tunnel", "stop", "web").out()).contains("Stopped the tunnel web (127.0.0.1:" + web + ").");
        try (ServerSocket again = new ServerSocket(web, 1, InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).as("the port is free again").isEqualTo(web);
        }
        assertThat(served("tunnel", "start", "netdata").out()).contains("127.0.0.1:" + netdata + " -> rig:19999 runs in the app");
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> info = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + netdata + "/api/v1/info"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(info.body()).contains("\"version\"");
        }
    }

    @Test
    void aSavedTunnelWhosePortIsTakenSaysWhichIsFreeAndTheOthersStart(Rig rig) throws Exception {
        cli = CliRunner.withRigNode(root.resolve("home"), rig);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int busy = taken.getLocalPort();
            int free = freePort();
            cli.ok("tunnel", "save", "busy", "rig:19999", "--local", Integer.toString(busy), "--with-app");
            cli.ok("tunnel", "save", "netdata", "rig:19999", "--local", Integer.toString(free), "--with-app");
            open = Homeport.open(cli.home, null);
            List<SavedTunnels.Problem> problems = open.savedTunnels().startWithApp();
            assertThat(problems).singleElement().satisfies(problem -> {
                assertThat(problem.saved().name()).isEqualTo("busy");
                assertThat(problem.message()).contains("Local port " + busy + " is already in use").containsPattern("Port \\d+ is free");
            });
            assertThat(open.savedTunnels().running(open.inventory().savedTunnels().named("netdata").id())).isPresent();
            SavedTunnels.Entry refused = open.savedTunnels().entry(open.inventory().savedTunnels().named("busy"));
            assertThat(refused.running()).isFalse();
            assertThat(refused.problem()).contains("already in use");
        }
    }

    @Test
    void badSavedTunnelsAreRefusedWithAReason(Rig rig) throws Exception {
        cli = CliRunner.withRigNode(root.resolve("home"), rig);
        cli.ok("tunnel", "save", "netdata", "rig:19999", "--local", "18999");
        CliRunner.Result reserved = cli.run("tunnel", "save", "list", "rig:80", "--local", "18000");
        assertThat(reserved.exitCode()).as(reserved.err()).isEqualTo(Cli.BAD_INPUT);
        assertThat(reserved.err()).contains("'list' is a word of the tunnel command");
        CliRunner.Result samePort = cli.run("tunnel", "save", "other", "rig:22", "--local", "18999");
        assertThat(samePort.exitCode()).isEqualTo(Cli.BAD_INPUT);
        assertThat(samePort.err()).contains("the saved tunnel 'netdata' already uses local port 18999");
        assertThat(cli.run("tunnel", "save", "x", "rig", "--local", "18998").err())
                .contains("'rig' names neither a service (ORG/APP/ENV/SERVICE) nor a node's port (NODE:PORT)");
        assertThat(cli.run("tunnel", "nothing").err()).contains("'nothing' names no saved tunnel");
        assertThat(cli.run("tunnel", "start", "netdata").err()).contains("the app is not open");
        assertThat(cli.ok("tunnel", "save", "netdata", "rig:19999", "--local", "18997")).contains("Changed the tunnel netdata: 127.0.0.1:18997");
        assertThat(cli.ok("tunnel", "rm", "netdata")).contains("Deleted the tunnel netdata (127.0.0.1:18997).");
        assertThat(cli.ok("tunnel", "list")).contains("No saved tunnels.");
    }

    record Served(int exitCode, String out, String err) {
    }

    private Served served(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CliClient.run(cli.home.cliSocket(), args, root, InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), null, false);
        return new Served(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The body at {@code /}, over a new connection each time. */
    private static String get(int port) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
