package dev.homeport.app.desktop.tunnels;

import static dev.homeport.app.desktop.nodes.AppDriver.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.controls.Notification;
import dev.homeport.app.Homeport;
import dev.homeport.app.desktop.NeedsDisplay;
import dev.homeport.app.desktop.nodes.AppDriver;
import dev.homeport.model.HomeportHome;
import dev.homeport.model.NodeIdentity;
import dev.homeport.model.SavedTunnel;
import dev.homeport.model.WorkerNode;
import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
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
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Tunnels page on the rig: saved tunnels marked "with the app" start when the app opens; one whose port
 * is taken raises a notice and says which port is free; the state follows the connections; Stop and Start,
 * New tunnel… and Delete work; closing the window frees the ports. With {@code -Dhomeport.screenshots=FOLDER}
 * it saves the page there.
 */
@NeedsDisplay
@ExtendWith(RigExtension.class)
class TunnelsPageTest {
    @TempDir
    Path folder;
    private AppDriver app;
    private Path home;

    @BeforeEach
    void setUp() throws Exception {
        app = new AppDriver(folder.resolve("user"));
        home = folder.resolve("home");
    }

    @AfterEach
    void close() throws Exception {
        app.close();
    }

    @Test
    void savedTunnelsStartWithTheAppAndAreRunFromThePage(Rig rig) throws Exception {
        int netdata = freePort();
        int added = freePort();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int busy = taken.getLocalPort();
            prepare(rig, netdata, busy);
            app.launch(home);
            waitFor(60, () -> text("#tunnel-state-netdata").startsWith("Listening"));
            assertThat(text("#tunnel-address-netdata")).isEqualTo("127.0.0.1:" + netdata);
            assertThat(text("#tunnel-target-netdata")).isEqualTo("→ rig:19999");
            waitFor(() -> text("#tunnel-state-busy").startsWith("Stopped: Local port " + busy + " is already in use"));
            waitFor(() -> notice().contains("The saved tunnel busy did not start"));

            assertThat(get("http://127.0.0.1:" + netdata + "/api/v1/info")).contains("\"version\"");
            waitFor(() -> text("#tunnel-state-netdata").startsWith("Listening · 1 connection in all · "));
            assertThat(app.showsAnywhere("#tunnel-browser-netdata")).as("Netdata speaks HTTP").isTrue();
            String screenshots = System.getProperty("homeport.screenshots");
            if (screenshots != null) {
                snapshot(Path.of(screenshots, "saved-tunnels-light.png"));
            }

            app.click("#tunnel-toggle-netdata");
            waitFor(() -> text("#tunnel-state-netdata").equals("Stopped"));
            assertThat(free(netdata)).isTrue();
            app.click("#tunnel-toggle-netdata");
            waitFor(() -> text("#tunnel-state-netdata").startsWith("Listening"));
            assertThat(free(netdata)).isFalse();

        }

        // The notice (top right, over the header's New tunnel…) goes by itself after 15 s.
        waitFor(30, () -> notice().isEmpty());
        app.click("#new-tunnel");
        waitFor(() -> app.showsAnywhere("#saved-tunnel-dialog"));
        app.fill("#saved-tunnel-name", "ssh");
        app.fill("#saved-tunnel-target", "rig:22");
        app.fill("#saved-tunnel-local", Integer.toString(netdata));
        app.robot.clickOn(app.<javafx.scene.control.Button>anywhere("#saved-tunnel-save"));
        waitFor(() -> app.<Label>anywhere("#saved-tunnel-error").getText().contains("already uses local port " + netdata));
        app.fill("#saved-tunnel-local", Integer.toString(added));
        app.robot.clickOn(app.<javafx.scene.control.Button>anywhere("#saved-tunnel-save"));
        waitFor(() -> app.shows("#saved-tunnel-ssh"));
        assertThat(text("#tunnel-state-ssh")).isEqualTo("Stopped");
        app.click("#tunnel-toggle-ssh");
        waitFor(() -> text("#tunnel-state-ssh").startsWith("Listening"));

        // Delete stops it first.
        app.click("#tunnel-delete-netdata");
        waitFor(() -> app.robot.lookup(".dialog-pane .button").match((javafx.scene.control.Button b) -> "Delete".equals(b.getText()))
                .tryQuery().isPresent());
        app.clickDialogButton("Delete");
        waitFor(() -> !app.shows("#saved-tunnel-netdata"));
        assertThat(free(netdata)).as("a deleted tunnel stops").isTrue();

        app.close();
        assertThat(free(netdata)).as("closing the app stops its tunnels").isTrue();
        assertThat(free(added)).isTrue();
    }

    /** The rig's node, a tunnel to its Netdata and one on a taken port, both started with the app; the app opens on Tunnels. */
    private void prepare(Rig rig, int netdata, int busy) throws Exception {
        try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
            NodeService nodes = homeport.nodeService();
            WorkerNode node = nodes.add(new WorkerNode(0, "rig", rig.sshHost(), rig.sshPort(), rig.sshUser(),
                    new NodeIdentity.KeyFile(rig.sshKey().toString()), null));
            try {
                nodes.test(node, Prompts.NONE);
            } catch (HostKeyException unknown) {
                nodes.acceptHostKey(node, unknown);
            }
            homeport.inventory().savedTunnels().add(SavedTunnel.toNode("netdata", node.id(), 19999, netdata, true));
            homeport.inventory().savedTunnels().add(SavedTunnel.toNode("busy", node.id(), 19999, busy, true));
        }
        Files.writeString(home.resolve("ui.properties"), "place=:tunnels\n");
    }

    /** The main window's scene as drawn, whatever covers it on a shared display. */
    private void snapshot(Path file) throws Exception {
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.image.Image image = org.testfx.util.WaitForAsyncUtils.asyncFx(() -> app.stage().getScene().snapshot(null)).get();
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        java.awt.image.BufferedImage png = new java.awt.image.BufferedImage(width, height, java.awt.image.BufferedImage.TYPE_INT_RGB);
        int[] pixels = new int[width * height];
        image.getPixelReader().getPixels(0, 0, width, height, javafx.scene.image.PixelFormat.getIntArgbInstance(), pixels, 0, width);
        png.setRGB(0, 0, width, height, pixels, 0, width);
        Files.createDirectories(file.toAbsolutePath().getParent());
        javax.imageio.ImageIO.write(png, "png", file.toFile());
    }

    private String notice() {
        VBox notices = app.anywhere("#notices");
        return String.join("\n", notices.getChildrenUnmodifiable().stream().filter(Notification.class::isInstance)
                .map(node -> ((Notification) node).getMessage()).toList());
    }

    private String text(String query) {
        return app.inWindow(query).tryQuery().map(node -> node instanceof Label label ? label.getText() : "").orElse("");
    }

    private static String get(String url) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static boolean free(int port) {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
