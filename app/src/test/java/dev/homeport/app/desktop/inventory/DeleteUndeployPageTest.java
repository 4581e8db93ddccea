package dev.homeport.app.desktop.inventory;

import static dev.homeport.app.desktop.nodes.AppDriver.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.app.Homeport;
import dev.homeport.app.desktop.NeedsDisplay;
import dev.homeport.app.desktop.nodes.AppDriver;
import dev.homeport.model.BackupSchedule;
import dev.homeport.model.DeployOptions;
import dev.homeport.model.DeploymentState;
import dev.homeport.model.HomeportHome;
import dev.homeport.model.NodeIdentity;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.Volume;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.inventory.InventoryPath;
import dev.homeport.ssh.backup.BackupPaths;
import dev.homeport.ssh.deploy.DeployListener;
import dev.homeport.ssh.deploy.DeployedServices;
import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.proxy.CaddyAdmin;
import dev.homeport.ssh.proxy.CaddyRoutes;
import dev.homeport.ssh.rig.Processes;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.TestApps;
import dev.homeport.ssh.transport.Command;
import dev.homeport.ssh.transport.HostKeyException;
import dev.homeport.ssh.transport.Prompts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The delete dialog of a service deployed on the rig: it lists what runs on the node (read
 * from the node), offers to undeploy it (ticked) and to remove its volume (not ticked), and
 * deleting removes the container, route and the volume's backup schedule (its cron line) in the background while the volume
 * stays. With
 * HOMEPORT_SCREENSHOTS set, it saves the dialog as docs' delete-undeploy.png.
 */
@NeedsDisplay
@ExtendWith(RigExtension.class)
class DeleteUndeployPageTest {
    private static final String PATH = "acme/shop/prod/web";
    private final String unique = UUID.randomUUID().toString().substring(0, 6);
    private final String domain = "delete-" + unique + ".test";
    private final String volume = "homeport-delete-" + unique;
    @TempDir
    Path folder;
    private AppDriver app;
    private Path home;
    private long key;

    @BeforeEach
    void setUp() throws Exception {
        app = new AppDriver(folder.resolve("user"));
        home = folder.resolve("home");
        if (System.getenv("HOMEPORT_SCREENSHOTS") != null) {
            // A stable, ordinary-looking data folder for the screenshot: the status bar shows it.
            home = Path.of(System.getProperty("java.io.tmpdir"), "you", ".local", "share", "homeport");
            deleteRecursively(home.getParent().getParent().getParent());
        }
    }

    @AfterEach
    void close() throws Exception {
        app.close();
        try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
            var connection = homeport.nodeService().connection(homeport.nodes().node("rig"), Prompts.NONE);
            DeployedServices.remove(connection, homeport.nodeClients().docker(connection).client(), key);
        } finally {
            Processes.call(List.of("docker", "volume", "rm", "-f", volume), null);
            try {
                // The backup's cron line if the test failed before the delete, and its folder.
                rigShell("crontab -l 2>/dev/null | grep -v \"homeport-backup $1\\$\" | crontab -; rm -rf \"$2\"", volume,
                        BackupPaths.folder(volume));
            } finally {
                if (System.getenv("HOMEPORT_SCREENSHOTS") != null) {
                    deleteRecursively(home.getParent().getParent().getParent());
                }
            }
        }
    }

    /** A script on the rig's node, as the SSH user the backups' cron lines belong to. */
    private String rigShell(String script, String... values) throws Exception {
        try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
            return homeport.nodeService().connection(homeport.nodes().node("rig"), Prompts.NONE).exec(Command.script(script, values)).out();
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

    @Test
    void theDeleteDialogListsWhatRunsOnTheNodeAndUndeploysItKeepingTheVolume(Rig rig) throws Exception {
        prepare(rig);
        AppDriver.openAt(home, PATH, "LIGHT");
        app.launch(home);
        waitFor(() -> app.shows("#page-title"));

        app.click("Delete");
        waitFor(60, () -> app.showsAnywhere("#delete-node-plan"));
        String onNode = app.<Label>anywhere("#delete-node-plan").getText();
        assertThat(onNode).containsPattern("Containers on rig: prod-web-1[0-9a-z]{4} \\(" + PATH + "\\)")
                .contains("Caddy route on rig: " + domain + " (" + PATH + ")")
                .contains("Volumes kept on rig: " + volume)
                .contains("Backup schedule on rig: removes the backup schedule of web:" + volume + "; the backups made stay (" + PATH + ")");
        assertThat(app.<javafx.scene.control.DialogPane>anywhere(".dialog-pane").getHeaderText()).isEqualTo("Delete service '" + PATH + "'?");
        assertThat(app.<Label>anywhere("#delete-plan").getText()).startsWith("This also removes:").contains("1 domain: " + domain)
                .doesNotContain("keeps running");
        CheckBox undeploy = app.anywhere("#delete-undeploy");
        CheckBox volumes = app.anywhere("#delete-volumes");
        assertThat(undeploy.isSelected()).isTrue();
        assertThat(volumes.isSelected()).isFalse();
        assertThat(volumes.getText()).contains(volume);
        String screenshots = System.getenv("HOMEPORT_SCREENSHOTS");
        if (screenshots != null && !screenshots.isBlank()) {
            app.capture(Path.of(screenshots).resolve("delete-undeploy.png"));
        }

        app.clickDialogButton("Delete");
        waitFor(90, () -> Processes.run("docker", "ps", "-aq", "--filter", "label=dev.homeport.service=" + key).isBlank());
        waitFor(30, () -> !app.inWindow("#status-task").query().getParent().isVisible());
        app.close();

        try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
            assertThat(homeport.inventory().tree().services()).isEmpty();
            var connection = homeport.nodeService().connection(homeport.nodes().node("rig"), Prompts.NONE);
            try (CaddyAdmin admin = CaddyAdmin.over(connection)) {
                assertThat(new CaddyRoutes(admin).current(key)).isEmpty();
            }
        }
        assertThat(Processes.run("docker", "volume", "ls", "-q").lines()).contains(volume);
        assertThat(rigShell("crontab -l 2>/dev/null || true")).doesNotContain("homeport-backup " + volume);
    }

    /** acme/shop/prod/web with a domain and a named volume, deployed live to the rig (host key pinned). */
    private void prepare(Rig rig) throws Exception {
        String image = new TestApps(rig).image("v1");
        try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
            var inventory = homeport.inventory();
            long environment = inventory.createEnvironment(inventory.createApplication(inventory.createOrganisation("acme").id(), "shop").id(), "prod").id();
            Service web = inventory.createService(new Service(0, environment, "web", new ServiceSource.Image(image), TestApps.PORT, "/health",
                    null, null, DeployOptions.defaults().withDrainSeconds(0).withVolumes(List.of(new Volume(volume, "/data", false)))));
            key = inventory.serviceNodeKey(web.id());
            inventory.addDomain(web.id(), domain);
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
            assertThat(inventory.resolve(InventoryPath.parse(PATH)).id()).isEqualTo(web.id());
            homeport.backupService().schedule(BackupSchedule.parse(web.id(), "daily", "04:00", null, null, null, java.time.Instant.now())
                    .forVolume(volume, false), Prompts.NONE);
        }
    }
}
