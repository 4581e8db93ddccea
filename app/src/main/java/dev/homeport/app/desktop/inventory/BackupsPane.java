package dev.homeport.app.desktop.inventory;

import atlantafx.base.theme.Styles;
import dev.homeport.app.desktop.Dialogs;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.app.desktop.Ui;
import dev.homeport.model.BackupSchedule;
import dev.homeport.model.Service;
import dev.homeport.ssh.backup.BackupHealth;
import dev.homeport.ssh.backup.BackupRun;
import dev.homeport.ssh.backup.BackupService;
import dev.homeport.ssh.backup.BackupSubject;
import dev.homeport.ssh.transport.Prompts;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import javafx.collections.FXCollections;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * A database's backups, or a service's named volume's, on its Settings tab: how they stand (a failed, late or
 * missed backup in red), the runs its node recorded, "Back up now", "Copy to this machine" ({@code backup pull}), "Push copies…"
 * ({@code backup push}, {@link PushCopiesDialog}), and
 * the schedule; for a volume, whether the service is stopped during the tar. Every read and change runs in the
 * background through the same {@link BackupService} the command line uses.
 */
final class BackupsPane {
    private final MainModel model;
    private final Service service;
    private final BackupSubject subject;
    /** The prefix of the controls' ids: {@code backups} for a database, {@code volume-backups-<volume>} for a volume. */
    private final String ids;
    private final CheckBox stop = new CheckBox("Stop the service during the backup");
    private final VBox box = new VBox(8);
    private final Label state = new Label("Reading the node's backup records…");
    private final Label scheduleText = Ui.muted("");
    private final TableView<BackupRun> runs = new TableView<>();
    private final ComboBox<String> every = new ComboBox<>(FXCollections.observableArrayList("off", "hourly", "daily"));
    private final TextField at = new TextField();
    private final Spinner<Integer> keep = new Spinner<>(1, 10_000, BackupSchedule.DEFAULT_KEEP_COUNT);
    private final Spinner<Integer> maxAge = new Spinner<>(1, 3650, BackupSchedule.DEFAULT_KEEP_DAYS);
    private final Button now = Ui.button("Back up now", Feather.DOWNLOAD_CLOUD, this::backUpNow);
    private final Button save = Ui.button("Save schedule", Feather.CLOCK, this::saveSchedule);
    /** {@code homeport backup pull}: copies the node's backups this machine lacks into the data folder's database-backups. */
    private final Button pull = Ui.button("Copy to this machine", Feather.DOWNLOAD, this::pull);
    private final Label pulled = Ui.muted("");
    /** {@code homeport backup push}: copies the backups to the schedule's copy target or another, in a dialog. */
    private final Button push = Ui.button("Push copies…", Feather.UPLOAD_CLOUD, this::openPush);
    /** "Copy to": another Worker Node the backups are pushed to, one of the organisation's S3 targets (s3:NAME), or {@link #NO_COPY}. */
    private static final String NO_COPY = "no copy";
    private final ComboBox<String> copyTo = new ComboBox<>(FXCollections.observableArrayList(NO_COPY));
    /** The schedule keeps its copies (here, on the copy node, in the bucket) forever instead of pruning them to its retention. */
    private final CheckBox keepCopies = new CheckBox("Keep copies forever");

    BackupsPane(MainModel model, Service service) {
        this(model, service, BackupSubject.database(service.id()));
    }

    BackupsPane(MainModel model, Service service, BackupSubject subject) {
        this.model = model;
        this.service = service;
        this.subject = subject;
        this.ids = subject.isVolume() ? "volume-backups-" + subject.volume() : "backups";
    }

    Node build() {
        box.setId(ids + "-pane");
        state.setId(ids + "-state");
        scheduleText.setId(ids + "-schedule");
        state.setWrapText(true);
        now.setId(ids + "-now");
        pull.setId(ids + "-pull");
        pulled.setId(ids + "-pulled");
        push.setId(ids + "-push");
        push.setTooltip(new javafx.scene.control.Tooltip("Copy the backups the schedule's copy target, or another node or S3 target,"
                + " lacks to it now (homeport backup push)"));
        pull.setTooltip(new javafx.scene.control.Tooltip("Copy the backups this machine lacks from the node by SFTP, each checked"
                + " against its sha256; they stay encrypted. The open app does it by itself for a scheduled backup"));
        save.setId(ids + "-save");
        every.setId(ids + "-every");
        at.setId(ids + "-at");
        stop.setId(ids + "-stop");
        copyTo.setId(ids + "-copy-to");
        copyTo.getSelectionModel().select(NO_COPY);
        copyTo.setTooltip(new javafx.scene.control.Tooltip("Copy each backup to this other Worker Node (over SFTP) or to an S3 target"
                + " (s3:NAME, uploaded by the node's rclone; Settings → S3 targets), while the app runs; homeport backup push does it on demand"));
        keepCopies.setId(ids + "-keep-copies");
        keepCopies.setTooltip(new javafx.scene.control.Tooltip("Never prune the copies pulled to this machine, pushed to the copy node"
                + " or uploaded to the S3 target. Unticked, they keep what the schedule keeps (the newest N, for so many days),"
                + " as the node does"));
        at.setPromptText("03:00 or :15");
        at.setPrefColumnCount(6);
        keep.setEditable(true);
        keep.setPrefWidth(90);
        maxAge.setEditable(true);
        maxAge.setPrefWidth(90);
        every.getSelectionModel().select("off");
        runs.setId(ids + "-runs");
        runs.setPrefHeight(180);
        runs.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        var started = Ui.<BackupRun>column("Started", run -> run.started().toString());
        started.setPrefWidth(190);
        var status = Ui.<BackupRun>column("Status", run -> run.manifest().status());
        status.setPrefWidth(70);
        var trigger = Ui.<BackupRun>column("Trigger", run -> run.manifest().trigger() == null ? "-" : run.manifest().trigger());
        trigger.setPrefWidth(90);
        var size = Ui.<BackupRun>column("Size", run -> run.manifest().bytes() == null ? "-" : size(run.manifest().bytes()));
        size.setPrefWidth(80);
        var columns = new java.util.ArrayList<javafx.scene.control.TableColumn<BackupRun, ?>>(java.util.List.of(started, status, trigger, size));
        if (subject.isVolume()) {
            var files = Ui.<BackupRun>column("Files", run -> run.manifest().files() == null ? "-" : run.manifest().files().toString());
            files.setPrefWidth(60);
            var stopped = Ui.<BackupRun>column("Service", run -> Boolean.TRUE.equals(run.manifest().stopped()) ? "stopped" : "running");
            stopped.setPrefWidth(70);
            columns.addAll(java.util.List.of(files, stopped));
        }
        columns.add(Ui.column("File or error", run -> run.succeeded() ? run.manifest().file() : run.manifest().error()));
        runs.getColumns().setAll(columns);
        runs.setPlaceholder(Ui.muted("No backup yet."));
        Label title = new Label(subject.isVolume() ? "Backups of volume " + subject.volume() : "Backups");
        title.getStyleClass().add(Styles.TITLE_4);
        HBox times = new HBox(8, new Label("Every"), every, new Label("at"), at, new Label("keep"), keep, new Label("days"), maxAge);
        times.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        HBox copies = new HBox(8, new Label("Copy to"), copyTo, keepCopies, save);
        copies.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        javafx.scene.layout.VBox schedule = new javafx.scene.layout.VBox(8, times, copies);
        if (subject.isVolume()) {
            box.getChildren().setAll(title, state, scheduleText, new HBox(8, now, stop, pull, push), pulled, runs, schedule,
                    Ui.muted("A tar of the volume, made on the node by its cron, so they run while this machine is off; compressed and"
                            + " encrypted with age as it is read, to a key only this vault holds. Without \"Stop the service\" (it applies to"
                            + " Back up now and to the schedule) the volume is copied while the service runs, and a file it writes"
                            + " meanwhile may be copied half-written. Restore… below verifies or restores one."
                            + " Times are the node's."));
        } else {
            box.getChildren().setAll(title, state, scheduleText, new HBox(8, now, pull, push), pulled, runs, schedule,
                    Ui.muted("Made on the node by its cron, so they run while this machine is off; encrypted with age in the database's"
                            + " container to a key only this vault holds. Times are the node's."));
        }
        read();
        return box;
    }

    private void read() {
        model.tasks().run("Reading " + service.name() + subject.suffix() + "'s backups",
                        () -> model.homeport().backupService().report(subject, Prompts.NONE))
                .onSuccess(this::show)
                .onFailure(failure -> {
                    state.setText("The node's backup records could not be read: " + Dialogs.userMessage(failure));
                    state.getStyleClass().setAll("label", Styles.DANGER);
                })
                .start();
        model.tasks().run("Reading where " + service.name() + subject.suffix() + "'s backups may be copied",
                        () -> copyChoices(model, service, subject))
                .onSuccess(choices -> {
                    java.util.List<String> names = new java.util.ArrayList<>(java.util.List.of(NO_COPY));
                    names.addAll(choices.targets());
                    copyTo.getItems().setAll(names);
                    copyTo.getSelectionModel().select(choices.scheduled() == null ? NO_COPY : choices.scheduled());
                })
                // Not deployed, say: the list stays "no copy" (saving a schedule says why it cannot be set).
                .onFailure(failure -> copyTo.setTooltip(new javafx.scene.control.Tooltip("No copy target to offer: "
                        + Dialogs.userMessage(failure))))
                .start();
    }

    /** Where a subject's backups may be copied ({@code NODE} or {@code s3:NAME}), and where its schedule copies them (null: nowhere). */
    record CopyChoices(java.util.List<String> targets, String scheduled) {
    }

    /**
     * The other Worker Nodes and the organisation's S3 targets a subject's backups may be copied to, and its schedule's copy
     * target; blocking (reads the store; fails when the service is not deployed, having no node).
     */
    static CopyChoices copyChoices(MainModel model, Service service, BackupSubject subject) {
        BackupService backups = model.homeport().backupService();
        long source = model.homeport().deployService().dataNode(service.id()).id();
        java.util.List<String> names = new java.util.ArrayList<>();
        model.homeport().nodes().nodes().stream().filter(n -> n.id() != source).forEach(n -> names.add(n.name()));
        backups.s3Targets(subject).forEach(t -> names.add(BackupService.S3_PREFIX + t.name()));
        return new CopyChoices(names, backups.copyLabel(subject).orElse(null));
    }

    private void show(BackupService.Report report) {
        BackupHealth health = report.health();
        state.setText(health.state().name().charAt(0) + health.state().name().substring(1).toLowerCase(Locale.ROOT) + ": " + health.detail());
        state.getStyleClass().setAll("label", health.bad() ? Styles.DANGER : health.state() == BackupHealth.State.OK ? Styles.SUCCESS : Styles.TEXT_MUTED);
        scheduleText.setText(report.schedule().map(s -> "Schedule: " + s.describe()).orElse("No schedule: backups run only when asked."));
        report.schedule().ifPresent(s -> {
            every.getSelectionModel().select(s.every().name().toLowerCase(Locale.ROOT));
            at.setText(s.every() == BackupSchedule.Every.HOURLY ? String.format(Locale.ROOT, ":%02d", s.minute())
                    : String.format(Locale.ROOT, "%02d:%02d", s.hour(), s.minute()));
            keep.getValueFactory().setValue(s.keepCount());
            maxAge.getValueFactory().setValue(s.keepDays());
            stop.setSelected(s.stopService());
            keepCopies.setSelected(s.keepCopies());
        });
        runs.getItems().setAll(report.runs());
    }

    private void backUpNow() {
        now.setDisable(true);
        state.setText("Backing up on the node…");
        state.getStyleClass().setAll("label", Styles.TEXT_MUTED);
        boolean stopping = subject.isVolume() && stop.isSelected();
        model.tasks().run("Backing up " + service.name() + subject.suffix(),
                        () -> model.homeport().backupService().now(subject, stopping, Prompts.NONE))
                .onSuccess(run -> {
                    read();
                    model.backupWatch().checkNow(); // the node's page and the notices follow
                })
                .onFailure(failure -> Dialogs.error(box.getScene().getWindow(), "The backup could not run", failure))
                .andFinally(() -> now.setDisable(false))
                .start();
    }

    private void openPush() {
        List<String> good = runs.getItems().stream().filter(BackupRun::succeeded).map(BackupRun::stamp)
                .sorted(java.util.Comparator.reverseOrder()).toList();
        new PushCopiesDialog(model, service, subject, good, box.getScene().getWindow()).show();
    }

    private void pull() {
        pull.setDisable(true);
        pulled.setText("Copying to this machine…");
        model.tasks().run("Copying " + service.name() + subject.suffix() + "'s backups to this machine",
                        () -> model.homeport().backupService().pull(subject, model.homeport().databaseBackupFolder(), true, Prompts.NONE))
                .onSuccess(done -> pulled.setText((done.files().isEmpty() ? "Nothing new to copy" : done.files().size()
                        + (done.files().size() == 1 ? " backup" : " backups") + " copied") + " into " + done.folder()
                        + (done.keptBecause() != null ? "; old copies " + done.keptBecause()
                        : done.pruned().isEmpty() ? "" : "; " + done.pruned().size() + " old copies pruned, as the schedule keeps") + "."))
                .onFailure(failure -> {
                    pulled.setText("");
                    Dialogs.error(box.getScene().getWindow(), "The backups could not be copied", failure);
                })
                .andFinally(() -> pull.setDisable(false))
                .start();
    }

    private void saveSchedule() {
        String choice = every.getValue();
        BackupSchedule schedule;
        try {
            BackupSchedule parsed = "off".equals(choice) ? null
                    : BackupSchedule.parse(service.id(), choice, at.getText(), keep.getValue(), maxAge.getValue(), null, Instant.now());
            BackupSchedule chosen = parsed == null || !subject.isVolume() ? parsed : parsed.forVolume(subject.volume(), stop.isSelected());
            schedule = chosen == null ? null : chosen.keepingCopies(keepCopies.isSelected());
        } catch (IllegalArgumentException invalid) {
            Dialogs.error(box.getScene().getWindow(), "The schedule is not valid", invalid.getMessage());
            return;
        }
        save.setDisable(true);
        String copyName = copyTo.getValue();
        model.tasks().run("Saving " + service.name() + "'s backup schedule", () -> {
                    BackupService backups = model.homeport().backupService();
                    if (schedule == null) {
                        backups.unschedule(subject, Prompts.NONE);
                    } else {
                        backups.schedule(backups.copiedTo(schedule, subject, copyName == null || NO_COPY.equals(copyName) ? null
                                : copyName), Prompts.NONE);
                    }
                    return null;
                })
                .onSuccess(done -> {
                    read();
                    model.backupWatch().checkNow();
                })
                .onFailure(failure -> Dialogs.error(box.getScene().getWindow(), "The schedule could not be saved", failure))
                .andFinally(() -> save.setDisable(false))
                .start();
    }

    private static String size(long bytes) {
        return bytes < 1024 ? bytes + " B" : bytes < 1 << 20 ? String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0)
                : String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
