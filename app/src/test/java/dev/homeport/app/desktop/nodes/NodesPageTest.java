package dev.homeport.app.desktop.nodes;

import static dev.homeport.app.desktop.nodes.AppDriver.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.controls.Message;
import dev.homeport.app.desktop.NeedsDisplay;
import dev.homeport.ssh.keys.SshKeys;
import dev.homeport.ssh.rig.NodeContainer;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adds a real node (a container of the rig's node image) through the Worker
 * Nodes page as a user does: a refused test, the unknown host key confirmed
 * by its fingerprint, success, Add; then a changed host key replaced on
 * purpose, and Remove. Then an SSH identity generated in Settings.
 */
@NeedsDisplay
@ExtendWith(RigExtension.class)
class NodesPageTest {
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
    void addsANodeAfterCheckingItsHostKeyReplacesAChangedKeyAndRemovesIt(Rig rig) throws Exception {
        try (NodeContainer container = NodeContainer.start(rig)) {
            app.launch(folder.resolve("home"));
            app.click("#section-worker-nodes");
            waitFor(() -> app.shows("#nodes-empty"));
            assertThat(app.shows("No worker nodes yet")).isTrue();

            app.click("#add-node");
            waitFor(() -> app.showsAnywhere("#add-node-dialog"));
            app.robot.clickOn("#mode-address");
            app.robot.clickOn("#node-name").write("web-1");
            app.fill("#node-host", container.ip());
            app.fill("#node-user", container.user());
            app.fill("#key-file", rig.sshKey().toString());

            // A wrong port: the test fails with the specific reason and the dialog stays open.
            app.fill("#node-port", "2");
            assertThat(app.dialogButton("Add").isDisabled()).isTrue();
            app.clickDialogButton("Test connection");
            waitFor(() -> app.showsAnywhere("#test-result"));
            Message refused = app.anywhere("#test-result");
            assertThat(refused.getTitle()).isEqualTo("Connection refused");
            assertThat(refused.getDescription()).contains("Connection refused by " + container.ip() + ":2");
            assertThat(app.dialogButton("Add").isDisabled()).isTrue();

            // The right port: the unknown host key is shown with the node's real fingerprint.
            app.fill("#node-port", "22");
            app.clickDialogButton("Test connection");
            waitFor(() -> app.showsAnywhere("#host-key-confirmation"));
            String expected = SshKeys.fingerprint(container.hostKey("ed25519"));
            TextField fingerprint = app.anywhere("#host-key-fingerprint");
            assertThat(fingerprint.getText()).isEqualTo(expected);
            assertThat(app.<Label>anywhere("#host-key-type").getText()).isEqualTo("ssh-ed25519");
            app.clickDialogButton("Trust and connect");

            waitFor(() -> app.showsAnywhere("#test-result") && "Connection works".equals(app.<Message>anywhere("#test-result").getTitle()));
            assertThat(app.<Message>anywhere("#test-result").getDescription()).contains("Connected as homeport to Linux", expected);
            app.clickDialogButton("Add");
            waitFor(() -> !app.showsAnywhere("#add-node-dialog"));

            waitFor(() -> app.shows("#node-web-1"));
            waitFor(() -> "connected".equals(state("web-1")));
            assertThat(fact("web-1", "address")).isEqualTo("homeport@" + container.ip());
            assertThat(fact("web-1", "identity")).isEqualTo("key file " + rig.sshKey());
            assertThat(fact("web-1", "host-key")).isEqualTo("ssh-ed25519 " + expected);

            // The server is reinstalled: new host keys, and the open connection drops.
            container.regenerateHostKeys();
            container.sh("pkill -f 'sshd: [h]omeport' || true");
            app.click("#node-web-1 #test-node");
            waitFor(() -> "failed: host key changed".equals(state("web-1")));
            String changed = SshKeys.fingerprint(container.hostKey("ed25519"));
            Message warning = app.inWindow("#node-web-1 #node-message").query();
            assertThat(warning.getDescription()).contains("REMOTE HOST IDENTIFICATION HAS CHANGED", expected, changed);
            app.click("#node-web-1 #replace-host-key");
            waitFor(() -> app.showsAnywhere(".dialog-pane"));
            assertThat(app.robot.lookup(".dialog-pane .content").queryLabeled().getText()).contains(expected, changed);
            app.clickDialogButton("Replace pinned key");
            waitFor(() -> "connected".equals(state("web-1")));
            waitFor(() -> ("ssh-ed25519 " + changed).equals(fact("web-1", "host-key")));

            app.click("#node-web-1 #remove-node");
            waitFor(() -> app.showsAnywhere(".dialog-pane"));
            assertThat(app.robot.lookup(".dialog-pane .content").queryLabeled().getText()).contains("web-1", "homeport@" + container.ip());
            app.clickDialogButton("Remove node");
            waitFor(() -> app.shows("#nodes-empty"));
        }
    }

    @Test
    void addsANodeByItsAliasInTheSshConfig(Rig rig) throws Exception {
        try (NodeContainer container = NodeContainer.start(rig)) {
            Path ssh = Files.createDirectories(Path.of(System.getProperty("user.home"), ".ssh"));
            Files.writeString(ssh.resolve("config"), """
                    Host web-alias
                        HostName %s
                        User %s
                        IdentityFile %s
                    """.formatted(container.ip(), container.user(), rig.sshKey()));
            app.launch(folder.resolve("home"));
            app.click("#section-worker-nodes");
            waitFor(() -> app.shows("#nodes-empty"));
            app.click("#add-node");
            waitFor(() -> app.showsAnywhere("#add-node-dialog"));
            // With an ssh config present, the dialog starts with the alias, and the identity follows it.
            waitFor(() -> app.showsAnywhere("#node-alias"));
            app.robot.clickOn("#node-alias").write("web-alias");
            waitFor(() -> app.<Label>anywhere("#alias-resolution").getText().startsWith("Resolves to"));
            assertThat(app.<Label>anywhere("#alias-resolution").getText())
                    .isEqualTo("Resolves to HostName " + container.ip() + ", port 22, user homeport; IdentityFile " + rig.sshKey() + ".");
            assertThat(app.<TextField>anywhere("#node-name").getText()).isEqualTo("web-alias");
            assertThat(app.<javafx.scene.control.ChoiceBox<?>>anywhere("#identity-kind").getValue()).isEqualTo(NodeDraft.IdentityKind.SSH_CONFIG);

            app.clickDialogButton("Test connection");
            waitFor(() -> app.showsAnywhere("#host-key-confirmation"));
            assertThat(app.<TextField>anywhere("#host-key-fingerprint").getText()).isEqualTo(SshKeys.fingerprint(container.hostKey("ed25519")));
            app.clickDialogButton("Trust and connect");
            waitFor(() -> app.showsAnywhere("#test-result") && "Connection works".equals(app.<Message>anywhere("#test-result").getTitle()));
            app.clickDialogButton("Add");
            waitFor(() -> "connected".equals(state("web-alias")));
            assertThat(fact("web-alias", "address")).isEqualTo("homeport@web-alias");
            assertThat(fact("web-alias", "identity")).isEqualTo("as ~/.ssh/config says");
        }
    }

    @Test
    void generatesAnIdentityAndListsItWithItsFingerprint() throws Exception {
        app.launch(folder.resolve("home"));
        app.click("#section-settings");
        waitFor(() -> app.shows("#identities"));
        scrollSettingsToTheEnd();
        // Fired, not clicked: below the identities, more sections now share the scrolled page.
        // (later, not in interact: the dialog it opens is modal, and interact would wait for it to close)
        javafx.scene.control.Button generate = app.anywhere("#generate-identity");
        javafx.application.Platform.runLater(generate::fire);
        waitFor(() -> app.showsAnywhere("#identity-name"));
        app.robot.clickOn("#identity-name").write("Laptop");
        assertThat(app.<Label>anywhere("#identity-name-error").getText()).isEqualTo("The name must be lower-case, got 'Laptop'.");
        app.fill("#identity-name", "laptop");
        app.clickDialogButton("OK");

        TableView<?> table = app.inWindow("#identities").query();
        waitFor(() -> table.getItems().size() == 1);
        String shown = (String) table.getColumns().get(2).getCellData(0);
        assertThat(table.getColumns().get(0).getCellData(0)).isEqualTo("laptop");
        assertThat(table.getColumns().get(1).getCellData(0)).isEqualTo("ssh-ed25519");
        assertThat(shown).startsWith("SHA256:");

        // The public key on the clipboard has the fingerprint the table shows.
        // Fired for the same reason as Generate: the button can sit outside the scrolled page's view.
        javafx.scene.control.Button copy = app.anywhere("#copy-public-key");
        app.robot.interact(() -> {
            table.getSelectionModel().select(0);
            copy.fire();
        });
        AtomicReference<String> copied = new AtomicReference<>();
        app.robot.interact(() -> copied.set(Clipboard.getSystemClipboard().getString()));
        assertThat(copied.get()).startsWith("ssh-ed25519 ");
        assertThat(SshKeys.fingerprint(copied.get())).isEqualTo(shown);
    }

    private void scrollSettingsToTheEnd() {
        ScrollPane scroll = app.inWindow(".scroll-pane").query();
        app.robot.interact(() -> scroll.setVvalue(1));
    }

    private String state(String node) {
        return app.inWindow("#node-" + node + " #node-state").tryQuery().map(n -> ((Label) n).getText()).orElse("");
    }

    private String fact(String node, String fact) {
        return app.inWindow("#node-" + node + " #fact-" + fact).tryQuery().map(n -> ((Label) n).getText()).orElse("");
    }
}
