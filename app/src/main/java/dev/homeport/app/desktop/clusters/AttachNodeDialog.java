package dev.homeport.app.desktop.clusters;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.homeport.app.desktop.Ui;
import dev.homeport.model.WorkerNode;
import java.util.List;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * Asks which Worker Node to attach to an environment, from the nodes not attached to it yet,
 * and says what attaching it does: the first node runs the services as containers, a second
 * makes the nodes one Docker Swarm cluster, a later one joins it. For a cluster it also takes
 * the address the node gives the other members, when Homeport's guess would be wrong.
 */
final class AttachNodeDialog {
    /** What the user chose: a node (with the address it advertises, null to let Homeport find it), or to go and add one first. */
    sealed interface Choice {
    }

    record Attach(WorkerNode node, String advertiseAddress) implements Choice {
    }

    record AddNode() implements Choice {
    }

    private AttachNodeDialog() {
    }

    /**
     * {@code attached} are the environment's nodes now; {@code cluster} whether they form a
     * cluster already. FX thread.
     */
    static Optional<Choice> ask(Window owner, String environmentPath, String why, List<WorkerNode> candidates, List<WorkerNode> attached,
                                boolean cluster) {
        Dialog<Choice> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Attach a node");
        dialog.setHeaderText("Attach a Worker Node to " + environmentPath);
        dialog.getDialogPane().setId("attach-node-dialog");
        Label text = new Label((why.isEmpty() ? "" : why + " ") + whatHappens(attached, cluster));
        text.setId("attach-node-effect");
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
        TextField advertise = new TextField();
        advertise.setId("attach-advertise-address");
        advertise.setPromptText("found by Homeport");
        Label advertiseHelp = Ui.muted("Advertise address (optional): the address this node gives the cluster's other nodes. Homeport"
                + " uses its address on the way to a manager; give one when that is wrong, such as a private or VPN address.");
        advertiseHelp.getStyleClass().add(Styles.TEXT_SMALL);
        VBox content = new VBox(10, text, list);
        if (!attached.isEmpty()) {
            content.getChildren().addAll(advertiseHelp, advertise);
        }
        ButtonType attach = new ButtonType("Attach", ButtonBar.ButtonData.OK_DONE);
        ButtonType addNode = new ButtonType("Add a node…", ButtonBar.ButtonData.LEFT);
        dialog.getDialogPane().getButtonTypes().addAll(addNode, ButtonType.CANCEL, attach);
        dialog.getDialogPane().lookupButton(attach).disableProperty().bind(Bindings.createBooleanBinding(
                () -> list.getSelectionModel().getSelectedItem() == null || advertise.getText().strip().contains(" "),
                list.getSelectionModel().selectedItemProperty(), advertise.textProperty()));
        content.setPrefWidth(520);
        dialog.getDialogPane().setContent(content);
        dialog.setResultConverter(button -> button == attach
                ? new Attach(list.getSelectionModel().getSelectedItem(), advertise.getText().isBlank() ? null : advertise.getText().strip())
                : button == addNode ? new AddNode() : null);
        return dialog.showAndWait();
    }

    /** What attaching one more node does to this environment, in a sentence or two. */
    static String whatHappens(List<WorkerNode> attached, boolean cluster) {
        if (attached.isEmpty()) {
            return "Services of this environment deploy to the nodes attached to it; with one node they run there as containers.";
        }
        if (cluster) {
            return "The node joins the environment's Docker Swarm cluster of " + attached.size() + " node(s); Homeport balances the"
                    + " managers (1, or 3 from three nodes).";
        }
        String names = String.join(", ", attached.stream().map(WorkerNode::name).toList());
        return "Attaching it makes the environment's nodes (" + names + " and the new one) one Docker Swarm cluster:"
                + " replicas spread over them and move when one goes down. This takes a few seconds per node.";
    }
}
