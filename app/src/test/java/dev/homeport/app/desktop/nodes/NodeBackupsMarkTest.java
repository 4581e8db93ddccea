package dev.homeport.app.desktop.nodes;

import static dev.homeport.app.desktop.nodes.AppDriver.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.app.Homeport;
import dev.homeport.app.desktop.NeedsDisplay;
import dev.homeport.model.BackupSchedule;
import dev.homeport.model.DatabaseEngine;
import dev.homeport.model.DeploymentState;
import dev.homeport.model.HomeportHome;
import dev.homeport.model.NodeIdentity;
import dev.homeport.model.WorkerNode;
import dev.homeport.ssh.backup.BackupPaths;
import dev.homeport.ssh.backup.BackupRun;
import dev.homeport.ssh.backup.VerifiedMark;
import dev.homeport.ssh.deploy.DeployListener;
import dev.homeport.ssh.deploy.DeployedServices;
import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.rig.Processes;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigBackups;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.transport.HostKeyException;
import dev.homeport.ssh.transport.Prompts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backups mark on a node's page, on the rig: two scheduled Redis databases on the rig's node, one whose
 * last backup failed. The node's page says so in red, with a link to that database's page; after a good run
 * made by the node's own script (as its cron would), "Check backups now" turns the mark to all OK, on the page
 * as it is shown. Meanwhile the app verifies each newest good backup by itself (a Redis restore into a scratch
 * copy), and leaves nothing of the copies. With {@code -Dhomeport.screenshots=FOLDER} it saves the failed mark.
 */
@NeedsDisplay
@ExtendWith(RigExtension.class)
class NodeBackupsMarkTest {
    @TempDir
    Path folder;
    private AppDriver app;
    private Path home;
    private final List<Long> keys = new ArrayList<>();
    private final List<String> volumes = new ArrayList<>();
    private long cache;
    private long nodeId;

    @BeforeEach
    void setUp() throws Exception {
        app = new AppDriver(folder.resolve("user"));
        home = folder.resolve("home");
    }

    @AfterEach
    void close() throws Exception {
        app.close();
        if (!keys.isEmpty()) {
            try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
                var connection = homeport.nodeService().connection(homeport.nodes().node("rig"), Prompts.NONE);
                for (String volume : volumes) {
                    RigBackups.removeFromNode(connection, volume);
                }
                for (long key : keys) {
                    DeployedServices.remove(connection, homeport.nodeClients().docker(connection).client(), key);
                }
            }
        }
        for (String volume : volumes) {
            Processes.removeVolume(volume);
        }
    }

    @Test
    void aFailedBackupIsRedOnItsNodesPageWithALinkAndAGoodRunTurnsItOk(Rig rig) throws Exception {
        prepare(rig);
        app.launch(home);
        waitFor(90, () -> app.showsAnywhere("#node-backups-state") && text().startsWith("Backups: cache FAILED"));
        assertThat(text()).matches("Backups: cache FAILED (just now|\\d+ min ago); 1 other OK");
        assertThat(app.<Label>anywhere("#node-backups-state").getStyleClass()).contains("danger");
        String screenshots = System.getProperty("homeport.screenshots");
        if (screenshots != null) {
            app.capture(Path.of(screenshots, "node-backups-failed.png"));
        }

        // The link opens the database's page, at its Settings tab (where its Backups section is).
        app.robot.interact(() -> app.<Hyperlink>anywhere("#node-backups-open-" + cache).fire());
        waitFor(() -> "cache".equals(app.<Label>anywhere("#page-title").getText()));
        waitFor(() -> "tab-settings".equals(app.<javafx.scene.control.TabPane>anywhere("#service-tabs").getSelectionModel().getSelectedItem().getId()));
        app.robot.interact(() -> app.<javafx.scene.control.ButtonBase>anywhere("#section-worker-nodes").fire());
        waitFor(() -> app.showsAnywhere("#node-rig #open-node"));
        app.robot.interact(() -> app.<javafx.scene.control.Button>anywhere("#node-rig #open-node").fire());
        waitFor(() -> app.showsAnywhere("#node-backups-state") && text().startsWith("Backups: cache FAILED"));

        // The node's cron line runs its script; the page, still shown, follows the watch's next look.
        String script = Processes.run("getent", "passwd", rig.sshUser()).strip().split(":")[5] + "/.local/lib/homeport/backup/backup-db";
        Processes.run("runuser", "-u", rig.sshUser(), "--", script, "--trigger", "schedule", "redis", volumes.getFirst(), "5", "7");
        app.robot.interact(() -> app.<javafx.scene.control.Button>anywhere("#node-backups-check").fire());
        waitFor(60, () -> text().equals("Backups: all OK (2 databases)"));
        assertThat(app.<Label>anywhere("#node-backups-state").getStyleClass()).contains("success").doesNotContain("danger");
        assertThat(app.robot.lookup("#node-backups .hyperlink").tryQuery()).isEmpty();

        // Each database's newest good backup is restored into a scratch Redis by the watch itself, and passes.
        for (String volume : volumes) {
            waitFor(120, () -> newestVerified(volume) != null);
            assertThat(newestVerified(volume).verified()).as(newestVerified(volume).summary()).isTrue();
        }
        for (String volume : volumes) {
            waitFor(60, () -> Processes.run("docker", "ps", "-aq", "--filter", "label=dev.homeport.restore=" + volume).isBlank()
                    && !Processes.run("docker", "volume", "ls", "-q").contains(volume + "-restore-"));
        }
    }

    private String text() {
        return app.<Label>anywhere("#node-backups-state").getText();
    }

    /** The verified mark of the volume's newest good backup, or null while it has none. */
    private static VerifiedMark newestVerified(String volume) throws Exception {
        Path dir = Path.of(BackupPaths.folder(volume));
        String newest = null;
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".json") && !name.endsWith(VerifiedMark.SUFFIX) && Files.readString(file).contains("\"status\":\"ok\"")) {
                    String stamp = name.substring(0, name.length() - ".json".length());
                    newest = newest == null || stamp.compareTo(newest) > 0 ? stamp : newest;
                }
            }
        }
        Path mark = newest == null ? null : dir.resolve(VerifiedMark.fileName(newest));
        return mark == null || !Files.exists(mark) ? null : VerifiedMark.parse(Files.readString(mark));
    }

    /**
     * acme/shop/prod with the rig's node and two Redis databases live on it, backed up hourly: "sessions" with a
     * good backup, "cache" whose one backup failed (it was stopped); the app opens at the node's page.
     */
    private void prepare(Rig rig) throws Exception {
        try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
            var inventory = homeport.inventory();
            long environment = inventory.createEnvironment(inventory.createApplication(inventory.createOrganisation("acme").id(), "shop").id(), "prod").id();
            NodeService nodes = homeport.nodeService();
            WorkerNode node = nodes.add(new WorkerNode(0, "rig", rig.sshHost(), rig.sshPort(), rig.sshUser(),
                    new NodeIdentity.KeyFile(rig.sshKey().toString()), null));
            nodeId = node.id();
            try {
                nodes.test(node, Prompts.NONE);
            } catch (HostKeyException unknown) {
                nodes.acceptHostKey(node, unknown);
            }
            homeport.nodes().attach(node.id(), environment);
            var backups = homeport.backupService();
            for (String name : List.of("cache", "sessions")) {
                var db = inventory.databases().create(environment, name, DatabaseEngine.REDIS, rig.redisImage());
                keys.add(inventory.serviceNodeKey(db.serviceId()));
                volumes.add(db.dataVolume());
                var live = homeport.deployService().deploy(db.serviceId(), null, Prompts.NONE, DeployListener.NONE).await();
                assertThat(live.state()).as(String.join("\n", homeport.deployments().log(live.id()))).isEqualTo(DeploymentState.LIVE);
                backups.schedule(BackupSchedule.parse(db.serviceId(), "hourly", ":00", 5, 7, null, Instant.now()), Prompts.NONE);
                String container = Processes.run("docker", "ps", "-q", "--filter", "volume=" + db.dataVolume()).strip();
                Processes.run("docker", "exec", container, "sh", "-c", "REDISCLI_AUTH=\"$REDIS_PASSWORD\" redis-cli SET k " + name);
                if (name.equals("cache")) {
                    cache = db.serviceId();
                    Processes.run("docker", "stop", "-t", "1", container);
                    assertThat(backups.now(db.serviceId(), Prompts.NONE).succeeded()).isFalse();
                    Processes.run("docker", "start", container);
                } else {
                    BackupRun good = backups.now(db.serviceId(), Prompts.NONE);
                    assertThat(good.succeeded()).as(good.manifest().error()).isTrue();
                }
            }
            Thread.sleep(1500); // Redis loads its data; and the next run's stamp differs by a second at least
            Files.writeString(home.resolve("ui.properties"), "place=:node:" + nodeId + "\n");
        }
    }
}
