package dev.homeport.app.desktop.clusters;

import atlantafx.base.controls.Message;
import atlantafx.base.theme.Styles;
import dev.homeport.app.desktop.Ui;
import javafx.event.ActionEvent;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextArea;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;

/**
 * Follows one change to an environment's nodes (attaching or detaching one): its progress
 * lines as they come, Cancel while the change can still be cancelled, and how it ended. It
 * does not block the main window, and closing it leaves the change running (the status bar
 * still lists it). Every method runs on the FX thread.
 */
final class ClusterChangeDialog {
    private final Dialog<Void> dialog = new Dialog<>();
    private final Label status = new Label();
    private final TextArea log = new TextArea();
    private final Message result = new Message();
    private final ButtonType cancelType = new ButtonType("Cancel", ButtonBar.ButtonData.LEFT);
    private boolean ended;

    /** {@code cancel} is what Cancel does; null for a change that cannot be cancelled (the dialog then has no Cancel). */
    ClusterChangeDialog(Window owner, String title, String firstStatus, Runnable cancel) {
        dialog.initOwner(owner);
        dialog.initModality(Modality.NONE);
        dialog.setResizable(true);
        dialog.setTitle(title);
        dialog.setHeaderText(title);
        dialog.getDialogPane().getStylesheets().add(Ui.stylesheet());
        dialog.getDialogPane().setId("cluster-change-dialog");
        if (cancel != null) {
            dialog.getDialogPane().getButtonTypes().add(cancelType);
        }
        dialog.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        dialog.getDialogPane().setContent(content());
        status.setText(firstStatus);
        if (cancel != null) {
            Button button = (Button) dialog.getDialogPane().lookupButton(cancelType);
            button.setId("cancel-cluster-change");
            button.getStyleClass().add(Styles.DANGER);
            // Cancel cancels the change, not the dialog; the change says how it ended.
            button.addEventFilter(ActionEvent.ACTION, e -> {
                e.consume();
                button.setDisable(true);
                status.setText("Cancelling: Homeport puts back what it changed…");
                cancel.run();
            });
        }
    }

    private Node content() {
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(16, 16);
        status.setGraphic(spinner);
        status.setId("cluster-change-status");
        status.getStyleClass().add(Styles.TEXT_BOLD);
        status.managedProperty().bind(status.visibleProperty());
        log.setId("cluster-change-log");
        log.setEditable(false);
        log.setWrapText(true);
        log.getStyleClass().add("monospace");
        VBox.setVgrow(log, Priority.ALWAYS);
        result.setId("cluster-change-result");
        result.managedProperty().bind(result.visibleProperty());
        result.setVisible(false);
        dialog.getDialogPane().getStyleClass().add("wide-dialog");
        dialog.getDialogPane().setPrefSize(760, 440);
        dialog.getDialogPane().setMinSize(520, 320);
        return new VBox(12, status, log, result);
    }

    void show() {
        dialog.show();
    }

    boolean isShowing() {
        return dialog.isShowing();
    }

    /** One progress line of the change. */
    void line(String line) {
        if (!ended) {
            status.setText(line);
        }
        log.appendText(line + "\n");
    }

    /** The change ended: {@code title} and {@code description} say how; {@code look} is a Styles colour (SUCCESS, WARNING, DANGER). */
    void ended(String title, String description, String look) {
        ended = true;
        status.setVisible(false);
        Node cancel = dialog.getDialogPane().lookupButton(cancelType);
        if (cancel != null) {
            cancel.setDisable(true);
        }
        result.getStyleClass().removeAll(Styles.SUCCESS, Styles.WARNING, Styles.DANGER);
        result.getStyleClass().add(look);
        result.setGraphic(Ui.icon(Styles.SUCCESS.equals(look) ? Feather.CHECK_CIRCLE : Feather.ALERT_OCTAGON));
        result.setTitle(title);
        result.setDescription(description);
        result.setVisible(true);
    }
}
