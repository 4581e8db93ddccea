package dev.homeport.app.desktop.inventory;

import atlantafx.base.theme.Styles;
import dev.homeport.app.desktop.Ui;
import dev.homeport.model.inventory.DeletionPlan;
import dev.homeport.ssh.deploy.UndeployPlan;
import java.util.List;
import java.util.Optional;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * The delete confirmation: what goes from the inventory, what its services run on
 * their nodes (read from the nodes), and two choices: undeploy it too (ticked when
 * something runs), and remove its volumes too (never ticked unless the user does).
 */
final class DeleteDialog {
    /** What the user chose. */
    record Choice(boolean undeploy, boolean removeVolumes) {
    }

    private DeleteDialog() {
    }

    static Optional<Choice> ask(Window owner, DeletionPlan plan, UndeployPlan onNodes) {
        String title = "Delete " + plan.title() + "?";
        // The header asks the question; the text starts with what goes.
        String described = plan.undeploying().describe();
        Label inventory = new Label(described.contains("\n") ? described.substring(described.indexOf('\n') + 1) : "Nothing else goes with it.");
        inventory.setId("delete-plan");
        inventory.setWrapText(true);

        Label nodes = new Label();
        nodes.setId("delete-node-plan");
        nodes.setWrapText(true);
        boolean runs = !onNodes.isEmpty();
        CheckBox undeploy = new CheckBox("Undeploy it: remove these containers, routes, images and backup schedules from the nodes");
        undeploy.setId("delete-undeploy");
        undeploy.setWrapText(true);
        undeploy.setSelected(runs);
        undeploy.setDisable(!runs);
        List<String> volumes = onNodes.found().stream().flatMap(f -> f.volumes().stream()).distinct().toList();
        CheckBox removeVolumes = new CheckBox("Remove its volumes too: " + String.join(", ", volumes) + " (their data is lost)");
        removeVolumes.setId("delete-volumes");
        removeVolumes.setVisible(!volumes.isEmpty());
        removeVolumes.setManaged(!volumes.isEmpty());
        removeVolumes.disableProperty().bind(undeploy.selectedProperty().not());
        Label outcome = Ui.muted("");
        outcome.setId("delete-outcome");
        outcome.setWrapText(true);
        Runnable describe = () -> {
            UndeployPlan chosen = onNodes.withRemoveVolumes(undeploy.isSelected() && removeVolumes.isSelected());
            nodes.setText("On its nodes:\n" + String.join("\n", chosen.describe().stream().map(line -> "  • " + line).toList()));
            if (!runs) {
                outcome.setText("");
            } else if (undeploy.isSelected()) {
                outcome.setText("If something cannot be removed (a node is down), nothing is deleted from the inventory: its node keys"
                        + " are what find the leftovers again.");
            } else {
                outcome.setText(DeletionPlan.LEFT_RUNNING + " Tick Undeploy to remove it too.");
            }
        };
        undeploy.selectedProperty().addListener((o, was, is) -> describe.run());
        removeVolumes.selectedProperty().addListener((o, was, is) -> describe.run());
        describe.run();

        ButtonType confirm = new ButtonType("Delete", ButtonBar.ButtonData.OK_DONE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, null, ButtonType.CANCEL, confirm);
        alert.initOwner(owner);
        alert.setTitle(title);
        alert.setHeaderText(title);
        alert.getDialogPane().setContent(new VBox(10, inventory, nodes, undeploy, removeVolumes, outcome));
        alert.getDialogPane().setMinWidth(600);
        // Long lines (a backup schedule's, long names) wrap rather than widen the dialog past its owner's centre.
        alert.getDialogPane().setPrefWidth(760);
        alert.getDialogPane().lookupButton(confirm).getStyleClass().add(Styles.DANGER);
        ((Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        ((Button) alert.getDialogPane().lookupButton(confirm)).setDefaultButton(false);
        return alert.showAndWait().filter(confirm::equals)
                .map(chosen -> new Choice(undeploy.isSelected(), undeploy.isSelected() && removeVolumes.isSelected()));
    }
}
