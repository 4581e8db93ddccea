package dev.homeport.app.desktop.inventory;

import dev.homeport.app.desktop.Dialogs;
import dev.homeport.app.desktop.FxPrompts;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.app.desktop.Notice;
import dev.homeport.app.desktop.Ui;
import dev.homeport.model.Service;
import dev.homeport.ssh.backup.Restores;
import dev.homeport.ssh.backup.ScratchRestore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;

/**
 * A database's backups on its node, with whether each was ever proven to restore, and the two things
 * to do with one: Verify (a restore into a scratch copy, checked and thrown away, the mark left on the
 * node) and Restore… (the same, kept; the check's result is shown before the swap is confirmed, and the
 * database is redeployed on the restored volume). Every remote call runs in a background task.
 */
final class RestoreDialog {
    private final MainModel model;
    private final Service service;
    private final Window owner;
    private final Dialog<Void> dialog = new Dialog<>();
    private final ListView<Restores.Entry> backups = new ListView<>();
    private final PasswordField identity = new PasswordField();
    private final TextArea result = new TextArea();
    private final Button verify = Ui.button("Verify", Feather.CHECK_CIRCLE, this::verify);
    private final Button restore = Ui.button("Restore…", Feather.ROTATE_CCW, this::restore);

    RestoreDialog(MainModel model, Service service, Window owner) {
        this.model = model;
        this.service = service;
        this.owner = owner;
        dialog.initOwner(owner);
        dialog.setTitle("Backups of " + service.name());
        dialog.setHeaderText("Backups of " + service.name());
        dialog.getDialogPane().setId("restore-dialog");
        backups.setId("restore-backups");
        backups.setPrefHeight(180);
        backups.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(Restores.Entry entry, boolean empty) {
                super.updateItem(entry, empty);
                setText(empty || entry == null ? null : describe(entry));
            }
        });
        backups.setPlaceholder(new Label("Reading the backups on the node…"));
        identity.setId("restore-identity");
        identity.setPromptText("empty: this store's own backup key");
        result.setId("restore-result");
        result.setEditable(false);
        result.setWrapText(true);
        result.setPrefRowCount(8);
        verify.setId("restore-verify");
        restore.setId("restore-restore");
        verify.disableProperty().bind(backups.getSelectionModel().selectedItemProperty().isNull());
        restore.disableProperty().bind(verify.disableProperty());
        Label about = Ui.muted("Verify restores the backup into a scratch copy beside the live database, checks every table's rows"
                + " and checksum (Redis: each logical database's key count) against what the backup recorded, and removes the copy; the result stays beside the backup on the node."
                + " Restore… does the same, shows the check, and only after you confirm redeploys the database on the restored copy;"
                + " the data it holds now is kept on its volume until you drop it (homeport backup restore --drop-old-volume).");
        about.setWrapText(true);
        about.setMaxWidth(560);
        Label key = new Label("Another age identity, only for backups made to another store's key (AGE-SECRET-KEY-…; it reaches the node only on a program's standard input):");
        key.setWrapText(true);
        VBox content = new VBox(10, about, backups, key, identity, new HBox(8, verify, restore), result);
        content.setPrefWidth(600);
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.CLOSE);
    }

    static String describe(Restores.Entry entry) {
        String made = entry.manifest() == null ? "unreadable manifest"
                : entry.manifest().succeeded() ? entry.manifest().format() : "failed: " + entry.manifest().error();
        String mark = entry.mark() == null ? "never verified"
                : entry.verified() ? "✔ verified " + entry.mark().checked() : "✘ check failed " + entry.mark().checked();
        return entry.stamp() + " · " + made + " · " + mark;
    }

    void show() {
        reload();
        dialog.show();
    }

    private void reload() {
        model.tasks().run("Reading the backups of " + service.name(), () -> model.homeport().restores().list(service.id(), new FxPrompts(owner)))
                .onSuccess(entries -> {
                    backups.getItems().setAll(entries);
                    backups.setPlaceholder(new Label("No backups of " + service.name() + " on its node."));
                })
                .start();
    }

    /**
     * The identity line of what was pasted: a one-line field joins a key file's lines (its comments
     * first), so the key is picked out of the text.
     */
    static byte[] key(String pasted) {
        var key = java.util.regex.Pattern.compile("AGE-SECRET-KEY-1[0-9A-Z]+").matcher(pasted);
        return (key.find() ? key.group() + "\n" : pasted.strip()).getBytes(StandardCharsets.UTF_8);
    }

    /** The identity typed, or null for the store's own backup key (read in the background, by {@link #keyOrStore}). */
    private byte[] key() {
        return identity.getText().isBlank() ? null : key(identity.getText());
    }

    private byte[] keyOrStore(byte[] typed) {
        return typed != null ? typed : (model.homeport().backupService().key().identity() + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private void verify() {
        String stamp = backups.getSelectionModel().getSelectedItem().stamp();
        byte[] key = key();
        busy("Verifying " + stamp + "…");
        model.tasks().run("Verifying backup " + stamp + " of " + service.name(),
                        () -> model.homeport().restores().verify(service.id(), stamp, keyOrStore(key), new FxPrompts(owner), line -> { }))
                .onSuccess(outcome -> {
                    showResult(outcome);
                    reload();
                })
                .andFinally(this::idle)
                .start();
    }

    private void restore() {
        String stamp = backups.getSelectionModel().getSelectedItem().stamp();
        byte[] key = key();
        busy("Restoring " + stamp + " into a scratch copy and checking it…");
        model.tasks().run("Restoring backup " + stamp + " of " + service.name(),
                        () -> model.homeport().restores().restore(service.id(), stamp, keyOrStore(key), new FxPrompts(owner), line -> { }))
                .onSuccess(this::confirmSwap)
                .andFinally(this::idle)
                .start();
    }

    /** The check's result is on screen before the question; a failed check asks nothing (its copy is already gone). */
    private void confirmSwap(ScratchRestore.Outcome outcome) {
        showResult(outcome);
        reload();
        if (outcome.keptVolume() == null) {
            return;
        }
        List<String> lines = outcome.verification().lines();
        boolean swap = Dialogs.confirmDanger(owner, "Swap in backup " + outcome.stamp(),
                String.join("\n", lines) + "\n\n" + service.name() + " is redeployed on the restored volume " + outcome.keptVolume()
                        + ". The data it holds now stays on its current volume until you drop it.", "Swap in and redeploy");
        if (!swap) {
            model.tasks().run("Removing the restored copy", () -> model.homeport().restores().discard(service.id(), outcome.keptVolume(), new FxPrompts(owner)))
                    .onSuccess(done -> result.appendText("\nNot swapped in; the restored copy was removed."))
                    .start();
            return;
        }
        model.tasks().run("Swapping in backup " + outcome.stamp() + " of " + service.name(), () -> {
                    String old = model.homeport().backupService().swapDataVolume(service.id(), outcome.keptVolume(), new FxPrompts(owner));
                    var deployed = model.homeport().deployService().deploy(service.id(), null, new FxPrompts(owner),
                            dev.homeport.ssh.deploy.DeployListener.NONE).await();
                    return new Swapped(old, deployed.state().name(), deployed.reason());
                })
                .onSuccess(swapped -> {
                    String text = "Redeployed on " + outcome.keptVolume() + " (" + swapped.state() + (swapped.reason() == null ? "" : ": " + swapped.reason())
                            + "). The old data is kept on volume " + swapped.old() + ".";
                    result.appendText("\n" + text);
                    model.notices().add(new Notice("Backup " + outcome.stamp() + " restored", text, !"LIVE".equals(swapped.state())));
                })
                .start();
    }

    private record Swapped(String old, String state, String reason) {
    }

    private void showResult(ScratchRestore.Outcome outcome) {
        result.setText("Backup " + outcome.stamp() + ":\n" + String.join("\n", outcome.verification().lines()));
    }

    private void busy(String text) {
        result.setText(text);
        backups.setDisable(true);
        identity.setDisable(true);
    }

    private void idle() {
        backups.setDisable(false);
        identity.setDisable(false);
    }
}
