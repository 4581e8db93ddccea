package dev.homeport.app.desktop;

import static dev.homeport.app.desktop.nodes.AppDriver.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.app.Homeport;
import dev.homeport.app.desktop.nodes.AppDriver;
import dev.homeport.model.HomeportHome;
import dev.homeport.model.Organisation;
import dev.homeport.model.StoreBackupSchedule;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Settings → Homeport's data in the real app: Back up now (asking for a backup passphrase, as the vault has no master
 * passphrase), the last backup shown, a schedule refused without a master passphrase, and Restore… checked, confirmed and
 * put in place at the next start. With {@code -Dhomeport.screenshots=FOLDER} it saves the section.
 */
@NeedsDisplay
class StoreDataSectionTest {
    @TempDir
    Path folder;
    private AppDriver app;
    private Path home;

    @BeforeEach
    void setUp() throws Exception {
        app = new AppDriver(folder.resolve("user"));
        home = folder.resolve("home");
        try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
            homeport.inventory().createOrganisation("acme");
        }
    }

    @AfterEach
    void close() throws Exception {
        app.close();
    }

    @Test
    void backUpNowThenRestoreAtTheNextStart() throws Exception {
        Path backup = folder.resolve("backups/homeport.zip");
        app.launch(home);
        app.click("#section-settings");
        waitFor(() -> app.shows("#store-backup-now"));
        Label last = app.inWindow("#store-backup-last").queryAs(Label.class);
        Label status = app.inWindow("#store-backup-status").queryAs(Label.class);
        waitFor(() -> last.getText().equals("None yet."));

        set("#store-backup-file", backup.toString());
        fire("#store-backup-now");
        waitFor(() -> app.showsAnywhere("#passphrase-field"));
        app.fill("#passphrase-field", "backup passphrase");
        app.fill("#passphrase-confirm", "backup passphrase");
        app.clickDialogButton("OK");
        waitFor(() -> status.getText().startsWith("Backed up to"));
        assertThat(backup).exists();
        assertThat(last.getText()).contains("(by hand): Backed up").contains(backup.toString());

        // A schedule needs a master passphrase: refused, and said why.
        ChoiceBox<StoreBackupSchedule.Frequency> frequency = app.inWindow("#store-backup-frequency").queryAs(ChoiceBox.class);
        app.robot.interact(() -> frequency.setValue(StoreBackupSchedule.Frequency.DAILY));
        set("#store-backup-target", folder.resolve("scheduled").toString());
        fire("#store-backup-save-schedule");
        waitFor(() -> status.getText().contains("need a master passphrase"));
        String screenshots = System.getProperty("homeport.screenshots");
        if (screenshots != null) {
            var section = app.inWindow("#store-data-section").query();
            app.robot.interact(() -> app.inWindow(".scroll-pane").queryAll().forEach(pane -> {
                javafx.scene.control.ScrollPane scroll = (javafx.scene.control.ScrollPane) pane;
                double content = scroll.getContent().getBoundsInLocal().getHeight() - scroll.getViewportBounds().getHeight();
                scroll.setVvalue(content <= 0 ? 0 : Math.min(1, (section.getBoundsInParent().getMinY() - 20) / content));
            }));
            app.capture(Path.of(screenshots, "settings-store-backup.png"));
        }

        // Restore…: nothing waits before it.
        try (var files = Files.list(home)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).noneMatch(name -> name.startsWith("restore-pending"));
        }
        set("#store-restore-file", backup.toString());
        fire("#store-restore");
        waitFor(() -> app.showsAnywhere("#passphrase-field"));
        app.fill("#passphrase-field", "backup passphrase");
        app.clickDialogButton("OK");
        waitFor(() -> app.robot.lookup(".dialog-pane .button").match((Button b) -> b.getText().equals("Restore")).tryQuery().isPresent());
        app.clickDialogButton("Restore");
        waitFor(() -> status.getText().startsWith("Ready to restore"));
        app.clickDialogButton("OK");
        app.close();

        try (Homeport homeport = Homeport.open(new HomeportHome(home), null)) {
            assertThat(homeport.inventory().organisations()).extracting(Organisation::name).containsExactly("acme");
            assertThat(homeport.storeBackups().last()).isEmpty(); // the runs are the backup's: it was made before its own run was recorded
        }
        try (var files = Files.list(home)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).anyMatch(name -> name.startsWith("homeport.mv.db.before-restore-"));
        }
    }

    private void set(String query, String text) {
        TextField field = app.inWindow(query).queryAs(TextField.class);
        app.robot.interact(() -> field.setText(text));
    }

    private void fire(String query) {
        Button button = app.inWindow(query).queryButton();
        app.robot.interact(button::fire);
    }
}
