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
import dev.homeport.ssh.backup.ScratchRestore;
import dev.homeport.ssh.backup.TestBackups;
import dev.homeport.ssh.deploy.DeployListener;
import dev.homeport.ssh.deploy.DeployedServices;
import dev.homeport.ssh.docker.ContainerExec;
import dev.homeport.ssh.rig.Processes;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.transport.HostKeyException;
import dev.homeport.ssh.transport.Prompts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups… on a database's Settings tab, on the rig: the backup is listed as never verified; a Verify cancelled
 * while it runs leaves no scratch copy; Verify proves it (and the list says so); Restore… shows the check before the swap is confirmed, and the database comes back
 * with the backup's rows. With {@code -Dhomeport.screenshots=FOLDER} it saves the confirmation.
 */
@NeedsDisplay
@ExtendWith(RigExtension.class)
class RestoreDialogTest {
    private static final String PSQL = "exec psql -X -tA -U \"$POSTGRES_USER\" -d \"$POSTGRES_DB\"";
    @TempDir
    Path folder;
    private AppDriver app;
    private Path home;
    private Long key;
    private String volume;
    private String stamp;

    @BeforeEach
    void setUp() throws Exception {
        app = new AppDriver(folder.resolve("user"));
        home = folder.resolve("home");
    }

    @AfterEach
    void close() throws Exception {
        app.close();
        try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
            var connection = homeport.nodeService().connection(homeport.nodes().node("rig"), Prompts.NONE);
            if (key != null) {
                DeployedServices.remove(connection, homeport.nodeClients().docker(connection).client(), key);
            }
        }
        if (volume != null) {
            Processes.call(List.of("docker", "volume", "rm", "-f", volume), null);
            if (stamp != null) {
                Processes.call(List.of("docker", "volume", "rm", "-f", ScratchRestore.scratchVolume(volume, stamp)), null);
            }
            TestBackups.removeFolder(volume);
        }
    }

    @Test
    void aBackupIsVerifiedThenRestoredAfterTheCheckIsShown(Rig rig) throws Exception {
        TestBackups.Key age = TestBackups.key(folder);
        try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
            var inventory = homeport.inventory();
            long environment = inventory.createEnvironment(inventory.createApplication(inventory.createOrganisation("acme").id(), "shop").id(), "prod").id();
            var db = inventory.databases().create(environment, "db", DatabaseEngine.POSTGRES, rig.postgresImage());
            key = inventory.serviceNodeKey(db.serviceId());
            volume = db.dataVolume();
            WorkerNode node = homeport.nodeService().add(new WorkerNode(0, "rig", rig.sshHost(), rig.sshPort(), rig.sshUser(),
                    new NodeIdentity.KeyFile(rig.sshKey().toString()), null));
            try {
                homeport.nodeService().test(node, Prompts.NONE);
            } catch (HostKeyException unknown) {
                homeport.nodeService().acceptHostKey(node, unknown);
            }
            homeport.nodes().attach(node.id(), environment);
            var live = homeport.deployService().deploy(db.serviceId(), null, Prompts.NONE, DeployListener.NONE).await();
            assertThat(live.state()).isEqualTo(DeploymentState.LIVE);
            var docker = homeport.nodeClients().docker(homeport.nodeService().connection(node, Prompts.NONE)).client();
            String container = ScratchRestore.liveContainer(docker, key).orElseThrow().getId();
            psql(docker, container, "CREATE TABLE t (v text); INSERT INTO t VALUES ('backed up');");
            stamp = TestBackups.postgres(docker, container, volume, age, Instant.parse("2026-12-06T10:00:00Z"), m -> m);
            psql(docker, container, "INSERT INTO t VALUES ('after');");
        }
        Files.writeString(home.resolve("ui.properties"), "place=acme/shop/prod/db\n");
        app.launch(home);
        waitFor(() -> app.shows("#page-title") && "db".equals(app.<javafx.scene.control.Label>anywhere("#page-title").getText()));
        app.click("#tab-settings");
        waitFor(30, () -> app.showsAnywhere("#database-change-password"));
        assertThat(app.showsAnywhere("#database-backups")).isTrue();
        app.click("#database-backups");
        waitFor(() -> app.showsAnywhere("#restore-dialog"));
        ListView<?> list = app.anywhere("#restore-backups");
        waitFor(30, () -> list.getItems().size() == 1);
        assertThat(list.getItems().getFirst().toString()).contains(stamp);
        assertThat(RestoreDialog.describe((dev.homeport.ssh.backup.Restores.Entry) list.getItems().getFirst())).contains("never verified");

        app.robot.interact(() -> list.getSelectionModel().select(0));
        app.fill("#restore-identity", new String(age.identity(), StandardCharsets.UTF_8));
        TextArea result = app.anywhere("#restore-result");
        // A Verify under way shows its progress and can be cancelled: it stops, and its scratch copy and volume go.
        app.robot.clickOn(app.<javafx.scene.control.Button>anywhere("#restore-verify"));
        waitFor(() -> app.<javafx.scene.control.Button>anywhere("#restore-cancel").isVisible());
        assertThat(app.<javafx.scene.control.ProgressBar>anywhere("#restore-progress").isVisible()).isTrue();
        app.robot.clickOn(app.<javafx.scene.control.Button>anywhere("#restore-cancel"));
        waitFor(() -> result.getText().startsWith("Cancelled"));
        waitFor(60, () -> Processes.call(List.of("docker", "volume", "inspect", ScratchRestore.scratchVolume(volume, stamp)), null).exit() != 0
                && Processes.run("docker", "ps", "-a", "-q", "--filter", "volume=" + ScratchRestore.scratchVolume(volume, stamp)).isBlank());
        waitFor(() -> !app.<javafx.scene.control.Button>anywhere("#restore-cancel").isVisible());
        app.robot.interact(() -> list.getSelectionModel().select(0));
        app.robot.clickOn(app.<javafx.scene.control.Button>anywhere("#restore-verify"));
        try {
            waitFor(120, () -> result.getText().contains("verified: 1 table"));
        } catch (java.util.concurrent.TimeoutException e) {
            app.capture(folder.resolveSibling("restore-dialog-timeout.png"));
            throw new AssertionError("no check after Verify; the dialog says: " + result.getText() + "; verify disabled: "
                    + app.<javafx.scene.control.Button>anywhere("#restore-verify").isDisabled(), e);
        }
        waitFor(30, () -> !list.getItems().isEmpty()
                && RestoreDialog.describe((dev.homeport.ssh.backup.Restores.Entry) list.getItems().getFirst()).contains("✔ verified"));

        app.robot.interact(() -> list.getSelectionModel().select(0));
        app.robot.clickOn(app.<javafx.scene.control.Button>anywhere("#restore-restore"));
        waitFor(120, () -> {
            try {
                return app.dialogButton("Swap in and redeploy") != null;
            } catch (RuntimeException notYet) {
                return false;
            }
        });
        String screenshots = System.getProperty("homeport.screenshots");
        if (screenshots != null) {
            app.capture(Path.of(screenshots, "restore-confirm-light.png"));
        }
        app.clickDialogButton("Swap in and redeploy");
        waitFor(120, () -> result.getText().contains("The old data is kept on volume " + volume));
        assertThat(result.getText()).contains("Redeployed on " + ScratchRestore.scratchVolume(volume, stamp) + " (LIVE)");

        // The old data volume is listed below; Drop… names it and asks, then it is gone from the node.
        ListView<String> old = app.anywhere("#restore-old-volumes");
        waitFor(30, () -> old.getItems().contains(volume));
        app.robot.interact(() -> old.getSelectionModel().select(volume));
        app.robot.clickOn(app.<javafx.scene.control.Button>anywhere("#restore-drop"));
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
        app.close();
        try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
            var connection = homeport.nodeService().connection(homeport.nodes().node("rig"), Prompts.NONE);
            var docker = homeport.nodeClients().docker(connection).client();
            String container = ScratchRestore.liveContainer(docker, key).orElseThrow().getId();
            assertThat(psql(docker, container, "SELECT string_agg(v, ',') FROM t;")).isEqualTo("backed up");
        }
    }

    private static String psql(com.github.dockerjava.api.DockerClient docker, String container, String sql) {
        var result = ContainerExec.run(docker, container, List.of("sh", "-c", PSQL), sql.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(30));
        assertThat(result.exitCode()).as(result.output()).isZero();
        return result.output().strip();
    }
}
