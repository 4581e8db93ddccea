package dev.homeport.app.desktop.settings;

import static dev.homeport.app.desktop.nodes.AppDriver.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.Styles;
import dev.homeport.app.Homeport;
import dev.homeport.app.desktop.NeedsDisplay;
import dev.homeport.app.desktop.nodes.AppDriver;
import dev.homeport.model.HomeportHome;
import dev.homeport.model.NodeIdentity;
import dev.homeport.model.S3Target;
import dev.homeport.model.WorkerNode;
import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.RigS3;
import dev.homeport.ssh.transport.HostKeyException;
import dev.homeport.ssh.transport.Prompts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Settings → S3 targets, against a real S3 server on the rig (S3Proxy), checked by the rig node's rclone: a target added
 * in the dialog (OK stays disabled while a field breaks a rule) is listed with its secret sealed; Test says it works;
 * a second target with a wrong secret key is refused as such; Remove, confirmed, forgets it. The secret is in no file of
 * the store's folder. With {@code -Dhomeport.screenshots=FOLDER} it saves the section there.
 */
@NeedsDisplay
@ExtendWith(RigExtension.class)
class S3TargetsPageTest {
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
    void aTargetIsAddedTestedFromANodeAndRemoved(Rig rig) throws Exception {
        try (RigS3 s3 = new RigS3()) {
            prepare(rig);
            Files.writeString(home.resolve("ui.properties"), "place=:settings\n");
            app.launch(home);
            waitFor(() -> app.shows("#s3-section") && "acme".equals(organisationName())
                    && app.<javafx.scene.control.ChoiceBox<?>>anywhere("#s3-test-node").getValue() != null);
            TableView<S3Target> table = app.anywhere("#s3-targets");
            assertThat(table.getItems()).isEmpty();

            add("offsite", s3.endpoint(), s3.bucket, "homeport", s3.accessKey, s3.secretKey);
            waitFor(() -> status().getText().startsWith("Kept the S3 target offsite (s3://" + s3.bucket + "/homeport at " + s3.endpoint() + ")"));
            waitFor(() -> table.getItems().size() == 1 && table.getSelectionModel().getSelectedItem() != null);
            assertThat(table.getItems().getFirst().accessKeyId()).isEqualTo(s3.accessKey);

            test();
            waitFor(30, () -> status().getText().startsWith("S3 target offsite works: node rig listed s3://" + s3.bucket + "/homeport at "
                    + s3.endpoint()));
            assertThat(status().getStyleClass()).contains(Styles.SUCCESS).doesNotContain(Styles.DANGER);
            shoot("settings-s3-targets.png");

            String wrong = "wrong-" + s3.secretKey;
            add("badkey", s3.endpoint(), s3.bucket, "", s3.accessKey, wrong);
            waitFor(() -> table.getItems().size() == 2 && table.getSelectionModel().getSelectedItem() != null
                    && "badkey".equals(table.getSelectionModel().getSelectedItem().name()));
            test();
            waitFor(30, () -> status().getStyleClass().contains(Styles.DANGER));
            assertThat(status().getText()).startsWith("S3 refused").doesNotContain(wrong).doesNotContain(s3.secretKey);

            // Remove, confirmed in the dialog: the table lists offsite alone.
            Button remove = app.anywhere("#remove-s3");
            Platform.runLater(remove::fire); // its confirmation waits on the FX thread
            waitFor(() -> app.robot.lookup("Remove target").tryQuery().isPresent());
            app.clickDialogButton("Remove target");
            waitFor(() -> status().getText().equals("Removed the S3 target badkey."));
            waitFor(() -> table.getItems().size() == 1);
            assertThat(table.getItems().getFirst().name()).isEqualTo("offsite");

            app.close();
            try (var files = Files.walk(home)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString())
                            .doesNotContain(s3.secretKey);
                }
            }
        }
    }

    private String organisationName() {
        Object value = app.<javafx.scene.control.ChoiceBox<?>>anywhere("#s3-organisation").getValue();
        return value instanceof dev.homeport.model.Organisation org ? org.name() : null;
    }

    /** Add… with each field typed; OK is disabled until every rule holds (a bucket with capitals breaks one first). */
    private void add(String name, String endpoint, String bucket, String prefix, String accessKey, String secretKey) throws Exception {
        Button add = app.anywhere("#add-s3");
        waitFor(() -> !add.isDisabled());
        Platform.runLater(add::fire); // its dialog waits for an answer on the FX thread
        waitFor(() -> app.showsAnywhere("#s3-secret-key"));
        app.robot.interact(() -> {
            app.<TextField>anywhere("#s3-name").setText(name);
            app.<TextField>anywhere("#s3-endpoint").setText(endpoint);
            app.<TextField>anywhere("#s3-bucket").setText("Not_A_Bucket");
            app.<TextField>anywhere("#s3-prefix").setText(prefix);
            app.<TextField>anywhere("#s3-access-key").setText(accessKey);
            app.<TextField>anywhere("#s3-secret-key").setText(secretKey);
        });
        waitFor(() -> app.<Label>anywhere("#s3-error").getText().startsWith("The bucket must be an S3 bucket name"));
        assertThat(app.dialogButton("OK").isDisabled()).isTrue();
        app.robot.interact(() -> app.<TextField>anywhere("#s3-bucket").setText(bucket));
        waitFor(() -> !app.dialogButton("OK").isDisabled());
        app.clickDialogButton("OK");
        waitFor(() -> !app.showsAnywhere("#s3-secret-key"));
    }

    private void test() throws Exception {
        Button test = app.anywhere("#test-s3");
        waitFor(() -> !test.isDisabled());
        Platform.runLater(test::fire); // the section may be below the fold
    }

    private Label status() {
        return app.anywhere("#s3-status");
    }

    /** With {@code -Dhomeport.screenshots=FOLDER}: the S3 targets section scrolled into view, saved there. */
    private void shoot(String name) throws Exception {
        String shots = System.getProperty("homeport.screenshots");
        if (shots == null || shots.isBlank()) {
            return;
        }
        javafx.scene.Node section = app.anywhere("#s3-section");
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

    /** The organisation acme and the rig's node (its host key accepted). */
    private void prepare(Rig rig) {
        try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
            homeport.inventory().createOrganisation("acme");
            NodeService nodes = homeport.nodeService();
            WorkerNode node = nodes.add(new WorkerNode(0, "rig", rig.sshHost(), rig.sshPort(), rig.sshUser(),
                    new NodeIdentity.KeyFile(rig.sshKey().toString()), null));
            try {
                nodes.test(node, Prompts.NONE);
            } catch (HostKeyException unknown) {
                nodes.acceptHostKey(node, unknown);
            }
        }
    }
}
