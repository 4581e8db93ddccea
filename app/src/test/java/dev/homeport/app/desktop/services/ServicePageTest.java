package dev.homeport.app.desktop.services;

import static dev.homeport.app.desktop.nodes.AppDriver.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.controls.Message;
import dev.homeport.app.Homeport;
import dev.homeport.app.desktop.NeedsDisplay;
import dev.homeport.app.desktop.nodes.AppDriver;
import dev.homeport.model.Deployment;
import dev.homeport.model.DeploymentState;
import dev.homeport.model.HomeportHome;
import dev.homeport.model.NodeIdentity;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.WorkerNode;
import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.RigHttp;
import dev.homeport.ssh.rig.TestApps;
import dev.homeport.ssh.deploy.DeployedServices;
import dev.homeport.ssh.transport.HostKeyException;
import dev.homeport.ssh.transport.Prompts;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.layout.VBox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service's page as an operator meets it before a first good release: its
 * environment has no node (the page says so and attaches one), it has no
 * deployments yet, a deploy of an image that cannot be pulled fails with the
 * reason in its dialog, and the failed release is in the history with its log.
 * The rig's own sshd and Docker are the node; no registry is reachable there, so
 * the pull of an image the node lacks fails for real.
 */
@NeedsDisplay
@ExtendWith(RigExtension.class)
class ServicePageTest {
    private static final String MISSING_IMAGE = "homeport/does-not-exist:1";
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
    void attachesANodeAndShowsAFailedDeployWithItsReasonAndLog(Rig rig) throws Exception {
        prepare(rig, false);
        app.launch(home);
        waitFor(() -> "web".equals(text("#page-title")));

        // The environment has no node: the overview says so before anything fails.
        waitFor(() -> app.shows("#attach-node"));
        assertThat(app.inWindow("#node-value").queryAs(Node.class).lookupAll(".label").stream().map(n -> ((Label) n).getText()))
                .contains("No Worker Node is attached to this environment.");
        assertThat(text("#status-value")).isEqualTo("Not deployed");

        app.click("#tab-deployments");
        waitFor(() -> app.shows("#deployments-empty"));
        app.click("#tab-logs");
        waitFor(() -> text("#logs-status").equals("acme/shop/prod/web has no container on any node yet; deploy it first."));
        app.click("#tab-overview");

        app.click("#attach-node");
        waitFor(() -> app.showsAnywhere("#attach-node-dialog"));
        app.clickDialogButton("Attach");
        waitFor(() -> "rig (deploys go there)".equals(text("#node-value")));

        app.click("#deploy");
        waitFor(() -> app.showsAnywhere("#deploy-dialog"));
        waitFor(60, () -> app.<Message>anywhere("#deploy-result").isVisible());
        Message result = app.anywhere("#deploy-result");
        assertThat(result.getTitle()).isEqualTo("Failed");
        assertThat(result.getDescription()).startsWith("Cannot pull " + MISSING_IMAGE + ": ").endsWith("The previous release keeps serving.");
        assertThat(app.<Label>anywhere("#step-QUEUED").getStyleClass()).contains("done");
        assertThat(app.<Label>anywhere("#step-PREPARING").getStyleClass()).contains("failed");
        assertThat(app.<Label>anywhere("#step-STARTING").getStyleClass()).doesNotContain("done", "current", "failed");
        assertThat(app.<TextArea>anywhere("#deploy-log").getText())
                .contains("Deploying acme/shop/prod/web to rig as deployment #1", "Pulling " + MISSING_IMAGE);
        assertThat(app.<Button>anywhere("#cancel-deployment").isDisabled()).isTrue();
        app.clickDialogButton("Close");

        // The notice says how it ended, for when the dialog was closed early.
        waitFor(() -> app.notices().contains("Deployment #1 of acme/shop/prod/web failed"));
        waitFor(() -> text("#status-value").equals("Not deployed (the last deployment, #1, is failed)"));

        app.click("#tab-deployments");
        waitFor(() -> app.<TableView<ServiceModel.Release>>anywhere("#releases").getItems().size() == 1);
        ServiceModel.Release release = app.<TableView<ServiceModel.Release>>anywhere("#releases").getItems().getFirst();
        assertThat(release.deployment().state()).isEqualTo(DeploymentState.FAILED);
        assertThat(release.node()).isEqualTo("rig");
        assertThat(release.changes()).isEqualTo("first release");
        waitFor(() -> app.<TextArea>anywhere("#release-log").getText().contains("Pulling " + MISSING_IMAGE));
        assertThat(app.<Button>anywhere("#rollback-to").isDisabled()).isTrue();

        // The global list leads back to the service.
        app.click("#section-deployments");
        waitFor(() -> app.shows("#all-deployments"));
        TableView<?> all = app.anywhere("#all-deployments");
        waitFor(() -> all.getItems().size() == 1);
        app.robot.clickOn(app.robot.from(all).lookup((Hyperlink link) -> link.getText().equals("acme/shop/prod/web")).queryAs(Hyperlink.class));
        waitFor(() -> "web".equals(text("#page-title")));
    }

    @Test
    void createsAServiceDeploysItAndSeesItLiveBehindItsDomain(Rig rig) throws Exception {
        String image = new TestApps(rig).image("ui1");
        String domain = "ui-" + java.util.UUID.randomUUID().toString().substring(0, 6) + ".test";
        prepare(rig, true);
        Files.writeString(home.resolve("ui.properties"), "place=acme/shop/prod\n");
        app.launch(home);
        waitFor(() -> "prod".equals(text("#page-title")));

        app.click("New service");
        // The dialog opens once the vault's SSH identities and the organisation's registry logins are read.
        waitFor(() -> app.showsAnywhere("#name"));
        app.fill("#name", "front");
        app.fill("#image", image);
        app.fill("#port", Integer.toString(TestApps.PORT));
        app.fill("#health-path", "/health");
        app.clickDialogButton("OK");
        waitFor(() -> "front".equals(text("#page-title")));
        long serviceKey;
        try {
            app.click("#tab-domains");
            app.fill("#domain-field", domain);
            app.click("#domain-add");
            waitFor(() -> app.<javafx.scene.control.ListView<?>>anywhere("#domains").getItems().size() == 1);
            app.click("#domain-check");
            waitFor(() -> app.<VBox>anywhere("#domain-dns").getChildren().stream()
                    .anyMatch(n -> n instanceof Label label && label.getText().contains("no public DNS record is needed")));
            app.click("#tab-overview");

            app.click("#deploy");
            waitFor(() -> app.showsAnywhere("#deploy-dialog"));
            waitFor(120, () -> app.<Message>anywhere("#deploy-result").isVisible());
            Message result = app.anywhere("#deploy-result");
            assertThat(result.getTitle()).as(app.<TextArea>anywhere("#deploy-log").getText()).isEqualTo("Live");
            assertThat(app.<Label>anywhere("#step-LIVE").getStyleClass()).contains("done");
            app.clickDialogButton("Close");
            waitFor(() -> app.inWindow("#status-value").tryQuery().map(n -> n instanceof javafx.scene.layout.HBox box && box.getChildren().stream()
                    .anyMatch(c -> c instanceof Label label && label.getText().startsWith("since "))).orElse(false));
            assertThat(RigHttp.get("http", domain, "/", null).body()).isEqualTo("testapp ui1");
        } finally {
            app.close();
            try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
                long id = homeport.inventory().tree().services().stream().filter(x -> x.name().equals("front")).findFirst().orElseThrow().id();
                serviceKey = homeport.inventory().serviceNodeKey(id);
                var connection = homeport.nodeService().connection(homeport.nodes().node("rig"), Prompts.NONE);
                DeployedServices.remove(connection, homeport.nodeClients().docker(connection).client(), serviceKey);
            }
        }
    }

    @Test
    void settlesADeploymentLeftInProgressWhenTheAppOpens(Rig rig) throws Exception {
        prepare(rig, true);
        try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
            Service web = homeport.inventory().tree().services().getFirst();
            WorkerNode node = homeport.nodes().node("rig");
            Deployment left = homeport.deployments().queue(web.id(), node.id(), MISSING_IMAGE, null);
            homeport.deployments().transition(left.id(), DeploymentState.QUEUED, DeploymentState.PREPARING, null);
        }
        app.launch(home);
        waitFor(30, () -> app.notices().contains("Deployment #1 of acme/shop/prod/web was interrupted when Homeport stopped"));
        app.click("#tab-deployments");
        waitFor(() -> app.<TableView<ServiceModel.Release>>anywhere("#releases").getItems().stream()
                .anyMatch(r -> r.deployment().state() == DeploymentState.INTERRUPTED));
    }

    /** acme/shop/prod/web (an image the node lacks, no port), the rig as a node with its host key pinned, attached or not. */
    private void prepare(Rig rig, boolean attach) throws Exception {
        try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
            var inventory = homeport.inventory();
            long environment = inventory.createEnvironment(inventory.createApplication(inventory.createOrganisation("acme").id(), "shop").id(), "prod").id();
            inventory.createService(new Service(0, environment, "web", new ServiceSource.Image(MISSING_IMAGE), null, null, null, null));
            NodeService nodes = homeport.nodeService();
            WorkerNode node = nodes.add(new WorkerNode(0, "rig", rig.sshHost(), rig.sshPort(), rig.sshUser(),
                    new NodeIdentity.KeyFile(rig.sshKey().toString()), null));
            try {
                nodes.test(node, Prompts.NONE);
            } catch (HostKeyException unknown) {
                nodes.acceptHostKey(node, unknown);
            }
            if (attach) {
                homeport.nodes().attach(node.id(), environment);
            }
        }
        Files.writeString(home.resolve("ui.properties"), "place=acme/shop/prod/web\n");
    }

    private String text(String query) {
        return app.inWindow(query).tryQuery().map(node -> node instanceof Label label ? label.getText() : "").orElse("");
    }
}
