package dev.homeport.app.desktop.inventory;

import static dev.homeport.app.desktop.nodes.AppDriver.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.app.Homeport;
import dev.homeport.app.desktop.NeedsDisplay;
import dev.homeport.app.desktop.nodes.AppDriver;
import dev.homeport.model.DatabaseEngine;
import dev.homeport.model.DeploymentState;
import dev.homeport.model.HomeportHome;
import dev.homeport.model.NodeIdentity;
import dev.homeport.model.VariableScope;
import dev.homeport.model.WorkerNode;
import dev.homeport.ssh.deploy.DeployListener;
import dev.homeport.ssh.deploy.DeployedServices;
import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.rig.Processes;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.transport.HostKeyException;
import dev.homeport.ssh.transport.Prompts;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Databases in the app, on the rig: "New database" on an environment's page makes one with the engine's
 * official image until another is typed; a database's Settings tab names its references; "Open tunnel"
 * shows its URL masked and copies it whole; Public port… warns, refuses Caddy's ports, and is undone by Stop publishing. With {@code -Dhomeport.screenshots=FOLDER} it saves both.
 */
@NeedsDisplay
@ExtendWith(RigExtension.class)
class DatabasePageTest {
    @TempDir
    Path folder;
    private AppDriver app;
    private Path home;
    private final List<Long> keys = new ArrayList<>();
    private String volume;

    @BeforeEach
    void setUp() throws Exception {
        app = new AppDriver(folder.resolve("user"));
        home = folder.resolve("home");
    }

    @AfterEach
    void close() throws Exception {
        app.close();
        try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
            var connection = homeport.nodeService().connection(homeport.nodes().node("rig"), Prompts.NONE);
            for (long key : keys) {
                DeployedServices.remove(connection, homeport.nodeClients().docker(connection).client(), key);
            }
        }
        if (volume != null) {
            Processes.removeVolume(volume);
        }
    }

    @Test
    void aNewDatabaseFromTheEnvironmentPageAndATunnelThatCopiesItsUrl(Rig rig) throws Exception {
        String password = prepare(rig);
        app.launch(home);
        waitFor(() -> "prod".equals(text("#page-title")));
        app.click("#new-database");
        waitFor(() -> app.showsAnywhere("#database-dialog"));
        assertThat(app.<TextField>anywhere("#database-image").getText()).isEqualTo("postgres:16");
        ChoiceBox<DatabaseEngine> engine = app.anywhere("#database-engine");
        app.robot.interact(() -> engine.setValue(DatabaseEngine.REDIS));
        assertThat(app.<TextField>anywhere("#database-image").getText()).isEqualTo("redis:7");
        app.fill("#database-name", "cache");
        app.fill("#database-image", "redis:latest");
        assertThat(app.<Label>anywhere("#database-problem").getText()).contains("must pin a major version");
        assertThat(app.dialogButton("OK").isDisabled()).isTrue();
        app.fill("#database-image", "redis:7.2");
        app.clickDialogButton("OK");
        waitFor(() -> "cache".equals(text("#page-title")));
        app.click("#tab-settings");
        waitFor(() -> app.showsAnywhere("#database-references"));
        assertThat(app.<Label>anywhere("#database-references").getText()).contains("${{cache.REDIS_URL}}");

        app.close();
        Files.writeString(home.resolve("ui.properties"), "place=acme/shop/prod/db\n");
        app.launch(home);
        waitFor(() -> "db".equals(text("#page-title")));
        waitFor(60, () -> app.shows("#open-tunnel") && !app.<Button>anywhere("#open-tunnel").isDisabled());
        app.click("#open-tunnel");
        waitFor(() -> app.showsAnywhere("#tunnel-dialog"));
        app.robot.clickOn(app.<Button>anywhere("#tunnel-open"));
        waitFor(() -> app.showsAnywhere("#tunnel-address"));
        String shown = app.<Label>anywhere("#tunnel-address").getText();
        assertThat(shown).matches("postgresql://db:••••••@127\\.0\\.0\\.1:\\d+/db").doesNotContain(password);
        int port = Integer.parseInt(shown.replaceAll(".*:(\\d+)/db", "$1"));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 3000);
        }
        String screenshots = System.getProperty("homeport.screenshots");
        if (screenshots != null) {
            app.capture(Path.of(screenshots, "database-tunnel-light.png"));
        }
        app.robot.clickOn(app.<Button>anywhere("#tunnel-copy"));
        AtomicReference<String> copied = new AtomicReference<>();
        app.robot.interact(() -> copied.set(Clipboard.getSystemClipboard().getString()));
        assertThat(copied.get()).isEqualTo("postgresql://db:" + password + "@127.0.0.1:" + port + "/db");
        app.clickDialogButton("Close");

        // Change password… on its Settings tab: in the running database and the vault, and a notice says who needs a redeploy.
        app.click("#tab-settings");
        waitFor(() -> app.showsAnywhere("#database-change-password"));
        app.click("#database-change-password");
        app.clickDialogButton("Change password");
        waitFor(60, () -> app.notices().contains("Password changed"));
        assertThat(app.notices()).contains("No service refers to db.");
        if (screenshots != null) {
            app.capture(Path.of(screenshots, "database-settings-light.png"));
        }

        // Public port…: the warning first, Caddy's ports refused, then shown on the tab until Stop publishing.
        assertThat(text("#database-public-port")).isEqualTo("Port 5432, published on none: a tunnel reaches it.");
        app.click("#database-public-port-button");
        waitFor(() -> app.showsAnywhere("#public-port-warning"));
        assertThat(app.<Label>anywhere("#public-port-warning").getText()).contains("anyone who can reach the node");
        app.fill("#public-port-field", "443");
        assertThat(app.<Label>anywhere("#public-port-error").getText()).contains("443 is Caddy's");
        assertThat(app.dialogButton("Publish").isDisabled()).isTrue();
        app.fill("#public-port-field", "15432");
        if (screenshots != null) {
            app.capture(Path.of(screenshots, "database-public-port-light.png"));
        }
        app.clickDialogButton("Publish");
        app.await("the port published", () -> String.valueOf(text("#database-public-port")).contains("published on port 15432 of every address"));
        waitFor(() -> app.notices().contains("Deploy db to apply it."));
        app.click("#database-public-port-button");
        app.await("the port unpublished", () -> String.valueOf(text("#database-public-port")).contains("published on none"));
        app.close();
        try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
            long id = homeport.inventory().resolve(dev.homeport.model.inventory.InventoryPath.parse("acme/shop/prod/db")).id();
            assertThat(homeport.inventory().databases().credentials(id).password().reveal()).isNotEqualTo(password).hasSize(32);
            assertThat(homeport.inventory().databases().find(id).orElseThrow().publicPort()).isNull();
        }
    }


    /** acme/shop/prod with the rig's node, and the PostgreSQL database db live on it; returns its password. */
    private String prepare(Rig rig) throws Exception {
        try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
            var inventory = homeport.inventory();
            long environment = inventory.createEnvironment(inventory.createApplication(inventory.createOrganisation("acme").id(), "shop").id(), "prod").id();
            var db = inventory.databases().create(environment, "db", DatabaseEngine.POSTGRES, rig.postgresImage());
            keys.add(inventory.serviceNodeKey(db.serviceId()));
            volume = db.dataVolume();
            NodeService nodes = homeport.nodeService();
            WorkerNode node = nodes.add(new WorkerNode(0, "rig", rig.sshHost(), rig.sshPort(), rig.sshUser(),
                    new NodeIdentity.KeyFile(rig.sshKey().toString()), null));
            try {
                nodes.test(node, Prompts.NONE);
            } catch (HostKeyException unknown) {
                nodes.acceptHostKey(node, unknown);
            }
            homeport.nodes().attach(node.id(), environment);
            var live = homeport.deployService().deploy(db.serviceId(), null, Prompts.NONE, DeployListener.NONE).await();
            assertThat(live.state()).as(String.join("\n", homeport.deployments().log(live.id()))).isEqualTo(DeploymentState.LIVE);
            Files.writeString(home.resolve("ui.properties"), "place=acme/shop/prod\n");
            return inventory.reveal(inventory.variables(VariableScope.SERVICE, db.serviceId()).stream()
                    .filter(v -> v.key().equals("POSTGRES_PASSWORD")).findFirst().orElseThrow()).reveal();
        }
    }

    private String text(String query) {
        return app.shows(query) ? app.<Label>anywhere(query).getText() : null;
    }
}
