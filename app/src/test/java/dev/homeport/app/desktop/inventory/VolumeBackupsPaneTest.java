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
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.Volume;
import dev.homeport.model.WorkerNode;
import dev.homeport.ssh.backup.BackupRun;
import dev.homeport.ssh.deploy.DeployListener;
import dev.homeport.ssh.deploy.DeployedServices;
import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.rig.Processes;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigBackups;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.TestApps;
import dev.homeport.ssh.transport.HostKeyException;
import dev.homeport.ssh.transport.Prompts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service's named volume in its Settings tab, on the rig: the Volumes section lists it with its own Backups
 * pane; "Back up now" with "Stop the service during the backup" ticked makes a good backup the pane lists as
 * taken with the service stopped, and the service runs again after. With {@code -Dhomeport.screenshots=FOLDER}
 * it saves the section.
 */
@NeedsDisplay
@ExtendWith(RigExtension.class)
class VolumeBackupsPaneTest {
    @TempDir
    Path folder;
    private AppDriver app;
    private Path home;
    private Long key;
    private final String volume = "homeport-test-vbp-" + UUID.randomUUID().toString().substring(0, 6);

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
        Processes.call(List.of("docker", "volume", "rm", "-f", volume), null);
    }

    @Test
    void backUpNowWithTheServiceStoppedIsListedAndTheServiceRunsAgain(Rig rig) throws Exception {
        prepare(rig);
        app.launch(home);
        waitFor(() -> "files".equals(text("#page-title")));
        app.robot.interact(() -> {
            javafx.scene.control.TabPane tabs = app.anywhere(".tab-pane");
            tabs.getTabs().stream().filter(tab -> "tab-settings".equals(tab.getId())).findFirst().ifPresent(tab -> tabs.getSelectionModel().select(tab));
        });
        String ids = "#volume-backups-" + volume;
        waitFor(30, () -> app.showsAnywhere(ids + "-state") && text(ids + "-state").startsWith("None"));
        TableView<BackupRun> runs = app.anywhere(ids + "-runs");
        assertThat(runs.getItems()).isEmpty();

        // Below the fold of the Settings tab: ticked and pressed as a keyboard user would.
        app.robot.interact(() -> {
            app.<CheckBox>anywhere(ids + "-stop").setSelected(true);
            app.<javafx.scene.control.Button>anywhere(ids + "-now").fire();
        });
        waitFor(60, () -> text(ids + "-state").startsWith("Ok"));
        assertThat(runs.getItems()).singleElement().satisfies(run -> {
            assertThat(run.manifest().status()).isEqualTo("ok");
            assertThat(run.manifest().stopped()).isTrue();
            assertThat(run.manifest().files()).isEqualTo(1L);
        });
        assertThat(Processes.run("sh", "-c", "docker inspect -f '{{.State.Running}}' $(docker ps -a -q --filter volume=\"$1\")", "sh", volume)
                .strip()).isEqualTo("true");
        String screenshots = System.getProperty("homeport.screenshots");
        if (screenshots != null) {
            app.robot.interact(() -> {
                for (javafx.scene.Node n = app.anywhere(ids + "-pane"); n != null; n = n.getParent()) {
                    if (n instanceof javafx.scene.control.ScrollPane scroll) {
                        scroll.setVvalue(1.0);
                        break;
                    }
                }
            });
            app.capture(Path.of(screenshots, "volume-backups-light.png"));
        }
    }

    private String text(String query) {
        return app.<Label>anywhere(query).getText();
    }

    /** acme/shop/prod with the rig's node, the service "files" live on it with one file in its named volume. */
    private void prepare(Rig rig) throws Exception {
        TestApps apps = new TestApps(rig);
        try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
            var inventory = homeport.inventory();
            long environment = inventory.createEnvironment(inventory.createApplication(inventory.createOrganisation("acme").id(), "shop").id(), "prod").id();
            Service service = inventory.createService(new Service(0, environment, "files", new ServiceSource.Image(apps.image("v1")),
                    TestApps.PORT, "/health", null, null, DeployOptions.defaults().withVolumes(List.of(new Volume(volume, "/data", false)))));
            key = inventory.serviceNodeKey(service.id());
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
            Files.writeString(home.resolve("ui.properties"), "place=acme/shop/prod/files\n");
        }
    }
}
