package dev.homeport.app.desktop.inventory;

import atlantafx.base.theme.Styles;
import dev.homeport.app.desktop.Dialogs;
import dev.homeport.app.desktop.FxPrompts;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.app.desktop.Ui;
import dev.homeport.model.S3Target;
import dev.homeport.model.Service;
import dev.homeport.model.inventory.Level;
import dev.homeport.model.inventory.Ref;
import dev.homeport.ssh.backup.BackupService;
import dev.homeport.ssh.backup.BackupSubject;
import dev.homeport.ssh.backup.PushWatch;
import dev.homeport.ssh.transport.Prompts;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;

/**
 * "Push copies…" of a database's or a named volume's Backups section: {@code homeport backup push SUBJECT [--to NODE|s3:NAME]}.
 * The target is the schedule's copy target, another Worker Node of the organisation, or one of its S3 targets (the choices
 * "Copy to" offers); what goes is every good backup the target lacks, or one chosen by its stamp ({@code --stamp}); "Keep
 * every copy there" prunes nothing this time ({@code --keep-copies}). The push runs in the background through {@link BackupService#push} or {@link BackupService#pushToS3},
 * with the backup under way and its bytes shown, and a Cancel (to a node it stops the file being streamed; to S3 it stops
 * before the next backup, the node's rclone uploading a file whole). What was pushed is told with the command line's text
 * ({@link BackupService.Pushed#summary}, {@link BackupService#prunedText}).
 */
final class PushCopiesDialog {
    private final MainModel model;
    private final Service service;
    private final BackupSubject subject;
    private final Window owner;
    private final Dialog<Void> dialog = new Dialog<>();
    private final ComboBox<String> target = new ComboBox<>();
    /** Every backup the target lacks (the first choice), or one backup by its stamp. */
    private final ComboBox<String> which = new ComboBox<>();
    private final CheckBox keep = new CheckBox("Keep every copy there this time (prune none, as --keep-copies)");
    private final Label schedules = Ui.muted("Reading where the backups may be copied…");
    private final Button push = Ui.button("Push", Feather.UPLOAD_CLOUD, this::push);
    private final Button cancel = Ui.button("Cancel", Feather.X_CIRCLE, this::cancel);
    private final ProgressBar progress = new ProgressBar(ProgressBar.INDETERMINATE_PROGRESS);
    private final Label step = new Label();
    private final TextArea result = new TextArea();
    /** Set by Cancel, read by the push's thread between chunks and backups. */
    private volatile AtomicBoolean cancelled = new AtomicBoolean();

    private static final String EVERY = "every backup it lacks";

    /** {@code stamps}: the subject's good backups on its node, newest first, one of which may be pushed alone. */
    PushCopiesDialog(MainModel model, Service service, BackupSubject subject, List<String> stamps, Window owner) {
        this.model = model;
        this.service = service;
        this.subject = subject;
        this.owner = owner;
        String what = service.name() + (subject.isVolume() ? "'s volume " + subject.volume() : "");
        dialog.initOwner(owner);
        dialog.setTitle("Push copies of " + what);
        dialog.setHeaderText("Push copies of the backups of " + what);
        dialog.getDialogPane().setId("push-dialog");
        target.setId("push-target");
        target.setPrefWidth(260);
        which.setId("push-which");
        which.getItems().add(EVERY);
        which.getItems().addAll(stamps);
        which.setValue(EVERY);
        keep.setId("push-keep");
        schedules.setId("push-schedule");
        push.setId("push-start");
        push.setDefaultButton(false);
        cancel.setId("push-cancel");
        progress.setId("push-progress");
        progress.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(progress, Priority.ALWAYS);
        step.setId("push-step");
        result.setId("push-result");
        result.setEditable(false);
        result.setWrapText(true);
        result.setPrefRowCount(4);
        push.disableProperty().bind(target.valueProperty().isNull());
        setBusy(false);
        Label about = Ui.muted("Every good backup the target lacks goes with its manifest: to a Worker Node streamed by SFTP through this"
                + " machine and named only once the target's sha256 is the manifest's; to an S3 target uploaded by the node's rclone,"
                + " checked by size and MD5. Then the copies there follow the schedule's retention, unless it keeps copies forever."
                + " The same as homeport backup push.");
        about.setWrapText(true);
        about.setMaxWidth(600);
        HBox to = new HBox(8, new Label("Copy to"), target, push, cancel);
        to.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        HBox backups = new HBox(8, new Label("Copy"), which);
        backups.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        VBox content = new VBox(8, about, to, backups, keep, schedules, new HBox(8, progress), step, result);
        content.setPrefWidth(620);
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.CLOSE);
        // Closing the dialog while a push runs stops it as Cancel does (what was copied stays, whole).
        dialog.setOnHidden(e -> cancelled.set(true));
    }

    void show() {
        model.tasks().run("Reading where " + service.name() + subject.suffix() + "'s backups may be copied",
                        () -> BackupsPane.copyChoices(model, service, subject))
                .onSuccess(choices -> {
                    target.getItems().setAll(choices.targets());
                    String scheduled = choices.scheduled();
                    target.setValue(scheduled != null ? scheduled : choices.targets().isEmpty() ? null : choices.targets().getFirst());
                    schedules.setText(scheduled != null ? "The schedule copies to " + scheduled + "."
                            : choices.targets().isEmpty() ? "There is no other Worker Node and no S3 target to copy to (Settings → S3 targets)."
                            : "The schedule copies nowhere: choose where to push.");
                })
                .onFailure(failure -> schedules.setText("No copy target to offer: " + Dialogs.userMessage(failure)))
                .start();
        dialog.show();
    }

    private void push() {
        String to = target.getValue();
        String stamp = EVERY.equals(which.getValue()) ? null : which.getValue();
        boolean prune = !keep.isSelected();
        AtomicBoolean stop = new AtomicBoolean();
        cancelled = stop;
        boolean s3 = to.startsWith(BackupService.S3_PREFIX);
        result.setText("Pushing to " + to + "…");
        setBusy(true);
        cancel.setTooltip(new javafx.scene.control.Tooltip(s3 ? "Stops before the next backup: the node's rclone uploads the one under way whole"
                : "Stops the file being streamed (its temporary file on the target is removed); the backups copied before stay"));
        Prompts prompts = new FxPrompts(owner);
        model.tasks().reporting("Pushing copies of " + service.name() + subject.suffix() + " to " + to, log -> {
                    BackupService backups = model.homeport().backupService();
                    String label = model.homeport().inventory().pathOf(new Ref(Level.SERVICE, service.id())) + subject.suffix();
                    PushWatch watch = new Watch(log, stop, this::showProgress);
                    BackupService.Pushed pushed;
                    if (s3) {
                        S3Target bucket = backups.s3CopyTarget(subject, to.substring(BackupService.S3_PREFIX.length()));
                        pushed = backups.pushToS3(subject, bucket, model.homeport().inventory().s3Targets().secretKey(bucket), stamp, prune,
                                prompts, watch);
                    } else {
                        pushed = backups.push(subject, backups.copyTarget(subject, to), stamp, prune, prompts, watch);
                    }
                    StringBuilder text = new StringBuilder(pushed.summary(label)).append("; ")
                            .append(backups.prunedText(subject, pushed.pruned(), pushed.keptBecause())).append('.');
                    pushed.problems().forEach(problem -> text.append("\nNot copied: ").append(problem));
                    return text.toString();
                })
                .onSuccess(result::setText)
                .onFailure(failure -> result.setText(failure instanceof CancellationException ? "Cancelled. " + failure.getMessage()
                        : "Not pushed: " + Dialogs.userMessage(failure)))
                .andFinally(() -> setBusy(false))
                .start();
    }

    private void cancel() {
        cancelled.set(true);
        step.setText("Cancelling…");
    }

    private void showProgress(double fraction) {
        progress.setProgress(fraction);
    }

    private void setBusy(boolean busy) {
        target.setDisable(busy);
        which.setDisable(busy);
        keep.setDisable(busy);
        push.visibleProperty().set(!busy);
        push.setManaged(!busy);
        cancel.setVisible(busy);
        cancel.setManaged(busy);
        progress.setVisible(busy);
        progress.setProgress(ProgressBar.INDETERMINATE_PROGRESS);
        step.setVisible(busy);
        step.setManaged(busy);
        if (!busy) {
            step.setText("");
        }
    }

    /**
     * The push's progress: each backup as it starts, and its bytes (at most ten times a second), as the task's message and
     * the bar; a cancel read from {@code stop}.
     */
    private static final class Watch implements PushWatch {
        private final Consumer<String> log;
        private final AtomicBoolean stop;
        private final java.util.function.DoubleConsumer bar;
        private volatile String backup = "";
        private volatile long told;

        Watch(Consumer<String> log, AtomicBoolean stop, java.util.function.DoubleConsumer bar) {
            this.log = log;
            this.stop = stop;
            this.bar = bar;
        }

        @Override
        public void backup(String stamp, int index, int count) {
            backup = "Copying " + stamp + " (" + index + " of " + count + ")";
            log.accept(backup + "…");
            Platform.runLater(() -> bar.accept(ProgressBar.INDETERMINATE_PROGRESS));
        }

        @Override
        public void update(long done, long total, String file) {
            long now = System.nanoTime();
            if (now - told < 100_000_000L && done < total) {
                return;
            }
            told = now;
            log.accept(backup + ": " + mib(done) + " of " + mib(total));
            double fraction = total <= 0 ? ProgressBar.INDETERMINATE_PROGRESS : (double) done / total;
            Platform.runLater(() -> bar.accept(fraction));
        }

        @Override
        public boolean cancelled() {
            return stop.get();
        }

        private static String mib(long bytes) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
        }
    }
}
