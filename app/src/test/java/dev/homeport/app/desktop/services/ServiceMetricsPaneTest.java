package dev.homeport.app.desktop.services;

import static dev.homeport.app.desktop.nodes.AppDriver.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.app.Homeport;
import dev.homeport.app.desktop.NeedsDisplay;
import dev.homeport.app.desktop.charts.ChartMarker;
import dev.homeport.app.desktop.charts.LiveChart;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Metrics tab of a service live on the rig, deployed twice: its four charts from the live container's cgroup
 * charts, the container's restarts beside them, a deploy marker for each release, and a click on one opening it.
 */
@NeedsDisplay
@ExtendWith(RigExtension.class)
class ServiceMetricsPaneTest {
    private static final String PATH = "acme/shop/prod/web";
    private static final String SCREENSHOTS = System.getenv("HOMEPORT_SCREENSHOTS") == null || System.getenv("HOMEPORT_SCREENSHOTS").isBlank()
            ? null : System.getenv("HOMEPORT_SCREENSHOTS");
    @TempDir
    Path folder;
    private AppDriver app;
    private Path home;
    private long key;
    private final List<Deployment> releases = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        app = new AppDriver(folder.resolve("user"));
        // For a screenshot, an ordinary-looking data folder: the status bar shows it.
        home = SCREENSHOTS == null ? folder.resolve("home") : Path.of(System.getProperty("java.io.tmpdir"), "you", ".local", "share", "homeport");
        deleteRecursively(home);
    }

    private static void deleteRecursively(Path path) throws java.io.IOException {
        if (Files.exists(path)) {
            try (var walk = Files.walk(path)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
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
        if (SCREENSHOTS != null) {
            deleteRecursively(home);
        }
    }

    @Test
    void chartsTheLiveContainerWithDeployMarkers(Rig rig) throws Exception {
        prepare(rig);
        AppDriver.openAt(home, PATH, "LIGHT");
        app.launch(home);
        waitFor(() -> app.shows("#page-title"));
        app.click("#tab-metrics");
        app.click("#service-range-minutes_15");
        LiveChart cpu = app.anywhere("#service-chart-cpu");
        for (String chart : List.of("cpu", "memory", "network", "disk_io")) {
            assertThat(app.showsAnywhere("#service-chart-" + chart)).as(chart).isTrue();
        }
        // Netdata finds a new container within 10 s; its points follow.
        waitFor(60, () -> cpu.pointCount() > 0 && cpu.shownMessage() == null);
        assertThat(cpu.seriesNames()).containsExactly("cpu");
        LiveChart network = app.anywhere("#service-chart-network");
        waitFor(() -> network.pointCount() > 0);
        assertThat(network.seriesNames()).containsExactly("received", "sent");
        Deployment second = releases.getLast();
        String container = "prod-web-" + second.id();
        waitFor(() -> app.<Label>anywhere("#service-metrics-source").getText().startsWith("Container " + container));

        Node replica = app.anywhere("#replica-web");
        assertThat(((javafx.scene.layout.VBox) replica).getChildren()).map(n -> ((Label) n).getText())
                .containsExactly("web · rig", "running, never restarted");

        // A marker for each release that went live, with its number.
        waitFor(() -> cpu.markersShown().stream().map(ChartMarker::label).toList()
                .containsAll(List.of("#" + releases.getFirst().id(), "#" + second.id())));
        if (SCREENSHOTS != null) {
            // The last minute, where the two releases' markers stand apart.
            app.click("#service-range-live");
            waitFor(() -> cpu.pointCount() > 20 && cpu.markersShown().size() >= 2);
            app.capture(Path.of(SCREENSHOTS).resolve("service-metrics-light.png"));
            app.click("#service-range-minutes_15");
            waitFor(() -> cpu.markersShown().size() >= 2);
        }
        ChartMarker marker = cpu.markersShown().stream().filter(m -> m.id() == releases.getFirst().id()).findFirst().orElseThrow();
        assertThat(marker.kind()).isEqualTo(ChartMarker.Kind.LIVE);
        var point = cpu.markerPoint(marker);
        app.robot.clickOn(cpu.localToScreen(point));
        TabPane tabs = app.anywhere("#service-tabs");
        waitFor(() -> "tab-deployments".equals(tabs.getSelectionModel().getSelectedItem().getId()));
        TableView<ServiceModel.Release> table = app.anywhere("#releases");
        waitFor(() -> table.getSelectionModel().getSelectedItem() != null
                && table.getSelectionModel().getSelectedItem().deployment().id() == releases.getFirst().id());
    }

    /** acme/shop/prod/web, the test app, deployed live to the rig twice (host key pinned). */
    private void prepare(Rig rig) throws Exception {
        String image = new TestApps(rig).image("v1");
        try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
            var inventory = homeport.inventory();
            long environment = inventory.createEnvironment(inventory.createApplication(inventory.createOrganisation("acme").id(), "shop").id(), "prod").id();
            Service web = inventory.createService(new Service(0, environment, "web", new ServiceSource.Image(image), TestApps.PORT, "/health",
                    null, null, DeployOptions.defaults().withDrainSeconds(0)));
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
            for (int i = 0; i < 2; i++) {
                var live = homeport.deployService().deploy(web.id(), null, Prompts.NONE, DeployListener.NONE).await();
                assertThat(live.state()).as(live.reason()).isEqualTo(DeploymentState.LIVE);
                releases.add(live);
            }
        }
    }
}
