package dev.homeport.app.desktop.settings;

import static dev.homeport.app.desktop.nodes.AppDriver.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.Styles;
import dev.homeport.app.Homeport;
import dev.homeport.app.desktop.NeedsDisplay;
import dev.homeport.app.desktop.nodes.AppDriver;
import dev.homeport.model.HomeportHome;
import dev.homeport.model.NodeIdentity;
import dev.homeport.model.RegistryCredential;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.vault.Secret;
import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.RigRegistry;
import dev.homeport.ssh.transport.HostKeyException;
import dev.homeport.ssh.transport.Prompts;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Settings → Registries → Test login, against a private registry on the rig, checked by the rig node's Docker: a login
 * with a wrong password is refused as such; edited with the right one it works; edited again with the password left
 * empty, the stored one stays and still works. With {@code -Dhomeport.screenshots=FOLDER} it saves the section there.
 */
@NeedsDisplay
@ExtendWith(RigExtension.class)
class RegistryTestLoginPageTest {
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
    void testLoginSaysWhatWasRefusedAndAnEditKeepsTheStoredPassword(Rig rig) throws Exception {
        try (RigRegistry registry = new RigRegistry()) {
            prepare(rig, registry, "wrong-password");
            Files.writeString(home.resolve("ui.properties"), "place=:settings\n");
            app.launch(home);
            waitFor(() -> app.shows("#registries-section") && app.<TableView<RegistryCredential>>anywhere("#registries").getItems().size() == 1);
            TableView<RegistryCredential> table = app.anywhere("#registries");
            app.robot.interact(() -> table.getSelectionModel().selectFirst());

            testLogin();
            waitFor(20, () -> status().getText().startsWith("The registry " + registry.address() + " refused the login of tester"));
            assertThat(status().getStyleClass()).contains(Styles.DANGER);
            assertThat(status().getText()).contains("wrong user name or password").doesNotContain("wrong-password");
            shoot("registry-test-login-refused.png");

            edit(registry.password);
            waitFor(() -> status().getText().startsWith("Kept the login tester"));
            testLogin();
            waitFor(20, () -> status().getText().equals("Login to " + registry.address() + " works as tester (checked from node rig)."));
            assertThat(status().getStyleClass()).contains(Styles.SUCCESS).doesNotContain(Styles.DANGER);
            shoot("registry-test-login.png");

            edit("");
            waitFor(() -> status().getText().startsWith("Kept the login tester"));
            testLogin();
            waitFor(20, () -> status().getText().startsWith("Login to " + registry.address() + " works as tester"));
        }
    }

    /** With {@code -Dhomeport.screenshots=FOLDER}: the Registries section scrolled into view, saved there. */
    private void shoot(String name) throws Exception {
        String shots = System.getProperty("homeport.screenshots");
        if (shots == null || shots.isBlank()) {
            return;
        }
        javafx.scene.Node section = app.anywhere("#registries-section");
        app.robot.interact(() -> {
            javafx.scene.Parent up = section.getParent();
            while (up != null && !(up instanceof javafx.scene.control.ScrollPane)) {
                up = up.getParent();
            }
            if (up instanceof javafx.scene.control.ScrollPane scroll) {
                double top = section.localToScene(0, 0).getY() - scroll.getContent().localToScene(0, 0).getY();
                double room = scroll.getContent().getBoundsInLocal().getHeight() - scroll.getViewportBounds().getHeight();
                scroll.setVvalue(room <= 0 ? 0 : Math.min(1, Math.max(0, (top - 20) / room)));
            }
        });
        Thread.sleep(300);
        app.capture(Path.of(shots).resolve(name));
    }

    private Label status() {
        return app.anywhere("#registries-status");
    }

    private void testLogin() throws Exception {
        Button test = app.anywhere("#test-registry");
        waitFor(() -> !test.isDisabled());
        Platform.runLater(test::fire); // the section may be below the fold
    }

    /** Edit… the selected login; {@code password} empty leaves the field as it is (the dialog says the stored one stays). */
    private void edit(String password) throws Exception {
        Button edit = app.anywhere("#edit-registry");
        Platform.runLater(edit::fire); // its dialog waits for an answer on the FX thread
        waitFor(() -> app.showsAnywhere("#registry-password"));
        PasswordField field = app.anywhere("#registry-password");
        assertThat(field.getPromptText()).isEqualTo("leave empty to keep the stored one");
        if (!password.isEmpty()) {
            app.robot.interact(() -> field.setText(password));
        }
        waitFor(() -> !app.dialogButton("OK").isDisabled());
        app.clickDialogButton("OK");
        waitFor(() -> !app.showsAnywhere("#registry-password"));
    }

    /** acme/shop/prod with the rig's node attached, and a login to the rig's registry with {@code password}. */
    private void prepare(Rig rig, RigRegistry registry, String password) {
        try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
            var inventory = homeport.inventory();
            long org = inventory.createOrganisation("acme").id();
            long environment = inventory.createEnvironment(inventory.createApplication(org, "shop").id(), "prod").id();
            NodeService nodes = homeport.nodeService();
            WorkerNode node = nodes.add(new WorkerNode(0, "rig", rig.sshHost(), rig.sshPort(), rig.sshUser(),
                    new NodeIdentity.KeyFile(rig.sshKey().toString()), null));
            try {
                nodes.test(node, Prompts.NONE);
            } catch (HostKeyException unknown) {
                nodes.acceptHostKey(node, unknown);
            }
            homeport.nodes().attach(node.id(), environment);
            inventory.setRegistryCredential(org, registry.address(), registry.user, Secret.of(password));
        }
    }
}
