package dev.homeport.app.desktop.inventory;

import dev.homeport.app.desktop.Dialogs;
import dev.homeport.app.desktop.FxPrompts;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.app.desktop.Notice;
import dev.homeport.app.desktop.Ui;
import dev.homeport.model.S3Target;
import dev.homeport.model.Service;
import dev.homeport.ssh.backup.BackupSubject;
import dev.homeport.ssh.backup.Restores;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javafx.concurrent.Task;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Screen;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;

/**
 * A database's or a named volume's backups on its node ({@link BackupSubject}), with whether each was ever proven to
 * restore, and the two things to do with one: Verify (a restore into a scratch copy, checked and thrown away, the mark
 * left on the node) and Restore… (the same, kept; the check's result is shown before the swap is confirmed, and the
 * service is redeployed on the restored volume). Below, the old volumes earlier restores kept, each to drop after a
 * confirmation naming it. Between them, the copies on this machine, and, when the organisation has S3 targets, a bucket's
 * backups of a folder ({@code NODE/VOLUME}: the subject's own, an old volume's, or one typed), newest chosen, to download
 * ({@code backup pull --from s3:NAME [STAMP] [--s3-folder]}), a listing's or download's failure said under the list.
 * What it does per subject is {@link RestoreActions}; every remote call runs in a background
 * task, with its progress shown and a Cancel where the work can be stopped.
 */
final class RestoreDialog {
    private final MainModel model;
    private final Service service;
    /** Changed by a volume's swap (to the restored volume's); FX thread. */
    private RestoreActions actions;
    private final Window owner;
    private static final double WIDTH = 640;
    /** A list's row: one line of text and its padding. */
    private static final double ROW = 30;
    /** The screen's height the dialog's title, header and buttons take, which its content leaves them. */
    private static final double SCREEN_MARGIN = 220;
    private final Dialog<Void> dialog = new Dialog<>();
    private final ListView<Restores.Entry> backups = new ListView<>();
    private final PasswordField identity = new PasswordField();
    private final TextArea result = new TextArea();
    private final Button verify = Ui.button("Verify", Feather.CHECK_CIRCLE, this::verify);
    private final Button restore = Ui.button("Restore…", Feather.ROTATE_CCW, this::restore);
    private final Button cancel = Ui.button("Cancel", Feather.X_CIRCLE, this::cancel);
    private final ProgressBar progress = new ProgressBar(ProgressBar.INDETERMINATE_PROGRESS);
    private final Label step = new Label();
    private final ListView<Restores.Entry> copies = new ListView<>();
    private final Button restoreCopy = Ui.button("Restore copy…", Feather.ROTATE_CCW, this::restoreCopy);
    private final ChoiceBox<S3Target> s3Targets = new ChoiceBox<>();
    /** The bucket's folder to list ({@code NODE/VOLUME}): these backups' own, or an old volume's; editable. */
    private final javafx.scene.control.ComboBox<String> s3Folder = new javafx.scene.control.ComboBox<>();
    /** The backups the chosen bucket folder holds whole, newest first (the newest selected). */
    private final ListView<Restores.Entry> s3Backups = new ListView<>();
    private final Button download = Ui.button("Download", Feather.DOWNLOAD_CLOUD, this::downloadFromS3);
    /** Why the bucket could not be listed or the download failed: said here, beside the list. */
    private final Label s3Problem = new Label();
    /** A backup downloaded from another folder than these backups' own (not among the copies listed above): restored from here. */
    private final Button restoreDownload = Ui.button("Restore the download…", Feather.ROTATE_CCW, this::restoreDownload);
    private final VBox fromS3 = new VBox(8);
    /** These backups' own folder in a bucket, and the old volumes' names, once read; FX thread. */
    private String ownFolder;
    private List<String> oldVolumeNames = List.of();
    /** What the S3 list shows (target id and folder), and the listing under way's number: an older answer is dropped. */
    private String listed;
    private int listing;
    private dev.homeport.ssh.backup.BackupService.Fetched downloaded;
    private final ListView<String> oldVolumes = new ListView<>();
    private final Button drop = Ui.button("Drop…", Feather.TRASH_2, this::drop);
    private Task<?> running;
    /** Counts the pieces of work started: a piece's end makes the dialog idle only when no later one started. */
    private int generation;
    private boolean swapped;

    RestoreDialog(MainModel model, Service service, Window owner) {
        this(model, service, BackupSubject.database(service.id()), owner);
    }

    RestoreDialog(MainModel model, Service service, BackupSubject subject, Window owner) {
        this.model = model;
        this.service = service;
        this.actions = RestoreActions.of(model.homeport(), service, subject);
        this.owner = owner;
        dialog.initOwner(owner);
        dialog.setTitle(actions.title());
        dialog.setHeaderText(actions.title());
        dialog.getDialogPane().setId("restore-dialog");
        backups.setId("restore-backups");
        rows(backups, 3);
        backups.setCellFactory(list -> entryCell());
        copies.setId("restore-copies");
        rows(copies, 2);
        copies.setCellFactory(list -> entryCell());
        copies.setPlaceholder(new Label("Reading the copies on this machine…"));
        restoreCopy.setId("restore-copy");
        restoreCopy.disableProperty().bind(copies.getSelectionModel().selectedItemProperty().isNull().or(backups.disableProperty()));
        s3Targets.setId("restore-s3-target");
        s3Targets.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(S3Target target) {
                return target == null ? "" : "s3:" + target.name() + " (s3://" + target.bucket() + (target.prefix() == null ? "" : "/"
                        + target.prefix()) + ")";
            }

            @Override
            public S3Target fromString(String text) {
                return null;
            }
        });
        s3Targets.valueProperty().addListener((o, was, now) -> listS3(false));
        s3Folder.setId("restore-s3-folder");
        s3Folder.setEditable(true);
        s3Folder.setPrefWidth(240);
        s3Folder.setPromptText("NODE/VOLUME");
        s3Folder.setTooltip(new javafx.scene.control.Tooltip("The backups' folder in the bucket: the node they were made on and their"
                + " volume. The list offers this one's own, and those of the old volumes below (the data before a restore)"));
        s3Folder.valueProperty().addListener((o, was, now) -> listS3(false));
        s3Backups.setId("restore-s3-backups");
        rows(s3Backups, 3);
        s3Backups.setCellFactory(list -> entryCell());
        s3Backups.setPlaceholder(new Label("Choose an S3 target."));
        download.setId("restore-s3-download");
        download.disableProperty().bind(s3Backups.getSelectionModel().selectedItemProperty().isNull().or(backups.disableProperty()));
        s3Problem.setId("restore-s3-problem");
        s3Problem.setWrapText(true);
        s3Problem.getStyleClass().add(atlantafx.base.theme.Styles.DANGER);
        s3Problem.setManaged(false);
        s3Problem.setVisible(false);
        restoreDownload.setId("restore-s3-restore");
        restoreDownload.disableProperty().bind(backups.disableProperty());
        restoreDownload.setVisible(false);
        restoreDownload.setManaged(false);
        Button refresh = Ui.button("List", Feather.REFRESH_CW, () -> listS3(true));
        refresh.setId("restore-s3-list");
        Label folderLabel = new Label("folder");
        folderLabel.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        refresh.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        s3Targets.setMaxWidth(280);
        HBox.setHgrow(s3Folder, Priority.ALWAYS);
        s3Folder.setMaxWidth(Double.MAX_VALUE);
        HBox where = new HBox(8, s3Targets, folderLabel, s3Folder, refresh);
        where.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        HBox chosen = new HBox(8, s3Backups, new VBox(8, download, restoreDownload));
        HBox.setHgrow(s3Backups, Priority.ALWAYS);
        fromS3.getChildren().setAll(Ui.wrapped(new Label("Or get a copy from S3: the bucket's backups of a folder, the newest chosen"), WIDTH),
                where, chosen,
                s3Problem);
        fromS3.setVisible(false);
        fromS3.setManaged(false);
        backups.setPlaceholder(new Label("Reading the backups on the node…"));
        identity.setId("restore-identity");
        identity.setPromptText("empty: this store's own backup key");
        result.setId("restore-result");
        result.setEditable(false);
        result.setWrapText(true);
        result.setPrefRowCount(4);
        verify.setId("restore-verify");
        restore.setId("restore-restore");
        cancel.setId("restore-cancel");
        progress.setId("restore-progress");
        step.setId("restore-step");
        progress.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(progress, Priority.ALWAYS);
        setBusy(false);
        verify.disableProperty().bind(backups.getSelectionModel().selectedItemProperty().isNull().or(backups.disableProperty()));
        restore.disableProperty().bind(verify.disableProperty());
        Label about = Ui.wrapped(Ui.muted(actions.about()), WIDTH);
        Label key = Ui.wrapped(new Label("Another age identity, only for backups made to another store's key (AGE-SECRET-KEY-…; it reaches"
                + " the node only on a program's standard input):"), WIDTH);
        oldVolumes.setId("restore-old-volumes");
        rows(oldVolumes, 2);
        oldVolumes.setPlaceholder(new Label("Reading the node's volumes…"));
        drop.setId("restore-drop");
        drop.disableProperty().bind(oldVolumes.getSelectionModel().selectedItemProperty().isNull().or(backups.disableProperty()));
        Label old = Ui.wrapped(new Label("Old volumes earlier restores kept (their data is not used; dropping one removes it for good):"),
                WIDTH);
        Label here = Ui.wrapped(new Label("Copies on this machine (pulled by the app or homeport backup pull), for when the node lost its"
                + " backups or the service moved: sent to its node and checked the same way."), WIDTH);
        VBox content = new VBox(8, about, backups, key, identity, new HBox(8, verify, restore, cancel, progress), step, result, here,
                new HBox(8, copies, restoreCopy), fromS3, old, new HBox(8, oldVolumes, drop));
        HBox.setHgrow(copies, Priority.ALWAYS);
        HBox.setHgrow(oldVolumes, Priority.ALWAYS);
        content.setPrefWidth(WIDTH);
        // Every section open, it is taller than a laptop's screen: it scrolls within the screen, its buttons always there.
        ScrollPane scroll = new ScrollPane(content);
        scroll.setId("restore-scroll");
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.setMaxHeight(Screen.getPrimary().getVisualBounds().getHeight() - SCREEN_MARGIN);
        dialog.getDialogPane().setContent(scroll);
        dialog.setResizable(true);
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.CLOSE);
        // A swap changed what the service mounts: its page is built again, so it shows the volume it uses now.
        dialog.setOnHidden(e -> {
            if (swapped) {
                model.reloadAfterOutsideChange();
            }
        });
    }

    /** Shows {@code rows} rows of {@code list}, each of one line, and scrolls for more. */
    private static void rows(ListView<?> list, int rows) {
        list.setFixedCellSize(ROW);
        list.setPrefHeight(rows * ROW + 2);
        list.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
    }

    static String describe(Restores.Entry entry) {
        String made = entry.manifest() == null ? "unreadable manifest"
                : entry.manifest().succeeded() ? entry.manifest().format() : "failed: " + entry.manifest().error();
        String mark = entry.mark() == null ? "never verified"
                : entry.verified() ? "✔ verified " + entry.mark().checked() : "✘ check failed " + entry.mark().checked();
        return entry.stamp() + " · " + made + " · " + mark;
    }

    private static ListCell<Restores.Entry> entryCell() {
        return new ListCell<>() {
            @Override
            protected void updateItem(Restores.Entry entry, boolean empty) {
                super.updateItem(entry, empty);
                setText(empty || entry == null ? null : describe(entry));
            }
        };
    }

    void show() {
        reload();
        dialog.show();
    }

    private void reload() {
        RestoreActions of = actions;
        model.tasks().run("Reading the backups of " + service.name(), () -> of.list(new FxPrompts(owner)))
                .onSuccess(entries -> {
                    backups.getItems().setAll(entries);
                    backups.setPlaceholder(new Label("No backups on the node."));
                })
                .onFailure(failure -> {
                    backups.getItems().clear();
                    backups.setPlaceholder(new Label("Cannot read the backups on the node: " + Dialogs.userMessage(failure)));
                })
                .start();
        model.tasks().run("Reading the copies of " + service.name() + "'s backups on this machine", () -> of.copiesHere())
                .onSuccess(entries -> {
                    copies.getItems().setAll(entries);
                    copies.setPlaceholder(new Label("No copies on this machine."));
                })
                .onFailure(failure -> {
                    copies.getItems().clear();
                    copies.setPlaceholder(new Label("Cannot read the copies on this machine: " + Dialogs.userMessage(failure)));
                })
                .start();
        model.tasks().run("Reading the S3 targets of " + service.name() + "'s organisation", () -> {
                    List<S3Target> targets = of.s3Targets();
                    String own;
                    try {
                        own = targets.isEmpty() ? null : of.s3Folder();
                    } catch (RuntimeException notDeployed) {
                        own = null; // no node to name: the folder is typed
                    }
                    return java.util.Map.entry(targets, java.util.Optional.ofNullable(own));
                })
                .onSuccess(read -> {
                    List<S3Target> targets = read.getKey();
                    ownFolder = read.getValue().orElse(null);
                    fillFolders();
                    S3Target chosen = s3Targets.getValue();
                    s3Targets.getItems().setAll(targets);
                    s3Targets.setValue(targets.contains(chosen) ? chosen : targets.isEmpty() ? null : targets.getFirst());
                    fromS3.setVisible(!targets.isEmpty());
                    fromS3.setManaged(!targets.isEmpty());
                    listS3(false);
                })
                .start();
        model.tasks().run("Reading the old volumes of " + service.name(), () -> of.oldVolumes(new FxPrompts(owner)))
                .onSuccess(volumes -> {
                    oldVolumes.getItems().setAll(volumes);
                    oldVolumes.setPlaceholder(new Label("None."));
                    oldVolumeNames = List.copyOf(volumes);
                    fillFolders();
                })
                .onFailure(failure -> oldVolumes.setPlaceholder(new Label("Cannot read the node's volumes: " + Dialogs.userMessage(failure))))
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
        RestoreActions of = actions;
        String stamp = backups.getSelectionModel().getSelectedItem().stamp();
        byte[] key = key();
        int work = busy("Verifying " + stamp + "…", actions.cancellable());
        track(model.tasks().reporting("Verifying backup " + stamp + " of " + service.name(),
                        log -> of.verify(stamp, keyOrStore(key), new FxPrompts(owner), log))
                .onSuccess(checked -> {
                    showResult(checked);
                    reload();
                })
                .onFailure(this::failed)
                .andFinally(() -> idle(work))
                .start());
    }

    private void restore() {
        RestoreActions of = actions;
        String stamp = backups.getSelectionModel().getSelectedItem().stamp();
        byte[] key = key();
        int work = busy("Restoring " + stamp + " and checking it…", actions.cancellable());
        track(model.tasks().reporting("Restoring backup " + stamp + " of " + service.name(),
                        log -> of.restore(stamp, keyOrStore(key), new FxPrompts(owner), log))
                .onSuccess(this::confirmSwap)
                .onFailure(this::failed)
                .andFinally(() -> idle(work))
                .start());
    }

    /** The folders offered: these backups' own, then each old volume's on the same node; the typed one is kept. */
    private void fillFolders() {
        if (ownFolder == null) {
            return;
        }
        String node = ownFolder.substring(0, ownFolder.indexOf('/'));
        List<String> folders = new java.util.ArrayList<>(List.of(ownFolder));
        oldVolumeNames.forEach(volume -> folders.add(node + "/" + volume));
        String typed = s3Folder.getValue();
        s3Folder.getItems().setAll(folders);
        s3Folder.setValue(typed == null || typed.isBlank() ? ownFolder : typed);
    }

    /** The chosen folder as a download names it: null for these backups' own (or none typed). */
    private String chosenFolder() {
        String folder = s3Folder.getValue();
        return folder == null || folder.isBlank() || folder.strip().equals(ownFolder) ? null : folder.strip();
    }

    /**
     * Lists the backups the chosen S3 target holds in the chosen folder, in the background (the node's rclone reads the
     * bucket); the newest is selected. {@code again}: even when that list is on screen already.
     */
    private void listS3(boolean again) {
        S3Target target = s3Targets.getValue();
        if (target == null) {
            return;
        }
        String folder = chosenFolder();
        String key = target.id() + " " + folder;
        if (!again && key.equals(listed)) {
            return;
        }
        listed = key;
        int mine = ++listing;
        RestoreActions of = actions;
        s3Backups.getItems().clear();
        s3Backups.setPlaceholder(new Label("Reading s3:" + target.name() + " through the node…"));
        s3Problem.setText("");
        s3Problem.setManaged(false);
        s3Problem.setVisible(false);
        model.tasks().run("Listing the backups of " + service.name() + " in s3:" + target.name(),
                        () -> of.s3Backups(target, folder, new FxPrompts(owner)))
                .onSuccess(found -> {
                    if (mine != listing) {
                        return;
                    }
                    s3Backups.getItems().setAll(found.backups());
                    s3Backups.setPlaceholder(new Label("No backup (a file with its manifest) in " + found.location() + "."));
                    if (!found.backups().isEmpty()) {
                        s3Backups.getSelectionModel().select(0);
                    }
                })
                .onFailure(failure -> {
                    if (mine != listing) {
                        return;
                    }
                    listed = null; // listed again when asked
                    s3Backups.setPlaceholder(new Label("Not listed."));
                    s3Problem.setText("Cannot list s3:" + target.name() + ": " + Dialogs.userMessage(failure));
                    s3Problem.setManaged(true);
                    s3Problem.setVisible(true);
                })
                .start();
    }

    /**
     * Downloads the chosen backup of the chosen S3 folder into the copies on this machine: one of these backups' own is then
     * among the copies above (Restore copy…); one of another folder is restored with Restore the download….
     */
    private void downloadFromS3() {
        RestoreActions of = actions;
        S3Target target = s3Targets.getValue();
        String folder = chosenFolder();
        String stamp = s3Backups.getSelectionModel().getSelectedItem().stamp();
        s3Problem.setText("");
        s3Problem.setManaged(false);
        s3Problem.setVisible(false);
        int work = busy("Downloading backup " + stamp + " from s3:" + target.name() + " through the node…", false);
        track(model.tasks().run("Downloading backup " + stamp + " of " + service.name() + " from s3:" + target.name(),
                        () -> of.downloadFromS3(target, folder, stamp, new FxPrompts(owner)))
                .onSuccess(got -> {
                    downloaded = folder == null ? null : got;
                    restoreDownload.setVisible(downloaded != null);
                    restoreDownload.setManaged(downloaded != null);
                    result.setText((got.alreadyHere() ? "Already on this machine, whole: backup " + got.stamp()
                            : "Downloaded backup " + got.stamp() + " from " + got.location() + ", checked by sha256 against its manifest")
                            + (got.verified() ? "; a restore check passed on it." : ".")
                            + (folder == null ? " Restore it with Restore copy…." : " It is in " + got.file() + "; restore it with Restore the download…."));
                    reload();
                })
                .onFailure(failure -> {
                    failed(failure);
                    s3Problem.setText("Not downloaded: " + Dialogs.userMessage(failure));
                    s3Problem.setManaged(true);
                    s3Problem.setVisible(true);
                })
                .andFinally(() -> idle(work))
                .start());
    }

    /** Restores the backup downloaded from another folder of the bucket, then asks as {@link #restore} does. */
    private void restoreDownload() {
        RestoreActions of = actions;
        var got = downloaded;
        byte[] key = key();
        int work = busy("Sending the download of " + got.stamp() + " to the node, restoring and checking it…", actions.cancellable());
        track(model.tasks().reporting("Restoring the downloaded backup " + got.stamp() + " of " + service.name(),
                        log -> of.restoreFile(got.file(), got.manifest(), keyOrStore(key), new FxPrompts(owner), log))
                .onSuccess(this::confirmSwap)
                .onFailure(this::failed)
                .andFinally(() -> idle(work))
                .start());
    }

    /** Restores the chosen copy on this machine, then asks as {@link #restore} does. */
    private void restoreCopy() {
        RestoreActions of = actions;
        Restores.Entry copy = copies.getSelectionModel().getSelectedItem();
        byte[] key = key();
        int work = busy("Sending the copy of " + copy.stamp() + " to the node, restoring and checking it…", actions.cancellable());
        track(model.tasks().reporting("Restoring the copy of backup " + copy.stamp() + " of " + service.name(),
                        log -> of.restoreCopy(copy, keyOrStore(key), new FxPrompts(owner), log))
                .onSuccess(this::confirmSwap)
                .onFailure(this::failed)
                .andFinally(() -> idle(work))
                .start());
    }

    /** The check's result is on screen before the question; a failed check asks nothing (its copy is already gone). */
    private void confirmSwap(RestoreActions.Checked checked) {
        RestoreActions of = actions;
        showResult(checked);
        reload();
        if (checked.kept() == null) {
            return;
        }
        boolean swap = Dialogs.confirmDanger(owner, "Swap in backup " + checked.stamp(),
                String.join("\n", checked.lines()) + "\n\n" + actions.swapQuestion(checked), "Swap in and redeploy");
        if (!swap) {
            model.tasks().run("Removing the restored copy", () -> of.discard(checked.kept(), new FxPrompts(owner)))
                    .onSuccess(done -> result.appendText("\nNot swapped in; the restored copy " + checked.kept() + " was removed."))
                    .onFailure(this::failed)
                    .start();
            return;
        }
        int work = busy("Swapping in " + checked.kept() + " and redeploying " + service.name() + "…", false);
        track(model.tasks().reporting("Swapping in backup " + checked.stamp() + " of " + service.name(), log -> {
                    String old = of.swap(checked, new FxPrompts(owner));
                    log.accept("Redeploying " + service.name() + " on " + checked.kept() + "…");
                    var deployed = model.homeport().deployService().deploy(service.id(), null, new FxPrompts(owner),
                            dev.homeport.ssh.deploy.DeployListener.NONE).await();
                    return new Swapped(old, deployed.state().name(), deployed.reason());
                })
                .onSuccess(done -> {
                    swapped = true;
                    actions = of.afterSwap(checked);
                    String text = "Redeployed on " + checked.kept() + " (" + done.state() + (done.reason() == null ? "" : ": " + done.reason())
                            + "). The old data is kept on volume " + done.old() + ".";
                    result.appendText("\n" + text);
                    model.notices().add(new Notice("Backup " + checked.stamp() + " restored", text, !"LIVE".equals(done.state())));
                    reload();
                })
                .onFailure(this::failed)
                .andFinally(() -> idle(work))
                .start());
    }

    private record Swapped(String old, String state, String reason) {
    }

    /** Drops the chosen old volume after a confirmation that names it; the node refuses one a running container uses. */
    private void drop() {
        RestoreActions of = actions;
        String volume = oldVolumes.getSelectionModel().getSelectedItem();
        boolean sure = Dialogs.confirmDanger(owner, "Drop the old volume " + volume,
                "The volume " + volume + " on " + service.name() + "'s node is removed, with the data it holds, for good. It is what "
                        + service.name() + " used before a restore; nothing uses it now.\n\nStopped containers of " + service.name()
                        + "'s releases from before the restore that mount it go with it (a rollback to one would bring the old data back)."
                        + " It is refused while a running container, or a container of another service, uses it.",
                "Drop " + volume);
        if (!sure) {
            return;
        }
        int work = busy("Dropping " + volume + "…", false);
        track(model.tasks().run("Dropping the old volume " + volume, () -> of.drop(volume, new FxPrompts(owner)))
                .onSuccess(releases -> {
                    result.setText("Dropped the old volume " + volume + (releases == 0 ? "." : ", and the " + releases
                            + " stopped release container(s) from before the restore that mounted it."));
                    reload();
                })
                .onFailure(this::failed)
                .andFinally(() -> idle(work))
                .start());
    }

    private void failed(Throwable failure) {
        result.setText(running != null && running.isCancelled() ? "Cancelled." : "Failed: " + Dialogs.userMessage(failure));
    }

    private void showResult(RestoreActions.Checked checked) {
        result.setText("Backup " + checked.stamp() + ":\n" + String.join("\n", checked.lines()));
    }

    private void track(Task<?> task) {
        running = task;
        step.textProperty().bind(task.messageProperty());
    }

    private void cancel() {
        if (running != null && running.cancel(true)) {
            result.setText("Cancelled: the scratch copy is being removed.");
        }
    }

    private int busy(String text, boolean cancellable) {
        result.setText(text);
        backups.setDisable(true);
        identity.setDisable(true);
        setBusy(true);
        cancel.setVisible(cancellable);
        cancel.setManaged(cancellable);
        return ++generation;
    }

    private void setBusy(boolean busy) {
        progress.setVisible(busy);
        step.setVisible(busy);
        step.setManaged(busy);
        if (!busy) {
            cancel.setVisible(false);
            cancel.setManaged(false);
        }
    }

    private void idle(int work) {
        if (work != generation) {
            return; // a later piece (the swap after a restore) is under way
        }
        backups.setDisable(false);
        identity.setDisable(false);
        setBusy(false);
        step.textProperty().unbind();
        step.setText("");
        running = null;
    }
}
