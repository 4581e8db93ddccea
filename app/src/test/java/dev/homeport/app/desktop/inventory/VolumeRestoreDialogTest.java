package dev.homeport.app.desktop.inventory;

import static dev.homeport.app.desktop.nodes.AppDriver.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.app.Homeport;
import dev.homeport.app.desktop.NeedsDisplay;
import dev.homeport.app.desktop.nodes.AppDriver;
import dev.homeport.model.DeployOptions;
import dev.homeport.model.DeploymentState;
import dev.homeport.model.HomeportHome;
import dev.homeport.model.NodeIdentity;
import dev.homeport.model.S3Target;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.Volume;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.vault.Secret;
import dev.homeport.ssh.backup.BackupRun;
import dev.homeport.ssh.backup.BackupSubject;
import dev.homeport.ssh.backup.Restores;
import dev.homeport.ssh.backup.TestBackups;
import dev.homeport.ssh.deploy.DeployListener;
import dev.homeport.ssh.deploy.DeployedServices;
import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.rig.Processes;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.RigS3;
import dev.homeport.ssh.rig.TestApps;
import dev.homeport.ssh.transport.HostKeyException;
import dev.homeport.ssh.transport.Prompts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javafx.scene.control.Button;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restore… on a service's named volume, on the rig: the dialog lists the volume's backup as never verified; Verify proves
 * it (into a scratch volume, which goes) and the list says so; Restore… shows the check before the swap is confirmed, and
 * the service comes back on the new volume with the backup's file; then the old volume is listed and dropped after a
 * confirmation that names it. With {@code -Dhomeport.screenshots=FOLDER} it saves the dialog and the swap's question.
 */
@NeedsDisplay
@ExtendWith(RigExtension.class)
class VolumeRestoreDialogTest {
    @TempDir
    Path folder;
    private AppDriver app;
    private Path home;
    private Long key;
    private long serviceId;
    private final String volume = "homeport-test-vrd-" + UUID.randomUUID().toString().substring(0, 6);
    private String stamp;

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
                DeployedServices.remove(connection, homeport.nodeClients().docker(connection).client(), key);
            }
        }
        Processes.removeVolume(volume);
        TestBackups.removeFolder(volume);
        if (stamp != null) {
            Processes.removeVolume(volume + "-restore-" + stamp.toLowerCase(Locale.ROOT));
            Processes.removeVolume(volume + "-verify-" + stamp.toLowerCase(Locale.ROOT));
        }
    }

    @Test
    void aVolumesBackupIsVerifiedRestoredAfterTheCheckIsShownAndTheOldVolumeDropped(Rig rig) throws Exception {
        prepare(rig);
        String restored = volume + "-restore-" + stamp.toLowerCase(Locale.ROOT);
        openTheDialog();
        ListView<Restores.Entry> list = app.anywhere("#restore-backups");
        ListView<String> old = app.anywhere("#restore-old-volumes");
        waitFor(30, () -> list.getItems().size() == 1);
        assertThat(list.getItems().getFirst().stamp()).isEqualTo(stamp);
        assertThat(RestoreDialog.describe(list.getItems().getFirst())).contains("volume-tar-gzip").contains("never verified");
        waitFor(30, () -> old.getPlaceholder() instanceof javafx.scene.control.Label label && "None.".equals(label.getText()));
        assertThat(old.getItems()).isEmpty();

        app.robot.interact(() -> list.getSelectionModel().select(0));
        app.robot.clickOn(app.<Button>anywhere("#restore-verify"));
        TextArea result = app.anywhere("#restore-result");
        // A volume's restore runs on the node to its end: no Cancel is offered, but its progress is shown.
        assertThat(app.<Button>anywhere("#restore-cancel").isVisible()).isFalse();
        waitFor(120, () -> result.getText().contains("verified: 1 file, the restored volume's tar has the sha256 the backup recorded"));
        waitFor(30, () -> !list.getItems().isEmpty() && RestoreDialog.describe(list.getItems().getFirst()).contains("✔ verified"));
        assertThat(Processes.call(List.of("docker", "volume", "inspect", volume + "-verify-" + stamp.toLowerCase(Locale.ROOT)), null).exit())
                .isNotZero();
        String screenshots = System.getProperty("homeport.screenshots");
        if (screenshots != null) {
            app.capture(Path.of(screenshots, "volume-restore-dialog-light.png"));
        }

        app.robot.interact(() -> list.getSelectionModel().select(0));
        app.robot.clickOn(app.<Button>anywhere("#restore-restore"));
        waitFor(120, () -> {
            try {
                return app.dialogButton("Swap in and redeploy") != null;
            } catch (RuntimeException notYet) {
                return false;
            }
        });
        assertThat(result.getText()).contains("verified: 1 file");
        if (screenshots != null) {
            app.capture(Path.of(screenshots, "volume-restore-confirm-light.png"));
        }
        app.clickDialogButton("Swap in and redeploy");
        waitFor(180, () -> result.getText().contains("The old data is kept on volume " + volume + "."));
        assertThat(result.getText()).contains("Redeployed on " + restored + " (LIVE)");
        assertThat(Processes.run("sh", "-c", "docker exec $(docker ps -q --filter volume=\"$1\") cat /data/hi.txt", "sh", restored).strip())
                .isEqualTo("hi");

        // The old volume is listed; Drop… names it before anything goes.
        waitFor(30, () -> old.getItems().contains(volume));
        app.robot.interact(() -> old.getSelectionModel().select(volume));
        app.robot.clickOn(app.<Button>anywhere("#restore-drop"));
        waitFor(30, () -> {
            try {
                return app.dialogButton("Drop " + volume) != null;
            } catch (RuntimeException notYet) {
                return false;
            }
        });
        app.clickDialogButton("Drop " + volume);
        waitFor(60, () -> result.getText().startsWith("Dropped the old volume " + volume));
        assertThat(Processes.call(List.of("docker", "volume", "inspect", volume), null).exit()).isNotZero();
        waitFor(30, () -> old.getItems().isEmpty());
    }

    @Test
    void aCopyOnThisMachineIsRestoredWhenTheNodeLostItsBackups(Rig rig) throws Exception {
        prepare(rig);
        try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
            assertThat(homeport.backupService().pull(BackupSubject.volume(serviceId, volume), homeport.databaseBackupFolder(), Prompts.NONE))
                    .hasSize(1);
        }
        TestBackups.removeFolder(volume);
        String restored = volume + "-restore-" + stamp.toLowerCase(Locale.ROOT);
        openTheDialog();
        ListView<Restores.Entry> list = app.anywhere("#restore-backups");
        ListView<Restores.Entry> copies = app.anywhere("#restore-copies");
        waitFor(30, () -> list.getPlaceholder() instanceof javafx.scene.control.Label label && "No backups on the node.".equals(label.getText()));
        waitFor(30, () -> copies.getItems().size() == 1);
        assertThat(copies.getItems().getFirst().stamp()).isEqualTo(stamp);
        assertThat(RestoreDialog.describe(copies.getItems().getFirst())).contains("volume-tar-gzip");

        app.robot.interact(() -> copies.getSelectionModel().select(0));
        app.robot.interact(() -> app.<Button>anywhere("#restore-copy").fire());
        TextArea result = app.anywhere("#restore-result");
        waitFor(120, () -> {
            try {
                return app.dialogButton("Swap in and redeploy") != null;
            } catch (RuntimeException notYet) {
                return false;
            }
        });
        assertThat(result.getText()).contains("verified: 1 file, the restored volume's tar has the sha256 the backup recorded");
        app.clickDialogButton("Swap in and redeploy");
        waitFor(180, () -> result.getText().contains("The old data is kept on volume " + volume + "."));
        assertThat(Processes.run("sh", "-c", "docker exec $(docker ps -q --filter volume=\"$1\") cat /data/hi.txt", "sh", restored).strip())
                .isEqualTo("hi");
    }

    @Test
    void aBackupInS3IsDownloadedThenRestored(Rig rig) throws Exception {
        prepare(rig);
        try (RigS3 s3 = new RigS3()) {
            try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
                long acme = homeport.inventory().organisations().getFirst().id();
                S3Target offsite = homeport.inventory().s3Targets().add(acme, "offsite", s3.endpoint(), null, s3.bucket, "prod",
                        s3.accessKey, Secret.of(s3.secretKey));
                var pushed = homeport.backupService().pushToS3(BackupSubject.volume(serviceId, volume), offsite,
                        homeport.inventory().s3Targets().secretKey(offsite), null, false, Prompts.NONE);
                assertThat(pushed.copied()).as(pushed.problems().toString()).hasSize(1);
            }
            // The node loses its backups; this machine never had a copy.
            TestBackups.removeFolder(volume);
            String restored = volume + "-restore-" + stamp.toLowerCase(Locale.ROOT);
            openTheDialog();
            ListView<Restores.Entry> copies = app.anywhere("#restore-copies");
            waitFor(30, () -> copies.getPlaceholder() instanceof javafx.scene.control.Label label
                    && "No copies on this machine.".equals(label.getText()));
            waitFor(30, () -> app.<javafx.scene.control.ChoiceBox<?>>anywhere("#restore-s3-target").getValue() != null);
            // The bucket's backups are listed, the newest chosen: Download takes it.
            app.await(120, "the bucket's listing", () -> app.<ListView<Restores.Entry>>anywhere("#restore-s3-backups").getSelectionModel()
                    .getSelectedItem() != null);
            app.robot.interact(() -> app.<Button>anywhere("#restore-s3-download").fire());
            TextArea result = app.anywhere("#restore-result");
            app.await(120, "the download from S3", () -> result.getText().startsWith("Downloaded backup " + stamp + " from s3://"
                    + s3.bucket + "/prod/") && result.getText().contains(volume));
            waitFor(30, () -> copies.getItems().size() == 1);
            assertThat(copies.getItems().getFirst().stamp()).isEqualTo(stamp);

            app.robot.interact(() -> copies.getSelectionModel().select(0));
            app.robot.interact(() -> app.<Button>anywhere("#restore-copy").fire());
            waitFor(120, () -> {
                try {
                    return app.dialogButton("Swap in and redeploy") != null;
                } catch (RuntimeException notYet) {
                    return false;
                }
            });
            app.clickDialogButton("Swap in and redeploy");
            waitFor(180, () -> result.getText().contains("The old data is kept on volume " + volume + "."));
            assertThat(Processes.run("sh", "-c", "docker exec $(docker ps -q --filter volume=\"$1\") cat /data/hi.txt", "sh", restored)
                    .strip()).isEqualTo("hi");
        }
    }

    /** The service's page, its Settings tab, and the Restore… of its volume's Backups pane. */
    private void openTheDialog() throws Exception {
        app.launch(home);
        waitFor(() -> "files".equals(app.<javafx.scene.control.Label>anywhere("#page-title").getText()));
        app.robot.interact(() -> {
            javafx.scene.control.TabPane tabs = app.anywhere(".tab-pane");
            tabs.getTabs().stream().filter(tab -> "tab-settings".equals(tab.getId())).findFirst().ifPresent(tab -> tabs.getSelectionModel().select(tab));
        });
        String restoreButton = "#volume-backups-" + volume + "-restore";
        // Below the fold of the Settings tab (under the schedule and Copy to node): found in the scene, pressed as a keyboard user would.
        waitFor(30, () -> app.robot.lookup(restoreButton).tryQuery().isPresent());
        app.robot.interact(() -> app.<Button>anywhere(restoreButton).fire());
        waitFor(() -> app.showsAnywhere("#restore-dialog"));
    }

    /**
     * acme/shop/prod with the rig's node, the service "files" live on it with "hi" in its named volume, backed up, then
     * changed to "later".
     */
    private void prepare(Rig rig) throws Exception {
        TestApps apps = new TestApps(rig);
        try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
            var inventory = homeport.inventory();
            long environment = inventory.createEnvironment(inventory.createApplication(inventory.createOrganisation("acme").id(), "shop").id(), "prod").id();
            Service service = inventory.createService(new Service(0, environment, "files", new ServiceSource.Image(apps.image("v1")),
                    TestApps.PORT, "/health", null, null, DeployOptions.defaults().withVolumes(List.of(new Volume(volume, "/data", false)))));
            key = inventory.serviceNodeKey(service.id());
            serviceId = service.id();
            NodeService nodes = homeport.nodeService();
            WorkerNode node = nodes.add(new WorkerNode(0, "rig", rig.sshHost(), rig.sshPort(), rig.sshUser(),
                    new NodeIdentity.KeyFile(rig.sshKey().toString()), null));
            try {
                nodes.test(node, Prompts.NONE);
            } catch (HostKeyException unknown) {
                nodes.acceptHostKey(node, unknown);
            }
            homeport.nodes().attach(node.id(), environment);
            var live = homeport.deployService().deploy(service.id(), null, Prompts.NONE, DeployListener.NONE).await();
            assertThat(live.state()).as(String.join("\n", homeport.deployments().log(live.id()))).isEqualTo(DeploymentState.LIVE);
            Processes.run("sh", "-c", "docker exec $(docker ps -q --filter volume=\"$1\") sh -c 'echo hi > /data/hi.txt'", "sh", volume);
            BackupRun run = homeport.backupService().now(BackupSubject.volume(service.id(), volume), false, Prompts.NONE);
            assertThat(run.succeeded()).as(run.manifest().error()).isTrue();
            stamp = run.stamp();
            Processes.run("sh", "-c", "docker exec $(docker ps -q --filter volume=\"$1\") sh -c 'echo later > /data/hi.txt'", "sh", volume);
            Files.writeString(home.resolve("ui.properties"), "place=acme/shop/prod/files\n");
        }
    }
}
