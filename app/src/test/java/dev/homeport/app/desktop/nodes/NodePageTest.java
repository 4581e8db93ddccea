package dev.homeport.app.desktop.nodes;

import static dev.homeport.app.desktop.nodes.AppDriver.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.controls.Message;
import dev.homeport.app.desktop.NeedsDisplay;
import dev.homeport.app.desktop.charts.LiveChart;
import dev.homeport.ssh.keys.SshKeys;
import dev.homeport.ssh.rig.Processes;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rig's own node through the desktop app, as a user meets it: added with the
 * dialog (its host key checked), opened, probed (every check passes), provisioned
 * (nothing to change), its history, live metrics from its Netdata and its containers
 * from its Docker Engine.
 */
@NeedsDisplay
@ExtendWith(RigExtension.class)
class NodePageTest {
    @TempDir
    Path folder;
    private AppDriver app;

    @BeforeEach
    void isolateFromTheUsersSshFiles() throws Exception {
        app = new AppDriver(folder.resolve("user"));
    }

    @AfterEach
    void close() throws Exception {
        app.close();
    }

    @Test
    void addsProbesProvisionsAndWatchesTheRigNode(Rig rig) throws Exception {
        String container = "homeport-test-page-" + UUID.randomUUID().toString().substring(0, 8);
        Processes.run("docker", "run", "-d", "--pull", "never", "--name", container, "--label", "dev.homeport.test=true",
                "--label", "dev.homeport.service=page-test", rig.baseImage(), "sleep", "600");
        try {
            app.launch(folder.resolve("home"));
            app.click("#section-worker-nodes");
            waitFor(() -> app.shows("#nodes-empty"));

            app.click("#add-node");
            waitFor(() -> app.showsAnywhere("#add-node-dialog"));
            app.robot.clickOn("#mode-address");
            app.robot.clickOn("#node-name").write("rig");
            app.fill("#node-host", rig.sshHost());
            app.fill("#node-port", Integer.toString(rig.sshPort()));
            app.fill("#node-user", rig.sshUser());
            app.fill("#key-file", rig.sshKey().toString());
            app.clickDialogButton("Test connection");
            waitFor(() -> app.showsAnywhere("#host-key-confirmation"));
            String knownLine = Files.readString(rig.knownHosts()).lines()
                    .filter(line -> line.contains(" ssh-ed25519 ")).findFirst().orElseThrow();
            String expected = SshKeys.fingerprint(knownLine.substring(knownLine.indexOf("ssh-ed25519")));
            assertThat(app.<TextField>anywhere("#host-key-fingerprint").getText()).isEqualTo(expected);
            app.clickDialogButton("Trust and connect");
            waitFor(() -> app.showsAnywhere("#test-result") && "Connection works".equals(app.<Message>anywhere("#test-result").getTitle()));
            app.clickDialogButton("Add");
            waitFor(() -> app.shows("#node-rig"));

            // The periodic check finds the rig's Docker, Caddy and Netdata up.
            waitFor(30, () -> "up".equals(app.<Label>anywhere("#node-rig #node-health").getText()));

            app.click("#node-rig #open-node");
            waitFor(() -> app.shows("#node-tabs"));
            app.click("#probe-node");
            waitFor(30, () -> app.<Label>anywhere("#setup-status").getText().startsWith("all "));
            assertThat(app.<Label>anywhere("#setup-status").getText()).endsWith("checks OK");
            GridPane checklist = app.anywhere("#probe-checklist");
            assertThat(checklist.getChildren()).hasSizeGreaterThanOrEqualTo(14 * 3);
            assertThat(app.showsAnywhere("#check-caddy-admin")).isTrue();

            app.click("#provision-node");
            waitFor(() -> app.showsAnywhere(".dialog-pane"));
            app.clickDialogButton("Provision");
            waitFor(60, () -> app.<Label>anywhere("#setup-status").getText().startsWith("Provisioned: "));
            assertThat(app.<Label>anywhere("#setup-status").getText()).isEqualTo("Provisioned: nothing changed");
            assertThat(app.<javafx.scene.control.TextArea>anywhere("#provision-log").getText()).contains("Done: nothing changed");

            app.robot.clickOn("History");
            waitFor(() -> app.<TableView<?>>anywhere("#node-history").getItems().size() == 2);

            app.robot.clickOn("Metrics");
            waitFor(30, () -> app.<LiveChart>anywhere("#chart-cpu").pointCount() >= 3);
            waitFor(30, () -> app.<LiveChart>anywhere("#chart-memory").pointCount() >= 3);
            assertThat(app.<LiveChart>anywhere("#chart-cpu").shownMessage()).isNull();
            int before = app.<LiveChart>anywhere("#chart-cpu").pointCount();
            // Live keeps adding points while the tab is shown.
            waitFor(30, () -> app.<LiveChart>anywhere("#chart-cpu").pointCount() > before);

            app.robot.clickOn("Containers");
            waitFor(30, () -> app.<TableView<NodeContainersPane.Row>>anywhere("#containers").getItems().stream()
                    .anyMatch(row -> row.container().name().equals(container)
                            && "page-test".equals(row.container().homeportLabels().get("dev.homeport.service"))));
            // Then its use, read by the rule the command line uses (ContainerUsages): figures, not "?".
            waitFor(60, () -> app.<TableView<NodeContainersPane.Row>>anywhere("#containers").getItems().stream()
                    .anyMatch(row -> row.container().name().equals(container) && row.cpu() != null && row.cpu().endsWith(" %")
                            && row.memory() != null && !row.memory().equals("?")));
        } finally {
            Processes.call(java.util.List.of("docker", "rm", "-f", container), null);
        }
    }
}
