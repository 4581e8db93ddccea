package dev.homeport.app.desktop.nodes;

import atlantafx.base.theme.Styles;
import dev.homeport.app.desktop.FxPrompts;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.app.desktop.Ui;
import dev.homeport.model.WorkerNode;
import dev.homeport.ssh.provision.ProbeCheck;
import dev.homeport.ssh.provision.ProbeReport;
import dev.homeport.ssh.provision.ProvisionException;
import dev.homeport.ssh.provision.ProvisionListener;
import dev.homeport.ssh.provision.ProvisionOptions;
import dev.homeport.ssh.provision.ProvisionResult;
import dev.homeport.ssh.provision.Provisioner;
import dev.homeport.ssh.provision.StepResult;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.concurrent.Task;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;

/**
 * The Setup tab: the probe's checklist, each failing line with what to do next,
 * and Provision, which streams its steps and log here and can be cancelled.
 */
final class NodeSetupPane {
    private static final int LOG_LIMIT = 200_000;
    private final MainModel main;
    private final WorkerNode node;
    private final Supplier<Window> owner;
    private final Runnable changed;
    private final Button probe = Ui.button("Probe", Feather.SEARCH, this::probe);
    private final Button provision = Ui.button("Provision…", Feather.TOOL, this::provision, Styles.ACCENT);
    private final Button cancel = Ui.button("Cancel", Feather.X, this::cancel, Styles.DANGER, Styles.FLAT);
    private final Label status = new Label();
    private final GridPane checklist = new GridPane();
    private final TextArea log = new TextArea();
    private final VBox run = new VBox(8);
    private final AtomicReference<Provisioner> running = new AtomicReference<>();
    private Task<?> runningTask;

    NodeSetupPane(MainModel main, WorkerNode node, Supplier<Window> owner, Runnable changed) {
        this.main = main;
        this.node = node;
        this.owner = owner;
        this.changed = changed;
    }

    Node build() {
        probe.setId("probe-node");
        provision.setId("provision-node");
        cancel.setId("cancel-provision");
        cancel.setVisible(false);
        cancel.managedProperty().bind(cancel.visibleProperty());
        status.setId("setup-status");
        status.setWrapText(true);
        checklist.setId("probe-checklist");
        checklist.setHgap(12);
        checklist.setVgap(8);
        log.setId("provision-log");
        log.setEditable(false);
        log.setPrefRowCount(12);
        log.getStyleClass().add("monospace");
        run.getChildren().setAll(Ui.sectionTitle("Provisioning"), log);
        run.setVisible(false);
        run.setManaged(false);
        Label intro = Ui.muted("The probe looks at the node without changing it. Provision installs what is missing "
                + "(Docker Engine, Caddy, Netdata, the homeport network), changes nothing that is already right, "
                + "and never opens a port other than 80 and 443.");
        VBox body = NodePage.tabBody(NodePage.toolbar(probe, provision, cancel, status), intro, checklist, run);
        ScrollPane scroll = new ScrollPane(body);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add(Styles.BG_DEFAULT);
        status.setText("Probe to see what " + node.name() + " has and what it lacks.");
        return scroll;
    }

    private void busy(boolean working, String text) {
        probe.setDisable(working);
        provision.setDisable(working);
        status.setText(text);
        status.setGraphic(working ? spinner() : null);
    }

    private void probe() {
        busy(true, "Probing " + node.name() + "…");
        main.tasks().run("Probing " + node.name(), () -> main.homeport().nodeSetup().probe(node, new FxPrompts(owner)))
                .onSuccess(report -> {
                    busy(false, report.summary());
                    show(report);
                    changed.run();
                })
                .onFailure(failure -> busy(false, "The probe failed: " + NodeMessages.of(failure)))
                .start();
    }

    private void show(ProbeReport report) {
        checklist.getChildren().clear();
        int row = 0;
        for (ProbeCheck check : report.checks()) {
            Label mark = new Label(null, Ui.icon(switch (check.status()) {
                case OK -> Feather.CHECK_CIRCLE;
                case WARNING -> Feather.ALERT_TRIANGLE;
                case FAILED -> Feather.X_CIRCLE;
            }));
            mark.getStyleClass().add(switch (check.status()) {
                case OK -> Styles.SUCCESS;
                case WARNING -> Styles.WARNING;
                case FAILED -> Styles.DANGER;
            });
            Label label = new Label(check.label());
            label.getStyleClass().add(Styles.TEXT_BOLD);
            label.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            Label detail = new Label(check.detail());
            detail.setWrapText(true);
            VBox text = new VBox(2, detail);
            if (!check.nextAction().isEmpty()) {
                Label next = new Label("→ " + check.nextAction());
                next.setWrapText(true);
                next.getStyleClass().add(Styles.ACCENT);
                text.getChildren().add(next);
            }
            text.setId("check-" + check.id());
            GridPane.setHgrow(text, Priority.ALWAYS);
            checklist.addRow(row++, mark, label, text);
        }
    }

    private void provision() {
        Optional<ProvisionOptions> options = ProvisionDialog.ask(owner.get(), node.name());
        if (options.isEmpty()) {
            return;
        }
        log.clear();
        run.setVisible(true);
        run.setManaged(true);
        cancel.setVisible(true);
        busy(true, "Provisioning " + node.name() + "…");
        ProvisionListener listener = new ProvisionListener() {
            @Override
            public void stepStarted(String step, String title) {
                Platform.runLater(() -> {
                    status.setText(title + "…");
                    append("== " + title);
                });
            }

            @Override
            public void log(String step, String line) {
                Platform.runLater(() -> append(line));
            }

            @Override
            public void stepFinished(StepResult result) {
                Platform.runLater(() -> append("   " + result.line()));
            }
        };
        runningTask = main.tasks().run("Provisioning " + node.name(), () -> {
                    Provisioner provisioner = main.homeport().nodeSetup().provisioner(node, new FxPrompts(owner),
                            options.get().withAlerts(main.homeport().alertSettings().config()));
                    running.set(provisioner);
                    return main.homeport().nodeSetup().provision(node, provisioner, listener);
                })
                .onSuccess(this::finished)
                .onFailure(failure -> {
                    String text = failure instanceof ProvisionException stopped
                            ? "Stopped at " + stopped.step() + ": " + stopped.getMessage()
                            : "Provisioning failed: " + NodeMessages.of(failure);
                    append(text);
                    busy(false, text);
                })
                .andFinally(() -> {
                    running.set(null);
                    cancel.setVisible(false);
        cancel.managedProperty().bind(cancel.visibleProperty());
                    if (runningTask != null && runningTask.isCancelled()) {
                        busy(false, "Provisioning was cancelled; run it again to finish.");
                    }
                    runningTask = null;
                    changed.run();
                })
                .start();
    }

    private void finished(ProvisionResult result) {
        append("Done: " + result.summary());
        busy(false, "Provisioned: " + result.summary());
        show(result.after());
    }

    private void cancel() {
        Provisioner provisioner = running.get();
        if (provisioner != null) {
            provisioner.cancel();
        }
        if (runningTask != null) {
            runningTask.cancel();
        }
    }

    private void append(String line) {
        if (log.getLength() > LOG_LIMIT) {
            log.deleteText(0, log.getLength() - LOG_LIMIT / 2);
        }
        log.appendText(line + "\n");
    }

    private static ProgressIndicator spinner() {
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(16, 16);
        return spinner;
    }
}
