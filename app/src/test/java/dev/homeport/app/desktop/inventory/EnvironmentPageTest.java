package dev.homeport.app.desktop.inventory;

import static dev.homeport.app.desktop.nodes.AppDriver.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.controls.Message;
import dev.homeport.app.Homeport;
import dev.homeport.app.desktop.NeedsDisplay;
import dev.homeport.app.desktop.nodes.AppDriver;
import dev.homeport.model.DeployOptions;
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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javafx.scene.Node;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The environment page as the place to run the environment from, against the rig's real Docker and Caddy: a deployed
 * service shows LIVE, its release, its running container and its domain; a service deployed from the page moves from
 * "not deployed" to LIVE without leaving it; Logs opens the service's Logs tab. With HOMEPORT_SCREENSHOTS set, it
 * saves the page in the light and the dark theme there.
 */
@NeedsDisplay
@ExtendWith(RigExtension.class)
class EnvironmentPageTest {
    private final String domain = "envpage-" + UUID.randomUUID().toString().substring(0, 6) + ".test";
    @TempDir
    Path folder;
    private AppDriver app;
    private Path home;
    private final List<Long> nodeKeys = new ArrayList<>();

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
            for (long key : nodeKeys) {
                DeployedServices.remove(connection, homeport.nodeClients().docker(connection).client(), key);
            }
        }
    }

    @Test
    void showsEachServiceLiveWithItsDomainAndFollowsADeployStartedThere(Rig rig) throws Exception {
        prepare(rig);
        AppDriver.openAt(home, "acme/shop/prod", "LIGHT");
        app.launch(home);
        waitFor(() -> app.shows("#environment-services"));

        waitFor(() -> text("#env-state-web").equals("live"));
        assertThat(labels("#env-release-web").getFirst()).startsWith("#");
        assertThat(app.inWindow("#env-domains-web").queryAs(Node.class).lookupAll(".hyperlink").stream()
                .map(n -> ((Hyperlink) n).getText())).containsExactly(domain);
        assertThat(text("#env-state-worker")).isEqualTo("not deployed");
        assertThat(labels("#env-release-worker")).containsExactly("none");
        // The health check reads the live container from the rig's Docker.
        waitFor(60, () -> labels("#env-health-web").getFirst().equals("running"));
        assertThat(app.shows("#attach-node-header")).isTrue();
        assertThat(app.shows("#environment-nodes")).isTrue();
        screenshot("environment-light.png");

        // Deployed from the page, the worker's row follows the deployment to LIVE.
        app.click("#env-deploy-worker");
        waitFor(() -> app.showsAnywhere("#deploy-dialog"));
        waitFor(120, () -> app.<Message>anywhere("#deploy-result").isVisible());
        app.clickDialogButton("Close");
        waitFor(() -> text("#env-state-worker").equals("live"));
        waitFor(60, () -> labels("#env-health-worker").getFirst().equals("running"));
        assertThat(labels("#env-release-worker").getFirst()).matches("#\\d+ · .*");

        // Logs goes to the service's page, at its Logs tab.
        // Fired, not clicked: the row's buttons can sit past the right edge of a narrow window.
        javafx.scene.control.Button logs = app.anywhere("#env-logs-web");
        javafx.application.Platform.runLater(logs::fire);
        waitFor(() -> app.shows("#service-tabs"));
        assertThat(app.inWindow("#service-tabs").queryAs(TabPane.class).getSelectionModel().getSelectedItem().getId()).isEqualTo("tab-logs");

        if (System.getenv("HOMEPORT_SCREENSHOTS") != null) {
            app.close();
            System.setProperty("user.home", folder.resolve("user").toString());
            AppDriver.openAt(home, "acme/shop/prod", "DARK");
            app.launch(home);
            waitFor(() -> app.shows("#environment-services") && text("#env-state-worker").equals("live"));
            waitFor(60, () -> labels("#env-health-web").getFirst().equals("running"));
            screenshot("environment-dark.png");
        }
    }

    private String text(String query) {
        return app.inWindow(query).queryAs(Label.class).getText();
    }

    /** The texts of the labels in a cell, in order. */
    private List<String> labels(String query) {
        Node node = app.inWindow(query).queryAs(Node.class);
        if (node instanceof Label label) {
            return List.of(label.getText());
        }
        return node.lookupAll(".label").stream().map(n -> ((Label) n).getText()).toList();
    }

    private void screenshot(String name) throws Exception {
        String out = System.getenv("HOMEPORT_SCREENSHOTS");
        if (out != null) {
            app.capture(Path.of(out).resolve(name));
        }
    }

    /** acme/shop/prod with web (deployed, on a domain) and worker (not deployed), both the rig's test app, on the rig. */
    private void prepare(Rig rig) throws Exception {
        try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
            var inventory = homeport.inventory();
            long environment = inventory.createEnvironment(inventory.createApplication(inventory.createOrganisation("acme").id(), "shop").id(), "prod").id();
            String image = new TestApps(rig).image("v1");
            Service web = inventory.createService(new Service(0, environment, "web", new ServiceSource.Image(image),
                    TestApps.PORT, "/health", null, null, DeployOptions.defaults().withDrainSeconds(0)));
            Service worker = inventory.createService(new Service(0, environment, "worker", new ServiceSource.Image(image),
                    TestApps.PORT, "/health", null, null, DeployOptions.defaults().withDrainSeconds(0)));
            inventory.addDomain(web.id(), domain);
            nodeKeys.add(inventory.serviceNodeKey(web.id()));
            nodeKeys.add(inventory.serviceNodeKey(worker.id()));
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
            assertThat(live.state()).as(live.reason()).isEqualTo(DeploymentState.LIVE);
        }
    }
}
