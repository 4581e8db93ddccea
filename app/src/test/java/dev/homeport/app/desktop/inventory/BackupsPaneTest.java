package dev.homeport.app.desktop.inventory;

import static dev.homeport.app.desktop.nodes.AppDriver.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.app.Homeport;
import dev.homeport.app.desktop.NeedsDisplay;
import dev.homeport.app.desktop.nodes.AppDriver;
import dev.homeport.model.BackupSchedule;
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
import dev.homeport.ssh.transport.HostKeyException;
import dev.homeport.ssh.transport.Prompts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database's Backups section, on the rig: a scheduled database whose last backup failed raises a notice
 * when the app opens and shows as failed on its Settings tab; "Back up now" makes a good one, which the
 * section then lists, and "Copy to this machine" copies into the data folder. With {@code -Dhomeport.screenshots=FOLDER} it saves the section.
 */
@NeedsDisplay
@ExtendWith(RigExtension.class)
class BackupsPaneTest {
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
                RigBackups.removeFromNode(connection, volume);
                DeployedServices.remove(connection, homeport.nodeClients().docker(connection).client(), key);
            }
        }
        if (volume != null) {
            Processes.call(List.of("docker", "volume", "rm", "-f", volume), null);
        }
    }

    @Test
    void aFailedBackupIsANoticeAndRedOnItsPageAndBackUpNowMakesAGoodOne(Rig rig) throws Exception {
        prepare(rig);
        app.launch(home);
        waitFor(60, () -> app.notices().contains("acme/shop/prod/cache: backup failed"));
        waitFor(() -> "cache".equals(text("#page-title")));
        // The notice covers the tab headers: the Settings tab is chosen as the keyboard would.
        app.robot.interact(() -> {
            javafx.scene.control.TabPane tabs = app.anywhere(".tab-pane");
            tabs.getTabs().stream().filter(tab -> "tab-settings".equals(tab.getId())).findFirst().ifPresent(tab -> tabs.getSelectionModel().select(tab));
        });
        waitFor(30, () -> app.showsAnywhere("#backups-state") && text("#backups-state").startsWith("Failed"));
        assertThat(text("#backups-state")).contains("no running container uses the volume " + volume);
        assertThat(app.<Label>anywhere("#backups-state").getStyleClass()).contains("danger");
        TableView<BackupRun> runs = app.anywhere("#backups-runs");
        assertThat(runs.getItems()).hasSize(1);

        // The section sits below the fold of the Settings tab: the button is pressed as a keyboard user would.
        app.robot.interact(() -> app.<javafx.scene.control.Button>anywhere("#backups-now").fire());
        waitFor(60, () -> text("#backups-state").startsWith("Ok"));
        assertThat(runs.getItems()).hasSize(2);
        assertThat(runs.getItems().getFirst().manifest().status()).isEqualTo("ok");
        // "Copy to this machine" (homeport backup pull): the good backup is then in the data folder, checked, still encrypted.
        Path copies = home.resolve("database-backups").resolve(volume);
        app.robot.interact(() -> app.<javafx.scene.control.Button>anywhere("#backups-pull").fire());
        waitFor(60, () -> text("#backups-pulled").endsWith("into " + copies + "."));
        assertThat(copies.resolve(runs.getItems().getFirst().manifest().file())).exists();
        assertThat(copies.resolve(runs.getItems().getFirst().stamp() + ".json")).exists();
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
            app.capture(Path.of(screenshots, "database-backups-light.png"));
        }
        // Back up now had the app's watch look again, and it verifies the new backup by itself (a scratch Redis): it ends, and leaves nothing.
        Path mark = Path.of(BackupPaths.folder(volume), dev.homeport.ssh.backup.VerifiedMark.fileName(runs.getItems().getFirst().stamp()));
        waitFor(120, () -> Files.exists(mark));
        assertThat(dev.homeport.ssh.backup.VerifiedMark.parse(Files.readString(mark)).verified()).isTrue();
        waitFor(60, () -> Processes.run("docker", "ps", "-aq", "--filter", "label=dev.homeport.restore=" + volume).isBlank()
                && !Processes.run("docker", "volume", "ls", "-q").contains(volume + "-restore-"));
    }

    private String text(String query) {
        return app.<Label>anywhere(query).getText();
    }


    /** acme/shop/prod with the rig's node, Redis "cache" live on it, backed up hourly, its one backup failed (it was stopped). */
    private void prepare(Rig rig) throws Exception {
        try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
            var inventory = homeport.inventory();
            long environment = inventory.createEnvironment(inventory.createApplication(inventory.createOrganisation("acme").id(), "shop").id(), "prod").id();
            var db = inventory.databases().create(environment, "cache", DatabaseEngine.REDIS, rig.redisImage());
            key = inventory.serviceNodeKey(db.serviceId());
            volume = db.dataVolume();
            NodeService nodes = homeport.nodeService();
            WorkerNode node = nodes.add(new WorkerNode(0, "rig", rig.sshHost(), rig.sshPort(), rig.sshUser(),
                    new NodeIdentity.KeyFile(rig.sshKey().toString()), null));
            try {
                nodes.test(node, Prompts.NONE);
            } catch (HostKeyException unknown) {
                nodes.acceptHostKey(node, unknown);
            }
            homeport.nodes().attach(node.id(), environment);
            var live = homeport.deployService().deploy(db.serviceId(), null, Prompts.NONE, DeployListener.NONE).await();
            assertThat(live.state()).as(String.join("\n", homeport.deployments().log(live.id()))).isEqualTo(DeploymentState.LIVE);
            var backups = homeport.backupService();
            backups.schedule(BackupSchedule.parse(db.serviceId(), "hourly", ":00", 5, 7, null, Instant.now()), Prompts.NONE);
            String container = Processes.run("docker", "ps", "-q", "--filter", "volume=" + volume);
            Processes.run("docker", "stop", "-t", "1", container);
            assertThat(backups.now(db.serviceId(), Prompts.NONE).succeeded()).isFalse();
            Processes.run("docker", "start", container);
            Thread.sleep(1500); // Redis loads its data; and the next run's stamp differs by a second at least
            Files.writeString(home.resolve("ui.properties"), "place=acme/shop/prod/cache\n");
        }
    }
}
