package dev.homeport.app.desktop.settings;

import static dev.homeport.app.desktop.nodes.AppDriver.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.app.Homeport;
import dev.homeport.app.desktop.NeedsDisplay;
import dev.homeport.app.desktop.nodes.AppDriver;
import dev.homeport.model.HomeportHome;
import dev.homeport.ssh.keys.SshKeys;
import dev.homeport.ssh.rig.NodeContainer;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app's {@code homeport key install}, against a fresh node container of the rig: Settings → SSH identities → "Install on
 * a server…" to USER@HOST refuses a target that is neither a node nor USER@HOST, shows the unknown host key to trust, asks
 * for the password (which it does not keep: a second install asks again) and adds the key once.
 */
@NeedsDisplay
@ExtendWith(RigExtension.class)
class KeyInstallPageTest {
    @TempDir
    Path folder;
    private AppDriver app;
    private Path home;

    @BeforeEach
    void setUp() throws Exception {
        app = new AppDriver(folder.resolve("user"));
        home = folder.resolve("home");
    }

    @AfterEach
    void close() throws Exception {
        app.close();
    }

    @Test
    void aKeyIsInstalledOnAServerWithAPasswordAskedEachTime(Rig rig) throws Exception {
        try (NodeContainer server = NodeContainer.start(rig)) {
            String publicKey;
            try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
                homeport.inventory().createOrganisation("acme"); // an empty inventory opens on the welcome page
                SshKeys.KeyText key = SshKeys.generateEd25519("homeport-laptop", null);
                publicKey = homeport.keys().add("laptop", key.publicKey(), key.privateKey()).publicKey();
            }
            Files.writeString(home.resolve("ui.properties"), "place=:settings\n");
            app.launch(home);
            // The section is below the fold of the Settings page: it is there, not on screen.
            app.await("the identities", () -> app.shows("#identities")
                    && app.<TableView<?>>anywhere("#identities").getItems().size() == 1);
            app.robot.interact(() -> app.<TableView<?>>anywhere("#identities").getSelectionModel().selectFirst());
            String target = server.user() + "@" + server.ip();

            openInstall();
            app.robot.interact(() -> app.<javafx.scene.control.TextField>anywhere("#install-target").setText("not a node!"));
            waitFor(() -> app.<Label>anywhere("#install-error").getText().equals("A Worker Node's name, or user@host[:port]."));
            assertThat(app.dialogButton("OK").isDisabled()).isTrue();
            app.robot.interact(() -> app.<javafx.scene.control.TextField>anywhere("#install-target").setText(target + ":ssh"));
            waitFor(() -> app.<Label>anywhere("#install-error").getText().equals("port: must be a number, got 'ssh'"));
            app.robot.interact(() -> app.<javafx.scene.control.TextField>anywhere("#install-target").setText(target));
            waitFor(() -> !app.dialogButton("OK").isDisabled());
            app.clickDialogButton("OK");

            // The server's key is new to this machine: it is shown, and trusted by the user.
            app.await("the unknown host key", () -> app.robot.lookup("Trust and connect").tryQuery().isPresent());
            app.clickDialogButton("Trust and connect");
            typePassword(rig);
            app.await("the key added", () -> status().equals("Added laptop to ~/.ssh/authorized_keys on " + target + "."));
            String base64 = publicKey.strip().split("\\s+")[1];
            assertThat(server.sh("grep -c '" + base64 + "' /home/homeport/.ssh/authorized_keys")).isEqualTo("1");

            // Again: the password was not kept (it is asked again), and the key is not added twice.
            openInstall();
            app.robot.interact(() -> app.<javafx.scene.control.TextField>anywhere("#install-target").setText(target));
            app.clickDialogButton("OK");
            typePassword(rig);
            app.await("the key found", () -> status().equals("laptop was in ~/.ssh/authorized_keys on " + target
                    + " already; nothing changed."));
            assertThat(server.sh("grep -c '" + base64 + "' /home/homeport/.ssh/authorized_keys")).isEqualTo("1");
        }
    }

    private void openInstall() throws Exception {
        Button install = app.anywhere("#install-identity");
        waitFor(() -> !install.isDisabled());
        Platform.runLater(install::fire); // its dialog waits for an answer on the FX thread
        app.await("the install dialog", () -> app.showsAnywhere("#install-target"));
    }

    private void typePassword(Rig rig) throws Exception {
        app.await("the password asked", () -> app.showsAnywhere("#passphrase-field"));
        app.robot.interact(() -> app.<javafx.scene.control.PasswordField>anywhere("#passphrase-field").setText(rig.sshPassword()));
        app.clickDialogButton("OK");
    }

    private String status() {
        return app.<Label>anywhere("#identities-status").getText();
    }
}
