package dev.homeport.app.desktop.services;

import static dev.homeport.app.desktop.nodes.AppDriver.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.controls.Notification;
import dev.homeport.app.Homeport;
import dev.homeport.app.desktop.NeedsDisplay;
import dev.homeport.app.desktop.nodes.AppDriver;
import dev.homeport.model.DeployOptions;
import dev.homeport.model.Deployment;
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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.scene.control.Button;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The open app hears of a crash loop after LIVE: a notice in the window, and the service's Metrics tab says what
 * happened to the release and offers the rollback to the release before it.
 */
@NeedsDisplay
@ExtendWith(RigExtension.class)
class CrashAlertTest {
    private static final String PATH = "acme/shop/prod/web";
    @TempDir
    Path folder;
    private AppDriver app;
    private Path home;
    private long key;
    private String upstream;
    private final List<Deployment> releases = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        app = new AppDriver(folder.resolve("user"));
        home = folder.resolve("home");
    }

    @AfterEach
    void close() throws Exception {
        app.close();
        if (key != 0) {
            try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
                var connection = homeport.nodeService().connection(homeport.nodes().node("rig"), Prompts.NONE);
                DeployedServices.remove(connection, homeport.nodeClients().docker(connection).client(), key);
            }
        }
    }

    @Test
    void aCrashLoopRaisesANoticeAndTheMetricsTabOffersTheRollback(Rig rig) throws Exception {
        prepare(rig);
        AppDriver.openAt(home, PATH, "LIGHT");
        app.launch(home);
        waitFor(() -> app.shows("#page-title"));
        app.click("#tab-metrics");
        waitFor(() -> app.showsAnywhere("#replica-web"));
        crash();
        Deployment crashed = releases.getLast();
        waitFor(60, () -> notices().stream().anyMatch(text -> text.startsWith(PATH + " is crash-looping\nLIVE, then crashed 3 times in ")));
        assertThat(notices()).filteredOn(text -> text.contains("crash-looping")).hasSize(1).first().asString()
                .contains("(release #" + crashed.id() + ", on rig). Its Metrics tab offers a rollback.");
        // The tab reads the release's marks every 5 s.
        waitFor(20, () -> app.showsAnywhere("#crash-rollback"));
        assertThat(app.<Button>anywhere("#crash-rollback").getText()).isEqualTo("Roll back to #" + releases.getFirst().id() + "…");
        assertThat(app.<javafx.scene.layout.VBox>anywhere("#crash-offer").lookupAll(".label").stream()
                .map(n -> ((javafx.scene.control.Label) n).getText()))
                .anyMatch(text -> text.matches("Release #" + crashed.id() + ": LIVE, then crashed 3 times in \\d+ s\\."));

        // The release's row in the Deployments tab says it too.
        app.click("#tab-deployments");
        waitFor(() -> app.robot.lookup("#releases .table-cell").queryAll().stream()
                .map(n -> ((javafx.scene.control.TableCell<?, ?>) n).getText())
                .anyMatch(text -> text != null && text.matches("LIVE, then crashed 3 times in \\d+ s.*")));
    }

    private List<String> notices() {
        WaitForAsyncUtils.waitForFxEvents();
        return app.robot.lookup("#notices").queryAll().stream().flatMap(n -> n.lookupAll(".notification").stream())
                .map(n -> ((Notification) n).getMessage()).toList();
    }

    /** Asks the live container to crash, on its loopback port; it crashes again a second after each restart. */
    private void crash() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://" + upstream + "/cgi-bin/crash"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.body()).isEqualTo("crashing");
        }
    }

    /** acme/shop/prod/web: release 1 the test app, release 2 the one that crashes on request; both went live on the rig. */
    private void prepare(Rig rig) throws Exception {
        TestApps apps = new TestApps(rig);
        try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
            var inventory = homeport.inventory();
            long environment = inventory.createEnvironment(inventory.createApplication(inventory.createOrganisation("acme").id(), "shop").id(), "prod").id();
            Service web = inventory.createService(new Service(0, environment, "web", new ServiceSource.Image(apps.image("v1")), TestApps.PORT,
                    "/health", null, null, DeployOptions.defaults().withDrainSeconds(0)));
            key = inventory.serviceNodeKey(web.id());
            NodeService nodes = homeport.nodeService();
            WorkerNode node = nodes.add(new WorkerNode(0, "rig", rig.sshHost(), rig.sshPort(), rig.sshUser(),
                    new NodeIdentity.KeyFile(rig.sshKey().toString()), null));
            try {
                nodes.test(node, Prompts.NONE);
            } catch (HostKeyException unknown) {
                nodes.acceptHostKey(node, unknown);
            }
            homeport.nodes().attach(node.id(), environment);
            deploy(homeport, web.id());
            inventory.updateService(new Service(web.id(), environment, "web", new ServiceSource.Image(apps.crashingImage("v1")), TestApps.PORT,
                    "/health", null, null, DeployOptions.defaults().withDrainSeconds(0)));
            deploy(homeport, web.id());
            var connection = nodes.connection(node, Prompts.NONE);
            upstream = homeport.nodeClients().docker(connection).client().listContainersCmd()
                    .withLabelFilter(Map.of("dev.homeport.service", Long.toString(key), "dev.homeport.deployment", Long.toString(releases.getLast().id())))
                    .exec().getFirst().getLabels().get("dev.homeport.upstream");
        }
    }

    private void deploy(Homeport homeport, long serviceId) throws Exception {
        var live = homeport.deployService().deploy(serviceId, null, Prompts.NONE, DeployListener.NONE).await();
        assertThat(live.state()).as(live.reason()).isEqualTo(DeploymentState.LIVE);
        releases.add(live);
    }
}
