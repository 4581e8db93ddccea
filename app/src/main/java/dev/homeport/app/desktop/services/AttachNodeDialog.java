package dev.homeport.app.desktop.services;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.homeport.app.desktop.Ui;
import dev.homeport.model.WorkerNode;
import java.util.List;
import java.util.Optional;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/** Asks which Worker Node to attach to an environment, from the nodes not attached to it yet. */
final class AttachNodeDialog {
    /** What the user chose: a node, or to go and add one first. */
    sealed interface Choice {
    }

    record Attach(WorkerNode node) implements Choice {
    }

    record AddNode() implements Choice {
    }

    private AttachNodeDialog() {
    }

    static Optional<Choice> ask(Window owner, String environmentPath, String why, List<WorkerNode> candidates) {
        Dialog<Choice> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Attach a node");
        dialog.setHeaderText("Attach a Worker Node to " + environmentPath);
        dialog.getDialogPane().setId("attach-node-dialog");
        Label text = new Label(why + " Services of this environment deploy to the nodes attached to it.");
        text.setWrapText(true);
        ListView<WorkerNode> list = new ListView<>();
        list.setId("attach-node-list");
        list.getStyleClass().addAll(Styles.BORDERED, Tweaks.EDGE_TO_EDGE);
        list.setPrefHeight(140);
        list.getItems().setAll(candidates);
        list.setCellFactory(view -> new ListCell<>() {
            @Override
            protected void updateItem(WorkerNode node, boolean empty) {
                super.updateItem(node, empty);
                setText(empty || node == null ? null : node.name() + "   " + node.address());
            }
        });
        list.setPlaceholder(Ui.muted("There is no Worker Node to attach. Add one under Worker Nodes first."));
        if (candidates.size() == 1) {
            list.getSelectionModel().select(0);
        }
        ButtonType attach = new ButtonType("Attach", ButtonBar.ButtonData.OK_DONE);
        ButtonType addNode = new ButtonType("Add a node…", ButtonBar.ButtonData.LEFT);
        dialog.getDialogPane().getButtonTypes().addAll(addNode, ButtonType.CANCEL, attach);
        dialog.getDialogPane().lookupButton(attach).disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        VBox content = new VBox(10, text, list);
        content.setPrefWidth(480);
        dialog.getDialogPane().setContent(content);
        dialog.setResultConverter(button -> button == attach ? new Attach(list.getSelectionModel().getSelectedItem())
                : button == addNode ? new AddNode() : null);
        return dialog.showAndWait();
    }
}
