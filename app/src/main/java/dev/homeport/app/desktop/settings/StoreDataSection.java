package dev.homeport.app.desktop.settings;

import atlantafx.base.theme.Styles;
import dev.homeport.app.desktop.Dialogs;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.app.desktop.Notice;
import dev.homeport.app.desktop.Ui;
import dev.homeport.model.HomeportHome;
import dev.homeport.model.StoreBackupSchedule;
import dev.homeport.model.StoreBackupSchedule.Frequency;
import dev.homeport.model.store.StoreBackup;
import dev.homeport.model.store.StoreBackups;
import java.io.File;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;

/**
 * Settings → Homeport's data: back the store and the vault key up now (to a file the user chooses), the schedule the
 * app runs while it is open, the last backup and its result, and Restore… (checked, confirmed, then put in place at
 * the next start: the app has the store open). Every store and file access runs in a background task.
 */
public final class StoreDataSection {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());
    private final MainModel model;
    private final Window owner;
    private final TextField backupFile = new TextField();
    private final TextField restoreFile = new TextField();
    private final ChoiceBox<Frequency> frequency = new ChoiceBox<>();
    private final TextField target = new TextField();
    private final Spinner<Integer> keep = new Spinner<>(1, 1000, StoreBackupSchedule.DEFAULT_KEEP, 1);
    private final Label last = new Label();
    private final Label status = new Label();

    public StoreDataSection(MainModel model, Window owner) {
        this.model = model;
        this.owner = owner;
    }

    public Node build() {
        HomeportHome home = model.homeport().home();
        backupFile.setId("store-backup-file");
        backupFile.setText(Path.of(System.getProperty("user.home")).resolve("homeport-backup-" + LocalDate.now() + ".zip").toString());
        HBox.setHgrow(backupFile, Priority.ALWAYS);
        Button chooseBackup = Ui.button("Choose…", Feather.FOLDER, this::chooseBackupFile);
        Button backUp = Ui.button("Back up now", Feather.DOWNLOAD, this::backUpNow, Styles.ACCENT);
        backUp.setId("store-backup-now");

        frequency.setId("store-backup-frequency");
        frequency.getItems().setAll(Frequency.values());
        frequency.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Frequency value) {
                return value == null ? "" : value.label();
            }

            @Override
            public Frequency fromString(String text) {
                return Frequency.valueOf(text.toUpperCase(java.util.Locale.ROOT));
            }
        });
        frequency.setValue(Frequency.OFF);
        target.setId("store-backup-target");
        target.setPromptText("a folder (a dated file each time), or a file ending in .zip");
        HBox.setHgrow(target, Priority.ALWAYS);
        keep.setId("store-backup-keep");
        keep.setEditable(true);
        keep.setPrefWidth(100);
        Button chooseTarget = Ui.button("Choose…", Feather.FOLDER, this::chooseTarget);
        Button saveSchedule = Ui.button("Save schedule", Feather.CHECK, this::saveSchedule);
        saveSchedule.setId("store-backup-save-schedule");

        restoreFile.setId("store-restore-file");
        restoreFile.setPromptText("a backup made here, by 'homeport store backup', or before an upgrade");
        HBox.setHgrow(restoreFile, Priority.ALWAYS);
        Button chooseRestore = Ui.button("Choose…", Feather.FOLDER, this::chooseRestoreFile);
        Button restore = Ui.button("Restore…", Feather.UPLOAD, this::restore, Styles.DANGER);
        restore.setId("store-restore");

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        grid.addRow(0, new Label("Back up to"), row(backupFile, chooseBackup, backUp));
        grid.addRow(1, new Label("Schedule"), row(frequency, new Label("to"), target, chooseTarget));
        grid.addRow(2, new Label(""), row(new Label("Keep the newest"), keep, new Label("in a folder"), saveSchedule));
        grid.addRow(3, new Label("Last backup"), last);
        grid.addRow(4, new Label("Restore from"), row(restoreFile, chooseRestore, restore));
        javafx.scene.layout.ColumnConstraints labels = new javafx.scene.layout.ColumnConstraints();
        labels.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        javafx.scene.layout.ColumnConstraints values = new javafx.scene.layout.ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().setAll(labels, values);

        last.setId("store-backup-last");
        last.setWrapText(true);
        status.setId("store-backup-status");
        status.setWrapText(true);
        status.getStyleClass().add(Styles.TEXT_SMALL);
        model.storeBackups().lastRun().addListener((obs, old, run) -> showLast(run));
        model.tasks().run("Reading the store backups", () -> {
            StoreBackups backups = model.homeport().storeBackups();
            return new Read(backups.schedule(), backups.last().orElse(null), StoreBackup.pending(home));
        }).onSuccess(read -> {
            showSchedule(read.schedule());
            showLast(model.storeBackups().lastRun().get() != null ? model.storeBackups().lastRun().get() : read.last());
            if (read.restorePending()) {
                say("A restore waits: it is put in place when Homeport starts next.", false);
            }
        }).start();
        VBox section = new VBox(8, Ui.sectionTitle("Homeport's data"),
                Ui.muted("A backup holds the whole store (the inventory, history, sealed secrets and SSH keys) and the vault key, in one "
                        + "zip file readable only by you. With a master passphrase, the key goes in wrapped by it; without one, a "
                        + "backup asks for a passphrase of its own. Homeport also copies the store into backups/ in its data "
                        + "folder before every upgrade of the store."),
                grid, status);
        section.setId("store-data-section");
        return section;
    }

    private record Read(StoreBackupSchedule schedule, StoreBackups.Run last, boolean restorePending) {
    }

    private static HBox row(Node... nodes) {
        HBox row = new HBox(8, nodes);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private void showSchedule(StoreBackupSchedule schedule) {
        frequency.setValue(schedule.frequency());
        target.setText(schedule.target());
        keep.getValueFactory().setValue(schedule.keep());
    }

    private void showLast(StoreBackups.Run run) {
        last.getStyleClass().removeAll(Styles.SUCCESS, Styles.DANGER);
        if (run == null) {
            last.setText("None yet.");
            return;
        }
        last.setText(TIME.format(run.at()) + " (" + (run.trigger() == StoreBackups.Trigger.SCHEDULED ? "scheduled" : "by hand") + "): "
                + (run.ok() ? "" : "FAILED. ") + run.message() + (run.file() == null ? "" : " " + run.file()));
        last.getStyleClass().add(run.ok() ? Styles.SUCCESS : Styles.DANGER);
    }

    private void chooseBackupFile() {
        FileChooser chooser = zipChooser("Back up Homeport's data to");
        Path now = Path.of(backupFile.getText().isBlank() ? "homeport-backup.zip" : backupFile.getText());
        chooser.setInitialFileName(now.getFileName().toString());
        Optional.ofNullable(now.getParent()).map(Path::toFile).filter(File::isDirectory).ifPresent(chooser::setInitialDirectory);
        File file = chooser.showSaveDialog(owner);
        if (file != null) {
            backupFile.setText(file.getAbsolutePath());
        }
    }

    private void chooseRestoreFile() {
        File file = zipChooser("Restore Homeport's data from").showOpenDialog(owner);
        if (file != null) {
            restoreFile.setText(file.getAbsolutePath());
        }
    }

    private void chooseTarget() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Folder for scheduled backups");
        File folder = chooser.showDialog(owner);
        if (folder != null) {
            target.setText(folder.getAbsolutePath());
        }
    }

    private static FileChooser zipChooser(String title) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Homeport backup (zip)", "*.zip"),
                new FileChooser.ExtensionFilter("All files", "*"));
        return chooser;
    }

    private void backUpNow() {
        String text = backupFile.getText().strip();
        if (text.isEmpty() || !Path.of(text).isAbsolute()) {
            say("Name the backup file with its whole path, or choose one.", true);
            return;
        }
        Path file = Path.of(text);
        model.tasks().run("Reading the vault", () -> model.homeport().vault().hasPassphrase()).onSuccess(master -> {
            char[] passphrase = null;
            if (!master) {
                Optional<char[]> asked = Dialogs.askPassphrase(owner, "Backup passphrase", "The vault has no master passphrase, so the "
                        + "backup's copy of the vault key is encrypted with this one. A restore asks for it; it cannot be recovered.", true);
                if (asked.isEmpty()) {
                    return;
                }
                passphrase = asked.get();
            }
            char[] given = passphrase;
            say("Backing up…", false);
            model.tasks().run("Backing up Homeport's data", () -> {
                try {
                    model.homeport().storeBackups().backUpNow(file, given);
                } catch (RuntimeException failed) {
                    // Recorded as the last run, which the notice and the label show.
                } finally {
                    if (given != null) {
                        java.util.Arrays.fill(given, '\0');
                    }
                }
                return model.homeport().storeBackups().last().orElseThrow();
            }).onSuccess(run -> {
                model.storeBackups().ran(run);
                say(run.ok() ? "Backed up to " + file + "." : "The backup failed: " + run.message(), !run.ok());
            }).onFailure(failure -> say(Dialogs.userMessage(failure), true)).start();
        }).start();
    }

    private void saveSchedule() {
        StoreBackupSchedule schedule;
        try {
            schedule = new StoreBackupSchedule(frequency.getValue(), target.getText().strip(), keep.getValue());
        } catch (IllegalArgumentException e) {
            say(Dialogs.userMessage(e), true);
            return;
        }
        model.tasks().run("Saving the backup schedule", () -> model.homeport().storeBackups().setSchedule(schedule))
                .onSuccess(done -> {
                    say(schedule.frequency() == Frequency.OFF ? "Saved: no scheduled backups."
                            : "Saved: backed up " + schedule.frequency().label().toLowerCase(java.util.Locale.ROOT) + " while Homeport runs.", false);
                    model.storeBackups().start(); // a backup now due runs at once
                })
                .onFailure(failure -> say(Dialogs.userMessage(failure), true))
                .start();
    }

    private void restore() {
        String text = restoreFile.getText().strip();
        if (text.isEmpty() || !Path.of(text).isAbsolute()) {
            say("Name the backup to restore with its whole path, or choose one.", true);
            return;
        }
        Path file = Path.of(text);
        HomeportHome home = model.homeport().home();
        model.tasks().run("Checking the backup", () -> StoreBackup.check(home, file)).onSuccess(manifest -> {
            char[] passphrase = null;
            if (manifest.key() == StoreBackup.KeyProtection.BACKUP_PASSPHRASE) {
                Optional<char[]> asked = Dialogs.askPassphrase(owner, "Backup passphrase", "The passphrase this backup was made with.", false);
                if (asked.isEmpty()) {
                    return;
                }
                passphrase = asked.get();
            }
            if (!Dialogs.confirmDanger(owner, "Restore Homeport's data?", "The backup of " + TIME.format(manifest.created())
                            + " replaces the whole store and the vault key when Homeport starts next. The current ones are kept in "
                            + home.root() + " as *.before-restore-*.", "Restore")) {
                if (passphrase != null) {
                    java.util.Arrays.fill(passphrase, '\0');
                }
                return;
            }
            char[] given = passphrase;
            model.tasks().run("Preparing the restore", () -> {
                try {
                    return StoreBackup.stage(home, file, given);
                } finally {
                    if (given != null) {
                        java.util.Arrays.fill(given, '\0');
                    }
                }
            }).onSuccess(staged -> {
                String restart = "Close Homeport and start it again: the backup goes in place as it starts.";
                say("Ready to restore. " + restart, false);
                model.notices().add(new Notice("Restart Homeport to finish the restore", restart, false));
                Dialogs.info(owner, "Restart Homeport to finish the restore", "The backup is checked and ready. " + restart);
            }).onFailure(failure -> say(Dialogs.userMessage(failure), true)).start();
        }).onFailure(failure -> say(Dialogs.userMessage(failure), true)).start();
    }

    private void say(String text, boolean problem) {
        status.setText(text);
        status.getStyleClass().removeAll(Styles.SUCCESS, Styles.DANGER);
        status.getStyleClass().add(problem ? Styles.DANGER : Styles.SUCCESS);
    }
}
