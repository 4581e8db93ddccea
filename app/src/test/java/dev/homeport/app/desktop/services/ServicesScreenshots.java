package dev.homeport.app.desktop.services;

import static dev.homeport.app.desktop.nodes.AppDriver.waitFor;

import atlantafx.base.controls.Message;
import dev.homeport.app.Homeport;
import dev.homeport.app.desktop.NeedsDisplay;
import dev.homeport.app.desktop.nodes.AppDriver;
import dev.homeport.model.HomeportHome;
import dev.homeport.model.NodeIdentity;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.inventory.InventoryPath;
import dev.homeport.model.inventory.Ref;
import dev.homeport.model.transfer.InventoryImporter;
import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.proxy.CaddyAdmin;
import dev.homeport.ssh.proxy.CaddyRoutes;
import dev.homeport.ssh.rig.Processes;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.TestApps;
import dev.homeport.ssh.transport.HostKeyException;
import dev.homeport.ssh.transport.Prompts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Takes the service screenshots in docs/screenshots from the real app: the demo
 * inventory's storefront, running the rig's test app, deployed for real to the
 * rig's Docker and Caddy, then deployed again after a change. Runs only when
 * HOMEPORT_SCREENSHOTS names the folder to write to, on a display of 1440x900.
 * It removes the containers and Caddy route it made.
 */
@NeedsDisplay
@ExtendWith(RigExtension.class)
@EnabledIfEnvironmentVariable(named = "HOMEPORT_SCREENSHOTS", matches = ".+")
class ServicesScreenshots {
    private static final String PATH = "acme/shop/production/storefront";
    @TempDir
    Path folder;
    private AppDriver app;
    private Path out;
    private Path home;

    @BeforeEach
    void setUp() throws Exception {
        out = Path.of(System.getenv("HOMEPORT_SCREENSHOTS"));
        app = new AppDriver(folder.resolve("you"));
        // A stable, ordinary-looking data folder: the status bar shows it.
        home = Path.of(System.getProperty("java.io.tmpdir"), "you", ".local", "share", "homeport");
        deleteRecursively(home.getParent().getParent().getParent());
    }

    @AfterEach
    void tearDown() throws Exception {
        app.close();
        removeWhatTheDeploysLeft();
        deleteRecursively(home.getParent().getParent().getParent());
    }

    @Test
    void takesTheServiceScreenshots(Rig rig) throws Exception {
        String image = new TestApps(rig).image("1.0");
        prepare(rig, image);
        AppDriver.openAt(home, PATH, "LIGHT");
        app.launch(home);
        waitFor(() -> app.shows("#deploy") && !app.inWindow("#deploy").query().isDisabled());

        app.click("#deploy");
        waitFor(() -> app.showsAnywhere("#deploy-dialog"));
        waitFor(120, () -> app.<Message>anywhere("#deploy-result").isVisible());
        app.capture(out.resolve("service-deploy-light.png"));
        app.clickDialogButton("Close");

        app.click("#tab-logs");
        waitFor(30, () -> app.<javafx.scene.control.Label>anywhere("#logs-status").getText().startsWith("Following the container's log"));

        // A change, then a second release: the history says what changed.
        app.click("#tab-variables");
        app.robot.clickOn("#variable-key").write("FEATURE_REVIEWS");
        app.robot.clickOn("#variable-value").write("on");
        app.click("#variable-set");
        waitFor(() -> app.<TableView<?>>anywhere("#variables").getItems().size() == 3);
        app.click("#tab-overview");
        app.click("#deploy");
        waitFor(() -> app.showsAnywhere("#deploy-dialog"));
        waitFor(120, () -> app.<Message>anywhere("#deploy-result").isVisible());
        app.clickDialogButton("Close");

        app.click("#tab-deployments");
        waitFor(() -> app.<TableView<?>>anywhere("#releases").getItems().size() == 2);
        app.capture(out.resolve("service-deployments-light.png"));

        app.click("#tab-overview");
        waitFor(() -> app.shows("#live-release"));
        app.capture(out.resolve("service-overview-light.png"));

        app.click("#tab-settings");
        app.click("Edit settings…");
        waitFor(() -> app.showsAnywhere("#health-gate"));
        app.capture(out.resolve("service-settings-light.png"));
        app.clickDialogButton("Cancel");
    }

    /** The demo inventory, with the production storefront running the test app, and the rig attached to production as web-1. */
    private void prepare(Rig rig, String image) throws Exception {
        try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
            Path demo = Path.of(System.getProperty("user.dir")).resolveSibling("docs/examples/demo-inventory.yaml");
            homeport.importer().apply(InventoryImporter.parse(Files.readString(demo)), null);
            Ref ref = homeport.inventory().resolve(InventoryPath.parse(PATH));
            Service storefront = homeport.inventory().service(ref.id());
            homeport.inventory().updateService(new Service(storefront.id(), storefront.environmentId(), storefront.name(),
                    new ServiceSource.Image(image), 8080, "/health", storefront.cpuLimit(), storefront.memoryLimitMb(), storefront.options()));
            NodeService nodes = homeport.nodeService();
            WorkerNode node = nodes.add(new WorkerNode(0, "web-1", rig.sshHost(), rig.sshPort(), rig.sshUser(),
                    new NodeIdentity.KeyFile(rig.sshKey().toString()), null));
            try {
                nodes.test(node, Prompts.NONE);
            } catch (HostKeyException unknown) {
                nodes.acceptHostKey(node, unknown);
            }
            homeport.nodes().attach(node.id(), storefront.environmentId());
        }
    }

    private void removeWhatTheDeploysLeft() {
        String ids = Processes.call(List.of("docker", "ps", "-aq", "--filter", "label=dev.homeport.path=" + PATH), null).out();
        ids.lines().filter(id -> !id.isBlank()).forEach(id -> Processes.call(List.of("docker", "rm", "-f", id), null));
        if (!Files.exists(home)) {
            return;
        }
        try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
            long service = homeport.inventory().resolve(InventoryPath.parse(PATH)).id();
            var connection = homeport.nodeService().connection(homeport.nodes().node("web-1"), Prompts.NONE);
            try (CaddyAdmin admin = CaddyAdmin.over(connection)) {
                new CaddyRoutes(admin).remove(homeport.inventory().serviceNodeKey(service));
            }
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
