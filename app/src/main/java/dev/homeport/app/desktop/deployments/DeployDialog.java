package dev.homeport.app.desktop.deployments;

import atlantafx.base.controls.Message;
import atlantafx.base.theme.Styles;
import dev.homeport.app.desktop.Ui;
import dev.homeport.model.Deployment;
import dev.homeport.model.DeploymentState;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.event.ActionEvent;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Window;
import javafx.util.Subscription;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * Follows one deployment: its steps as they are reached, its live log, Cancel
 * while traffic has not moved yet, and how it ended. It does not block the main
 * window, and closing it leaves the deployment running; opening it again for the
 * same deployment brings the open one to the front.
 */
public final class DeployDialog {
    private static final String[] STEP_LOOKS = {"done", "current", "failed"};
    private final DeployWatch watch;
    private final Dialog<Void> dialog = new Dialog<>();
    private final List<Label> steps = new ArrayList<>();
    private final Label status = new Label();
    private final TextArea log = new TextArea();
    private final Label dropped = new Label();
    private final Message result = new Message();
    private final ButtonType cancelType = new ButtonType("Cancel deployment", ButtonBar.ButtonData.LEFT);
    private Subscription subscriptions = Subscription.EMPTY;

    private DeployDialog(DeployWatch watch, Window owner) {
        this.watch = watch;
        dialog.initOwner(owner);
        dialog.initModality(Modality.NONE);
        dialog.setResizable(true);
        dialog.setTitle((watch.rollback() ? "Rolling back " : "Deploying ") + watch.path());
        dialog.getDialogPane().getStylesheets().add(Ui.stylesheet());
        dialog.getDialogPane().setId("deploy-dialog");
        dialog.getDialogPane().setUserData(watch);
        dialog.getDialogPane().setHeaderText(dialog.getTitle());
        dialog.getDialogPane().getButtonTypes().addAll(cancelType, ButtonType.CLOSE);
        dialog.getDialogPane().setContent(content());
        Button cancel = (Button) dialog.getDialogPane().lookupButton(cancelType);
        cancel.setId("cancel-deployment");
        cancel.getStyleClass().add(Styles.DANGER);
        // The cancel button cancels the deployment, not the dialog.
        cancel.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume();
            watch.cancel();
        });
        cancel.disableProperty().bind(watch.cancellableProperty().not());
        follow();
        dialog.setOnHidden(e -> subscriptions.unsubscribe());
    }

    /** Shows the dialog of {@code watch}: the one already open, or a new one. FX thread. */
    public static void show(DeployWatch watch, Window owner) {
        for (Window window : Window.getWindows()) {
            Node pane = window.isShowing() && window.getScene() != null ? window.getScene().lookup("#deploy-dialog") : null;
            if (pane != null && pane.getUserData() == watch) {
                window.requestFocus();
                if (window instanceof javafx.stage.Stage stage) {
                    stage.toFront();
                }
                return;
            }
        }
        new DeployDialog(watch, owner).dialog.show();
    }

    private Node content() {
        HBox stepRow = new HBox(6);
        stepRow.setId("deploy-steps");
        stepRow.setAlignment(Pos.CENTER_LEFT);
        for (DeploymentState state : DeployWatch.STEPS) {
            if (!steps.isEmpty()) {
                FontIcon arrow = Ui.icon(Feather.CHEVRON_RIGHT);
                arrow.getStyleClass().add("deploy-step-arrow");
                stepRow.getChildren().add(arrow);
            }
            Label step = new Label(switch (state) {
                case QUEUED -> "Queued";
                case PREPARING -> "Preparing";
                case STARTING -> "Starting";
                case HEALTH_CHECKING -> "Health check";
                case ROUTING -> "Routing";
                default -> "Live";
            });
            step.setId("step-" + state.name());
            step.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            step.getStyleClass().add("deploy-step");
            steps.add(step);
            stepRow.getChildren().add(step);
        }
        status.setId("deploy-status");
        status.getStyleClass().add(Styles.TEXT_BOLD);
        log.setId("deploy-log");
        log.setEditable(false);
        log.setWrapText(true);
        log.getStyleClass().add("monospace");
        VBox.setVgrow(log, Priority.ALWAYS);
        dropped.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        dropped.managedProperty().bind(dropped.visibleProperty());
        result.setId("deploy-result");
        result.managedProperty().bind(result.visibleProperty());
        result.setVisible(false);
        status.managedProperty().bind(status.visibleProperty());
        VBox box = new VBox(12, stepRow, status, log, dropped, result);
        dialog.getDialogPane().getStyleClass().add("wide-dialog");
        dialog.getDialogPane().setPrefSize(900, 640);
        dialog.getDialogPane().setMinSize(640, 420);
        return box;
    }

    private void follow() {
        log.setText(String.join("\n", watch.log()) + (watch.log().isEmpty() ? "" : "\n"));
        log.positionCaret(log.getLength());
        ListChangeListener<String> lines = this::lines;
        watch.log().addListener(lines);
        subscriptions = Subscription.combine(
                () -> watch.log().removeListener(lines),
                watch.stepProperty().subscribe(reached -> showSteps()),
                watch.endedProperty().subscribe(ended -> showSteps()),
                watch.statusProperty().subscribe(text -> showStatus()),
                watch.endedProperty().subscribe(ended -> showStatus()),
                watch.deploymentProperty().subscribe(this::showHeader),
                watch.droppedProperty().subscribe(count -> {
                    dropped.setVisible(count.intValue() > 0);
                    dropped.setText(count + " earlier lines are not shown here; the service's Deployments tab has the whole log.");
                }),
                watch.endedProperty().subscribe(this::showResult));
    }

    /** Appends new lines, and drops from the top what the watch dropped; follows the end unless the user moved the caret away. */
    private void lines(ListChangeListener.Change<? extends String> change) {
        boolean atEnd = log.getCaretPosition() >= log.getLength() - 1;
        StringBuilder added = new StringBuilder();
        int removedChars = 0;
        while (change.next()) {
            for (String line : change.getRemoved()) {
                removedChars += line.length() + 1;
            }
            for (String line : change.getAddedSubList()) {
                added.append(line).append('\n');
            }
        }
        if (removedChars > 0) {
            log.deleteText(0, Math.min(removedChars, log.getLength()));
        }
        if (!added.isEmpty()) {
            log.appendText(added.toString());
        }
        if (atEnd) {
            log.positionCaret(log.getLength());
            log.setScrollTop(Double.MAX_VALUE);
        }
    }

    private void showHeader(Deployment deployment) {
        if (deployment != null) {
            dialog.getDialogPane().setHeaderText((watch.rollback() ? "Rolling back " : "Deploying ") + watch.path()
                    + " · deployment #" + deployment.id());
        }
    }

    private void showStatus() {
        status.setText(watch.statusProperty().get());
        // At the end the result says it, with the reason.
        status.setVisible(!watch.isEnded());
        if (watch.isEnded()) {
            status.setGraphic(null);
        } else if (status.getGraphic() == null) {
            ProgressIndicator spinner = new ProgressIndicator();
            spinner.setPrefSize(16, 16);
            status.setGraphic(spinner);
        }
    }

    private void showSteps() {
        DeploymentState reached = watch.stepProperty().get();
        DeploymentState end = watch.endState();
        int at = reached == null ? -1 : DeployWatch.STEPS.indexOf(reached);
        for (int i = 0; i < steps.size(); i++) {
            Label step = steps.get(i);
            String look;
            if (end == DeploymentState.LIVE || i < at || i == at && DeployWatch.STEPS.get(i) == DeploymentState.LIVE) {
                look = "done";
            } else if (i == at) {
                look = end == null ? "current" : "failed";
            } else {
                look = null;
            }
            step.getStyleClass().removeAll(STEP_LOOKS);
            if (look != null) {
                step.getStyleClass().add(look);
            }
            step.setGraphic(Ui.icon(switch (look == null ? "" : look) {
                case "done" -> Feather.CHECK_CIRCLE;
                case "current" -> Feather.LOADER;
                case "failed" -> Feather.X_CIRCLE;
                default -> Feather.CIRCLE;
            }));
        }
    }

    private void showResult(boolean ended) {
        if (!ended) {
            return;
        }
        boolean live = watch.endState() == DeploymentState.LIVE;
        result.getStyleClass().removeAll(Styles.SUCCESS, Styles.DANGER, Styles.WARNING);
        result.getStyleClass().add(live ? Styles.SUCCESS : watch.endState() == DeploymentState.INTERRUPTED ? Styles.WARNING : Styles.DANGER);
        result.setGraphic(Ui.icon(live ? Feather.CHECK_CIRCLE : Feather.ALERT_OCTAGON));
        result.setTitle(live ? "Live" : watch.statusProperty().get());
        result.setDescription(watch.outcomeProperty().get());
        result.setVisible(true);
    }
}
