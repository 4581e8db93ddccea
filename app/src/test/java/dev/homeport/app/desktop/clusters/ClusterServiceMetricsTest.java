package dev.homeport.app.desktop.clusters;

import static dev.homeport.app.desktop.nodes.AppDriver.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.app.Homeport;
import dev.homeport.app.desktop.NeedsDisplay;
import dev.homeport.app.desktop.charts.LiveChart;
import dev.homeport.app.desktop.nodes.AppDriver;
import dev.homeport.model.DeployOptions;
import dev.homeport.model.DeploymentState;
import dev.homeport.model.HomeportHome;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.inventory.InventoryPath;
import dev.homeport.model.inventory.Level;
import dev.homeport.model.inventory.Ref;
import dev.homeport.ssh.deploy.DeployListener;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigCluster;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.TestApps;
import dev.homeport.ssh.swarm.ClusterEdge;
import dev.homeport.ssh.transport.Prompts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service's Metrics tab on a two-node cluster: each replica's cgroup charts are read from the Netdata of the node it
 * runs on (through that node's SSH), summed into one line, and split into one line per replica with a click.
 */
@NeedsDisplay
@ExtendWith(RigExtension.class)
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class ClusterServiceMetricsTest {
    @TempDir
    Path folder;
    private AppDriver app;
    private RigCluster cluster;
    private Path home;
    private boolean deployed;

    @BeforeEach
    void setUp(Rig rig) throws Exception {
        cluster = new RigCluster(rig, folder);
        cluster.reset();
        app = new AppDriver(folder.resolve("user"));
        home = folder.resolve("home");
        EnvironmentClusterPageTest.prepare(rig, home, 2);
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            app.close();
            if (deployed) {
                try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
                    long prod = homeport.inventory().resolve(InventoryPath.parse("acme/shop/prod")).id();
                    homeport.undeploy().deleteAfter(homeport.undeploy().plan(new Ref(Level.ENVIRONMENT, prod), false, Prompts.NONE),
                            Prompts.NONE, line -> { });
                    var nodes = homeport.nodes().nodes().stream().map(n -> homeport.nodeService().connection(n, Prompts.NONE)).toList();
                    ClusterEdge.removeEdge(cluster.docker(1), nodes);
                }
            }
        } finally {
            cluster.close();
        }
    }

    @Test
    void theReplicasChartsAreSummedAndSplit(Rig rig) throws Exception {
        new TestApps(rig).base();
        cluster.loadFromRig(TestApps.BASE, 1); // the folder app builds FROM it on n1
        Path source = TestApps.writeFolderApp(folder.resolve("web"), "m1");
        try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
            long prod = homeport.inventory().resolve(InventoryPath.parse("acme/shop/prod")).id();
            for (String node : List.of("n1", "n2")) {
                homeport.clusters().attach(prod, homeport.nodes().node(node), null, Prompts.NONE, line -> { });
            }
            Service web = homeport.inventory().createService(new Service(0, prod, "web", new ServiceSource.Folder(source.toString()),
                    TestApps.PORT, "/health", null, null, DeployOptions.defaults().withReplicas(2)));
            deployed = true;
            var live = homeport.deployService().deploy(web.id(), null, Prompts.NONE, DeployListener.NONE).await();
            assertThat(live.state()).as(live.reason() + "\n" + String.join("\n", homeport.deployments().log(live.id())))
                    .isEqualTo(DeploymentState.LIVE);
        }
        Files.writeString(home.resolve("ui.properties"), Files.readString(home.resolve("ui.properties"))
                .replace("place=acme/shop/prod", "place=acme/shop/prod/web"));

        app.launch(home);
        waitFor(() -> app.shows("#page-title"));
        app.click("#tab-metrics");
        LiveChart cpu = app.anywhere("#service-chart-cpu");
        Label origin = app.anywhere("#service-metrics-source");
        // Each node's Netdata finds the new container within 10 s; the sum follows.
        try {
            app.await(90, "both replicas charted, summed", () -> origin.getText().startsWith("2 replicas, summed")
                    && cpu.pointCount() > 0 && cpu.shownMessage() == null);
        } catch (AssertionError notYet) {
            throw new AssertionError("The Metrics tab says: " + origin.getText() + " | " + cpu.shownMessage(), notYet);
        }
        assertThat(cpu.seriesNames()).containsExactly("cpu");
        VBox states = app.anywhere("#replica-states");
        List<String> placed = states.getChildren().stream().filter(VBox.class::isInstance)
                .map(row -> ((Label) ((VBox) row).getChildren().getFirst()).getText()).toList();
        assertThat(placed).hasSize(2).anyMatch(name -> name.endsWith(" · n1")).anyMatch(name -> name.endsWith(" · n2"));

        app.click("#split-replicas");
        app.await(60, "one line per replica", () -> origin.getText().startsWith("2 replicas, one line each")
                && cpu.seriesNames().size() == 2 && cpu.pointCount() > 0);
        assertThat(origin.getText()).doesNotContain("has no charts");
    }
}
