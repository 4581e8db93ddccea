package dev.homeport.app.desktop.inventory;

import static dev.homeport.app.desktop.nodes.AppDriver.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.app.Homeport;
import dev.homeport.app.desktop.NeedsDisplay;
import dev.homeport.app.desktop.nodes.AppDriver;
import dev.homeport.model.DatabaseEngine;
import dev.homeport.model.DeploymentState;
import dev.homeport.model.HomeportHome;
import dev.homeport.model.NodeIdentity;
import dev.homeport.model.WorkerNode;
import dev.homeport.ssh.backup.BackupPaths;
import dev.homeport.ssh.backup.BackupRun;
import dev.homeport.ssh.deploy.DeployListener;
import dev.homeport.ssh.deploy.DeployedServices;
import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.rig.Processes;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigBackups;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.transport.Command;
import dev.homeport.ssh.transport.ExecResult;
import dev.homeport.ssh.transport.HostKeyException;
import dev.homeport.ssh.transport.Prompts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Copy to" in a database's Backups section, on the rig: it offers the other nodes (not the database's own) and the
 * organisation's S3 targets (not another organisation's), a schedule
 * saved with one keeps it (and "Keep copies forever" beside it), and the app's backup watch pushes the backups there after it pulls them; a push that fails
 * (the copies' folder on the target is taken by a file) is a notice, and the next round copies them once it can.
 */
@NeedsDisplay
@ExtendWith(RigExtension.class)
class BackupCopyPaneTest {
    @TempDir
    Path folder;
    private AppDriver app;
    private Path home;
    private Long key;
    private String volume;

    @BeforeEach
    void setUp() throws Exception {
        app = new AppDriver(folder.resolve("user"));
        home = folder.resolve("home");
    }

    @AfterEach
    void close() throws Exception {
        app.close();
        if (key != null) {
            try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
                var connection = homeport.nodeService().connection(homeport.nodes().node("rig"), Prompts.NONE);
                // The cluster's nodes share this machine's file system: the copies pushed to node-1 go with this line too.
                RigBackups.removeFromNode(connection, volume);
                DeployedServices.remove(connection, homeport.nodeClients().docker(connection).client(), key);
            }
        }
        if (volume != null) {
            RigBackups.removeVolume(volume);
        }
    }

    @Test
    void copyToNodeIsSavedWithTheScheduleAndTheWatchPushesTheBackupsThere(Rig rig) throws Exception {
        String made = prepare(rig);
        app.launch(home);
        waitFor(() -> "kv".equals(app.<javafx.scene.control.Label>anywhere("#page-title").getText()));
        app.robot.interact(() -> {
            javafx.scene.control.TabPane tabs = app.anywhere(".tab-pane");
            tabs.getTabs().stream().filter(tab -> "tab-settings".equals(tab.getId())).findFirst().ifPresent(tab -> tabs.getSelectionModel().select(tab));
        });
        try {
            // Below the fold of the Settings tab: looked up, not looked at.
            waitFor(60, () -> app.robot.lookup("#backups-copy-to").tryQuery().isPresent()
                    && app.<ComboBox<String>>anywhere("#backups-copy-to").getItems().size() == 3);
        } catch (java.util.concurrent.TimeoutException e) {
            ComboBox<String> shown = app.anywhere("#backups-copy-to");
            throw new AssertionError("Copy to node offers " + shown.getItems() + (shown.getTooltip() == null ? "" : ": "
                    + shown.getTooltip().getText()), e);
        }
        ComboBox<String> copyTo = app.anywhere("#backups-copy-to");
        assertThat(copyTo.getItems()).containsExactly("no copy", "spare", "s3:offsite");
        assertThat(copyTo.getValue()).isEqualTo("no copy");

        // Saved with "spare": the watch looks again at once, and the push fails (a file sits where the copies' folder goes).
        app.robot.interact(() -> {
            app.<ComboBox<String>>anywhere("#backups-every").getSelectionModel().select("daily");
            app.<TextField>anywhere("#backups-at").setText("04:40");
            copyTo.getSelectionModel().select("spare");
            app.<javafx.scene.control.CheckBox>anywhere("#backups-keep-copies").setSelected(true);
            app.<Button>anywhere("#backups-save").fire();
        });
        waitFor(90, () -> app.notices().contains("acme/shop/prod/kv: backup copies not pushed"));
        // "Keep copies forever" was saved with the schedule: the section reads it back from the store.
        waitFor(30, () -> app.<javafx.scene.control.Label>anywhere("#backups-schedule").getText().endsWith(", copies kept forever"));
        assertThat(app.<javafx.scene.control.CheckBox>anywhere("#backups-keep-copies").isSelected()).isTrue();
        // The watch read the copy target from the store: the schedule was saved with it.
        assertThat(app.notices()).contains("copies to spare failed");

        // The way cleared (this machine's file system is the cluster node's), "Back up now" has the watch look again: it pulls,
        // then pushes both backups to spare.
        Files.delete(Path.of(BackupPaths.copyFolder("rig", volume)));
        app.robot.interact(() -> app.<Button>anywhere("#backups-now").fire());
        Path copies = Path.of(BackupPaths.copyFolder("rig", volume));
        // A copy under way has temporary names (dot files): done when only the two backups and their manifests are there
        // (and the restore check's mark of the first, when the round that saved the schedule verified it: marks go along).
        waitFor(120, () -> Files.isDirectory(copies) && listed(copies).stream().filter(n -> !n.endsWith(".verified.json")).count() == 4
                && listed(copies).stream().noneMatch(n -> n.startsWith(".")));
        assertThat(listed(copies)).contains(made + ".json").anyMatch(name -> name.equals(made + ".rdb.gz.age"));
        TableViewRuns runs = () -> app.<javafx.scene.control.TableView<BackupRun>>anywhere("#backups-runs").getItems();
        assertThat(runs.get()).hasSize(2).allSatisfy(run -> assertThat(listed(copies)).contains(run.manifest().file()));
        // The same round verifies the newest backup (a scratch Redis beside it): it ends, and leaves nothing.
        Path mark = Path.of(BackupPaths.folder(volume), dev.homeport.ssh.backup.VerifiedMark.fileName(runs.get().getFirst().stamp()));
        waitFor(120, () -> Files.exists(mark));
        waitFor(60, () -> Processes.run("docker", "ps", "-aq", "--filter", "label=dev.homeport.restore=" + volume).isBlank()
                && !Processes.run("docker", "volume", "ls", "-q").contains(volume + "-restore-"));
        String screenshots = System.getProperty("homeport.screenshots");
        if (screenshots != null) {
            app.robot.interact(() -> {
                for (javafx.scene.Node n = app.anywhere("#backups-pane"); n != null; n = n.getParent()) {
                    if (n instanceof javafx.scene.control.ScrollPane scroll) {
                        scroll.setVvalue(1.0);
                        break;
                    }
                }
            });
            app.capture(Path.of(screenshots, "database-backups-copy-to.png"));
        }
    }

    private interface TableViewRuns {
        List<BackupRun> get();
    }

    private static List<String> listed(Path folder) {
        try (var files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }


    /**
     * acme/shop/prod with the rig's node and a node of the rig's cluster ("spare"), Redis "kv" live on the rig with one good
     * backup, and a file where its copies' folder on spare goes (the cluster's nodes share this machine's file system).
     * Returns the backup's stamp.
     */
    private String prepare(Rig rig) throws Exception {
        try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
            var inventory = homeport.inventory();
            long acme = inventory.createOrganisation("acme").id();
            long environment = inventory.createEnvironment(inventory.createApplication(acme, "shop").id(), "prod").id();
            // An S3 target of the organisation: Copy to offers it too (as s3:NAME). Another organisation's is not offered.
            inventory.s3Targets().add(acme, "offsite", "http://127.0.0.1:9", null, "acme-backups", null, "AKIAPANE",
                    dev.homeport.model.vault.Secret.of("pane-secret"));
            inventory.s3Targets().add(inventory.createOrganisation("other").id(), "theirs", "http://127.0.0.1:9", null, "other-backups",
                    null, "AKIAOTHER", dev.homeport.model.vault.Secret.of("other-secret"));
            var db = inventory.databases().create(environment, "kv", DatabaseEngine.REDIS, rig.redisImage());
            key = inventory.serviceNodeKey(db.serviceId());
            volume = db.dataVolume();
            NodeService nodes = homeport.nodeService();
            WorkerNode node = trusted(nodes, nodes.add(new WorkerNode(0, "rig", rig.sshHost(), rig.sshPort(), rig.sshUser(),
                    new NodeIdentity.KeyFile(rig.sshKey().toString()), null)));
            trusted(nodes, nodes.add(new WorkerNode(0, "spare", rig.clusterHost(1), 22, rig.sshUser(), new NodeIdentity.KeyFile(rig.sshKey().toString()),
                    null)));
            homeport.nodes().attach(node.id(), environment);
            var live = homeport.deployService().deploy(db.serviceId(), null, Prompts.NONE, DeployListener.NONE).await();
            assertThat(live.state()).as(String.join("\n", homeport.deployments().log(live.id()))).isEqualTo(DeploymentState.LIVE);
            BackupRun run = homeport.backupService().now(db.serviceId(), Prompts.NONE);
            assertThat(run.succeeded()).as(run.manifest().error()).isTrue();
            Thread.sleep(1100); // the next run's stamp differs by a second at least
            ExecResult blocked = nodes.connection(node, Prompts.NONE).exec(Command.script("mkdir -p \"$(dirname \"$1\")\" && touch \"$1\"",
                    BackupPaths.copyFolder("rig", volume)));
            assertThat(blocked.ok()).as(blocked.err()).isTrue();
            Files.writeString(home.resolve("ui.properties"), "place=acme/shop/prod/kv\n");
            return run.stamp();
        }
    }

    private static WorkerNode trusted(NodeService nodes, WorkerNode node) {
        try {
            nodes.test(node, Prompts.NONE);
            return node;
        } catch (HostKeyException unknown) {
            return nodes.acceptHostKey(node, unknown);
        }
    }
}
