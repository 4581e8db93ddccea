package dev.homeport.app.desktop.nodes;

import static dev.homeport.app.desktop.nodes.AppDriver.waitFor;

import atlantafx.base.controls.Message;
import dev.homeport.app.Homeport;
import dev.homeport.app.desktop.NeedsDisplay;
import dev.homeport.app.desktop.ThemeChoice;
import dev.homeport.model.Environment;
import dev.homeport.model.HomeportHome;
import dev.homeport.model.NodeIdentity;
import dev.homeport.model.SshIdentity;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.inventory.InventoryTree;
import dev.homeport.model.transfer.InventoryImporter;
import dev.homeport.ssh.keys.SshKeys;
import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.rig.NodeContainer;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.transport.HostKeyException;
import dev.homeport.ssh.transport.Prompts;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Takes the Worker Nodes screenshots in docs/screenshots from the real app,
 * against real node containers. Runs only when HOMEPORT_SCREENSHOTS names the
 * folder to write to, on a display of 1440x900 (app/src/test/scripts/nodes-screenshots
 * starts one).
 */
@NeedsDisplay
@ExtendWith(RigExtension.class)
@EnabledIfEnvironmentVariable(named = "HOMEPORT_SCREENSHOTS", matches = ".+")
class NodesScreenshots {
    @TempDir
    Path folder;
    private AppDriver app;
    private Path out;

    @BeforeEach
    void setUp() throws Exception {
        out = Path.of(System.getenv("HOMEPORT_SCREENSHOTS"));
        app = new AppDriver(folder.resolve("you"));
    }

    @AfterEach
    void tearDown() throws Exception {
        app.close();
        deleteRecursively(Path.of(System.getProperty("java.io.tmpdir"), "you"));
    }

    @Test
    void takesTheNodeScreenshots(Rig rig) throws Exception {
        // A stable, ordinary-looking data folder: the status bar shows it.
        Path home = Path.of(System.getProperty("java.io.tmpdir"), "you", ".local", "share", "homeport");
        deleteRecursively(home.getParent().getParent().getParent());
        try (NodeContainer web = NodeContainer.start(rig); NodeContainer fresh = NodeContainer.start(rig)) {
            prepare(home, web, fresh);
            Path ssh = Files.createDirectories(Path.of(System.getProperty("user.home"), ".ssh"));
            Files.writeString(ssh.resolve("config"), """
                    Host prod-web
                        HostName 203.0.113.10
                        User deploy
                        ProxyJump bastion.example.com
                        IdentityFile /home/you/.ssh/prod_ed25519
                    """);
            AppDriver.openAt(home, ":nodes", "LIGHT");
            app.launch(home);
            testBothNodes();
            app.capture(out.resolve("nodes-light.png"));

            theme(ThemeChoice.DARK);
            app.click("#section-worker-nodes");
            testBothNodes();
            app.capture(out.resolve("nodes-dark.png"));
            theme(ThemeChoice.LIGHT);

            app.click("#section-worker-nodes");
            waitFor(() -> app.shows("#node-web-1"));
            app.click("#add-node");
            waitFor(() -> app.showsAnywhere("#node-alias"));
            app.robot.clickOn("#node-alias").write("prod-web");
            waitFor(() -> app.<Label>anywhere("#alias-resolution").getText().startsWith("Resolves to"));
            app.capture(out.resolve("nodes-alias-light.png"));
            app.clickDialogButton("Cancel");

            app.click("#add-node");
            waitFor(() -> app.showsAnywhere("#add-node-dialog"));
            app.robot.clickOn("#mode-address");
            app.robot.clickOn("#node-name").write("web-2");
            app.fill("#node-host", fresh.ip());
            app.fill("#node-user", "homeport");
            ChoiceBox<NodeDraft.IdentityKind> kind = app.anywhere("#identity-kind");
            app.robot.interact(() -> kind.setValue(NodeDraft.IdentityKind.STORED_KEY));
            javafx.scene.control.ComboBox<dev.homeport.model.SshIdentity> stored = app.anywhere("#stored-key");
            app.robot.interact(() -> stored.getItems().stream().filter(k -> k.name().equals("laptop")).findFirst().ifPresent(stored::setValue));
            app.clickDialogButton("Test connection");
            waitFor(() -> app.showsAnywhere("#host-key-confirmation"));
            app.capture(out.resolve("nodes-host-key-light.png"));
            app.clickDialogButton("Trust and connect");
            waitFor(() -> app.showsAnywhere("#test-result") && "Connection works".equals(app.<Message>anywhere("#test-result").getTitle()));
            app.capture(out.resolve("nodes-add-light.png"));
            app.clickDialogButton("Cancel");

            app.click("#section-settings");
            waitFor(() -> app.shows("#identities"));
            TableView<?> identities = app.inWindow("#identities").query();
            waitFor(() -> identities.getItems().size() == 2);
            ScrollPane scroll = app.inWindow(".scroll-pane").query();
            app.robot.interact(() -> {
                scroll.setVvalue(1);
                identities.getSelectionModel().select(0);
            });
            app.capture(out.resolve("nodes-identities-light.png"));
        }
    }

    /** A store with the demo inventory, two stored keys, a node that works and one that refuses connections. */
    private static void prepare(Path home, NodeContainer web, NodeContainer fresh) throws Exception {
        try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
            Path demo = Path.of(System.getProperty("user.dir")).resolveSibling("docs/examples/demo-inventory.yaml");
            homeport.importer().apply(InventoryImporter.parse(Files.readString(demo)), null);
            SshKeys.KeyText laptopKey = SshKeys.generateEd25519("you@laptop", null);
            SshIdentity laptop = homeport.keys().add("laptop", laptopKey.publicKey(), laptopKey.privateKey());
            SshKeys.KeyText ciKey = SshKeys.generateEd25519("deploy@ci", null);
            homeport.keys().add("ci-deploy", ciKey.publicKey(), ciKey.privateKey());
            web.authorize(laptopKey.publicKey());
            fresh.authorize(laptopKey.publicKey());

            NodeService nodes = homeport.nodeService();
            WorkerNode web1 = nodes.add(new WorkerNode(0, "web-1", web.ip(), 22, "homeport", new NodeIdentity.StoredKey(laptop.id()), null));
            try {
                nodes.test(web1, Prompts.NONE);
            } catch (HostKeyException unknown) {
                nodes.acceptHostKey(web1, unknown);
            }
            InventoryTree tree = homeport.inventory().tree();
            for (Environment environment : tree.environments()) {
                if (environment.name().equals("production")) {
                    homeport.nodes().attach(web1.id(), environment.id());
                }
            }
            nodes.add(new WorkerNode(0, "backup-1", web.ip(), 2222, "root", new NodeIdentity.KeyFile("~/.ssh/id_ed25519"), null));
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

    private void testBothNodes() throws Exception {
        waitFor(() -> app.shows("#node-web-1") && app.shows("#node-backup-1"));
        app.click("#node-web-1 #test-node");
        app.click("#node-backup-1 #test-node");
        waitFor(() -> state("web-1").equals("connected") && state("backup-1").startsWith("failed"));
        waitFor(() -> app.shows("#node-web-1 #node-report"));
    }

    private void theme(ThemeChoice choice) throws Exception {
        app.click("#section-settings");
        waitFor(() -> app.shows("#theme-choice"));
        ChoiceBox<ThemeChoice> theme = app.inWindow("#theme-choice").query();
        app.robot.interact(() -> theme.setValue(choice));
    }

    private String state(String node) {
        return app.inWindow("#node-" + node + " #node-state").tryQuery().map(n -> ((Label) n).getText()).orElse("");
    }
}
