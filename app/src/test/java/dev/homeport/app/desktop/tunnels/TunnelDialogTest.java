package dev.homeport.app.desktop.tunnels;

import static dev.homeport.app.desktop.nodes.AppDriver.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.app.Homeport;
import dev.homeport.app.desktop.NeedsDisplay;
import dev.homeport.app.desktop.nodes.AppDriver;
import dev.homeport.model.DeploymentState;
import dev.homeport.model.HomeportHome;
import dev.homeport.model.NodeIdentity;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.WorkerNode;
import dev.homeport.ssh.deploy.DeployListener;
import dev.homeport.ssh.deploy.DeployedServices;
import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.TestApps;
import dev.homeport.ssh.transport.HostKeyException;
import dev.homeport.ssh.transport.Prompts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Open tunnel" on a live service's page and on a node's page, on the rig: the local address answers,
 * the counters show the connection, a taken local port is explained, and closing the dialog (or the
 * window) frees the port. With {@code -Dhomeport.screenshots=FOLDER} it saves the open dialog there.
 */
@NeedsDisplay
@ExtendWith(RigExtension.class)
class TunnelDialogTest {
    @TempDir
    Path folder;
    private AppDriver app;
    private Path home;
    private long serviceKey = -1;

    @BeforeEach
    void setUp() throws Exception {
        app = new AppDriver(folder.resolve("user"));
        home = folder.resolve("home");
    }

    @AfterEach
    void close() throws Exception {
        app.close();
        if (serviceKey >= 0) {
            try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
                var connection = homeport.nodeService().connection(homeport.nodes().node("rig"), Prompts.NONE);
                DeployedServices.remove(connection, homeport.nodeClients().docker(connection).client(), serviceKey);
            }
        }
    }

    @Test
    void opensATunnelFromAServicePageAndFromANodePage(Rig rig) throws Exception {
        long nodeId = prepare(rig);
        app.launch(home);
        waitFor(() -> "web".equals(text("#page-title")));
        waitFor(60, () -> app.shows("#open-tunnel") && !app.<Button>anywhere("#open-tunnel").isDisabled());
        app.click("#open-tunnel");
        waitFor(() -> app.showsAnywhere("#tunnel-dialog"));
        assertThat(app.<TextField>anywhere("#tunnel-port").getText()).isEqualTo("8080");
        app.robot.clickOn(app.<Button>anywhere("#tunnel-open"));
        waitFor(() -> app.showsAnywhere("#tunnel-address"));
        String address = app.<Label>anywhere("#tunnel-address").getText();
        assertThat(address).matches("127\\.0\\.0\\.1:\\d+");
        int port = Integer.parseInt(address.substring(address.indexOf(':') + 1));
        assertThat(get("http://" + address + "/")).isEqualTo("testapp v1");
        assertThat(app.showsAnywhere("#tunnel-browser")).isTrue();
        assertThat(app.showsAnywhere("#tunnel-copy")).isTrue();
        waitFor(() -> app.<Label>anywhere("#tunnel-stats").getText().startsWith("Listening · 1 connection in all · "));
        String screenshots = System.getProperty("homeport.screenshots");
        if (screenshots != null) {
            app.capture(Path.of(screenshots, "service-tunnel-light.png"));
        }
        app.clickDialogButton("Close");
        waitFor(() -> free(port));

        // The node's page: a port on the node itself, a taken local port explained, then one that is free.
        app.close();
        Files.writeString(home.resolve("ui.properties"), "place=:node:" + nodeId + "\n");
        app.launch(home);
        waitFor(() -> app.shows("#open-tunnel"));
        app.click("#open-tunnel");
        waitFor(() -> app.showsAnywhere("#tunnel-dialog"));
        assertThat(app.<TextField>anywhere("#tunnel-port").getText()).isEmpty();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            app.fill("#tunnel-port", "19999");
            app.fill("#tunnel-local", Integer.toString(taken.getLocalPort()));
            app.robot.clickOn(app.<Button>anywhere("#tunnel-open"));
            waitFor(() -> app.<Label>anywhere("#tunnel-error").getText().contains("Local port " + taken.getLocalPort() + " is already in use"));
        }
        app.fill("#tunnel-local", "");
        app.robot.clickOn(app.<Button>anywhere("#tunnel-open"));
        waitFor(() -> app.showsAnywhere("#tunnel-address"));
        String nodeAddress = app.<Label>anywhere("#tunnel-address").getText();
        assertThat(get("http://" + nodeAddress + "/api/v1/info")).contains("\"version\"");
        int nodePort = Integer.parseInt(nodeAddress.substring(nodeAddress.indexOf(':') + 1));
        // Save this tunnel: the saved one takes over its port, and runs from Tunnels.
        app.robot.clickOn(app.<Button>anywhere("#tunnel-save"));
        waitFor(() -> app.showsAnywhere("#saved-tunnel-dialog"));
        assertThat(app.<TextField>anywhere("#saved-tunnel-name").getText()).isEqualTo("rig-19999");
        assertThat(app.<TextField>anywhere("#saved-tunnel-target").getText()).isEqualTo("rig:19999");
        assertThat(app.<TextField>anywhere("#saved-tunnel-local").getText()).isEqualTo(Integer.toString(nodePort));
        app.robot.clickOn(app.<Button>anywhere("#saved-tunnel-save"));
        waitFor(() -> !app.showsAnywhere("#tunnel-dialog"));
        app.click("#section-tunnels");
        waitFor(() -> text("#tunnel-state-rig-19999").startsWith("Listening"));
        assertThat(get("http://" + nodeAddress + "/api/v1/info")).contains("\"version\"");
        // Closing the window closes the tunnels it runs.
        app.close();
        assertThat(free(nodePort)).isTrue();
    }

    /** acme/shop/prod/web (the test app, port 8080) live on the rig's node; returns the node's ID. */
    private long prepare(Rig rig) throws Exception {
        String image = new TestApps(rig).image("v1");
        try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
            var inventory = homeport.inventory();
            long environment = inventory.createEnvironment(inventory.createApplication(inventory.createOrganisation("acme").id(), "shop").id(), "prod").id();
            Service web = inventory.createService(new Service(0, environment, "web", new ServiceSource.Image(image), TestApps.PORT, "/health", null, null));
            serviceKey = inventory.serviceNodeKey(web.id());
            NodeService nodes = homeport.nodeService();
            WorkerNode node = nodes.add(new WorkerNode(0, "rig", rig.sshHost(), rig.sshPort(), rig.sshUser(),
                    new NodeIdentity.KeyFile(rig.sshKey().toString()), null));
            try {
                nodes.test(node, Prompts.NONE);
            } catch (HostKeyException unknown) {
                nodes.acceptHostKey(node, unknown);
            }
            homeport.nodes().attach(node.id(), environment);
            var live = homeport.deployService().deploy(web.id(), null, Prompts.NONE, DeployListener.NONE).await();
            assertThat(live.state()).as(String.join("\n", homeport.deployments().log(live.id()))).isEqualTo(DeploymentState.LIVE);
            Files.writeString(home.resolve("ui.properties"), "place=acme/shop/prod/web\n");
            return node.id();
        }
    }

    private static String get(String url) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    private static boolean free(int port) {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private String text(String query) {
        return app.inWindow(query).tryQuery().map(node -> node instanceof Label label ? label.getText() : "").orElse("");
    }
}
