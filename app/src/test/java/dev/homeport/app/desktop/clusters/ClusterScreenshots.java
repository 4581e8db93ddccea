package dev.homeport.app.desktop.clusters;

import static dev.homeport.app.desktop.nodes.AppDriver.waitFor;

import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceRestartCondition;
import com.github.dockerjava.api.model.ServiceRestartPolicy;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.TaskSpec;
import dev.homeport.app.Homeport;
import dev.homeport.app.desktop.NeedsDisplay;
import dev.homeport.app.desktop.nodes.AppDriver;
import dev.homeport.model.DeployOptions;
import dev.homeport.model.HomeportHome;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.inventory.InventoryPath;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigCluster;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.TestApps;
import dev.homeport.ssh.transport.Prompts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Takes the environment screenshots of docs/screenshots from the real app on the rig's
 * cluster nodes: an environment on one node, then the same environment as a cluster of three
 * running three replicas, with one of the three drained, and with one whose Docker died.
 * Runs only when HOMEPORT_SCREENSHOTS names the folder to write to, on a display of 1440x900.
 * The nodes leave their swarm at the end.
 */
@NeedsDisplay
@ExtendWith(RigExtension.class)
@EnabledIfEnvironmentVariable(named = "HOMEPORT_SCREENSHOTS", matches = ".+")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ClusterScreenshots {
    @TempDir
    Path folder;
    private AppDriver app;
    private RigCluster cluster;
    private Path home;
    private Path out;

    @BeforeEach
    void setUp(Rig rig) throws Exception {
        out = Path.of(System.getenv("HOMEPORT_SCREENSHOTS"));
        cluster = new RigCluster(rig, folder);
        cluster.reset();
        app = new AppDriver(folder.resolve("you"));
        // A stable, ordinary-looking data folder: the status bar shows it.
        home = Path.of(System.getProperty("java.io.tmpdir"), "you", ".local", "share", "homeport");
        deleteRecursively(home.getParent().getParent().getParent());
        EnvironmentClusterPageTest.prepare(rig, home, 3);
        try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
            long prod = homeport.inventory().resolve(InventoryPath.parse("acme/shop/prod")).id();
            homeport.inventory().createService(new Service(0, prod, "storefront", new ServiceSource.Image("ghcr.io/acme/storefront:1.4"),
                    8080, "/health", null, null, DeployOptions.defaults()));
            homeport.inventory().createService(new Service(0, prod, "api", new ServiceSource.Image("ghcr.io/acme/api:2.0"),
                    9000, "/health", null, null, DeployOptions.defaults()));
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            app.close();
        } finally {
            cluster.close();
            deleteRecursively(home.getParent().getParent().getParent());
        }
    }

    @Test
    void anEnvironmentOnOneNode() throws Exception {
        attach("n1");
        app.launch(home);
        waitFor(() -> app.<Label>anywhere("#nodes-summary").getText().startsWith("One node"));
        waitFor(() -> !app.<Label>anywhere("#nodes-status").isVisible());
        app.capture(out.resolve("environment-single-node-light.png"));
    }

    @Test
    void anEnvironmentOnAClusterOfThree() throws Exception {
        attach("n1");
        attach("n2");
        attach("n3");
        replicas(3);
        app.launch(home);
        waitFor(60, () -> rows().size() == 3 && rows().stream().allMatch(row -> row.member() != null && row.replicaCount().equals("1")));
        app.capture(out.resolve("environment-cluster-light.png"));

        // n3 drained behind Homeport's back, as another tool (or a detach under way) would: its row reads apart.
        var manager = cluster.docker(1);
        var n3 = manager.listSwarmNodesCmd().exec().stream().filter(n -> "node-3".equals(n.getDescription().getHostname())).findFirst().orElseThrow();
        manager.updateSwarmNodeCmd().withSwarmNodeId(n3.getId()).withVersion(n3.getVersion().getIndex())
                .withSwarmNodeSpec(n3.getSpec().withAvailability(com.github.dockerjava.api.model.SwarmNodeAvailability.DRAIN)).exec();
        waitFor(30, () -> app.<TableView<NodeRow>>anywhere("#environment-node-table").getItems().stream().anyMatch(NodeRow::draining));
        app.capture(out.resolve("environment-cluster-draining-light.png"));
    }

    @Test
    void aScaledServiceOnTheCluster(Rig rig) throws Exception {
        attach("n1");
        attach("n2");
        attach("n3");
        new TestApps(rig).base();
        cluster.loadFromRig(TestApps.BASE, 1); // the folder app builds FROM it on n1
        Path app = TestApps.writeFolderApp(folder.resolve("web"), "2.1");
        try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
            long prod = homeport.inventory().resolve(InventoryPath.parse("acme/shop/prod")).id();
            Service web = homeport.inventory().createService(new Service(0, prod, "web", new ServiceSource.Folder(app.toString()),
                    TestApps.PORT, "/health", null, null, DeployOptions.defaults().withReplicas(2)));
            homeport.inventory().addDomain(web.id(), "shop.cluster.test");
            var live = homeport.deployService().deploy(web.id(), null, Prompts.NONE, dev.homeport.ssh.deploy.DeployListener.NONE).await();
            if (live.state() != dev.homeport.model.DeploymentState.LIVE) {
                throw new IllegalStateException("The deploy for the screenshot ended " + live.state() + ": " + live.reason());
            }
            homeport.deployService().scale(web.id(), 3, Prompts.NONE);
        }
        Files.writeString(home.resolve("ui.properties"), Files.readString(home.resolve("ui.properties")).replace("place=acme/shop/prod",
                "place=acme/shop/prod/web"));
        this.app.launch(home);
        waitFor(60, () -> this.app.shows("#live-release"));
        this.app.capture(out.resolve("service-cluster-light.png"));
        this.app.close(); // it holds the store
        try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
            homeport.undeploy().deleteAfter(homeport.undeploy().plan(new dev.homeport.model.inventory.Ref(
                    dev.homeport.model.inventory.Level.ENVIRONMENT, homeport.inventory().resolve(InventoryPath.parse("acme/shop/prod")).id()),
                    false, Prompts.NONE), Prompts.NONE, line -> { });
            var nodes = homeport.nodes().nodes().stream().map(n -> homeport.nodeService().connection(n, Prompts.NONE)).toList();
            dev.homeport.ssh.swarm.ClusterEdge.removeEdge(cluster.docker(1), nodes);
        }
    }

    @Test
    void aNodeOfTheClusterDies() throws Exception {
        attach("n1");
        attach("n2");
        attach("n3");
        replicas(3);
        app.launch(home);
        waitFor(60, () -> rows().size() == 3 && rows().stream().allMatch(row -> row.member() != null && row.replicaCount().equals("1")));

        cluster.nodeDown(3);
        waitFor(60, () -> app.<Label>anywhere("#replicas-moving").isVisible() && app.showsAnywhere("#notices .notification"));
        app.capture(out.resolve("environment-cluster-node-down-light.png"));
    }

    /** Three replicas of a service made by hand, labelled as a release labels its replicas, so the Replicas column counts them. */
    private void replicas(int count) {
        cluster.docker(1).createServiceCmd(new ServiceSpec().withName("homeport-screenshot-storefront")
                .withTaskTemplate(new TaskSpec().withContainerSpec(new ContainerSpec().withImage(cluster.baseImage())
                        .withLabels(Map.of("dev.homeport.service", "1")).withCommand(List.of("sleep", "infinity"))
                        .withStopGracePeriod(1_000_000_000L))
                        // A restart delay long enough for a read of the page to find the dead node's replica starting elsewhere.
                        .withRestartPolicy(new ServiceRestartPolicy().withCondition(ServiceRestartCondition.ANY).withDelay(20_000_000_000L)))
                .withMode(new ServiceModeConfig().withReplicated(new ServiceReplicatedModeOptions().withReplicas(count)))).exec();
    }

    private List<NodeRow> rows() {
        return List.copyOf(app.<TableView<NodeRow>>anywhere("#environment-node-table").getItems());
    }

    private void attach(String node) {
        try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
            long prod = homeport.inventory().resolve(InventoryPath.parse("acme/shop/prod")).id();
            homeport.clusters().attach(prod, homeport.nodes().node(node), null, Prompts.NONE, line -> { });
        }
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
}
