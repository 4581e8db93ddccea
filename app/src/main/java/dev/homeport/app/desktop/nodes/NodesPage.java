package dev.homeport.app.desktop.nodes;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.app.desktop.Ui;
import dev.homeport.model.WorkerNode;
import javafx.scene.Node;
import javafx.scene.control.TableView;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * The Worker Nodes the store knows. Adding, testing and provisioning nodes
 * over SSH is not built yet; the page says so instead of offering buttons
 * that would do nothing.
 */
public final class NodesPage {
    private final MainModel model;

    public NodesPage(MainModel model) {
        this.model = model;
    }

    public Node build() {
        StackPane body = new StackPane(Ui.muted("Reading nodes…"));
        model.tasks().run("Reading worker nodes", () -> model.homeport().nodes().nodes())
                .onSuccess(nodes -> body.getChildren().setAll(nodes.isEmpty() ? empty() : table(nodes)))
                .start();
        return Ui.page(Ui.header("WORKER NODES", "Worker Nodes"), body);
    }

    private static Node empty() {
        return Ui.emptyState(Feather.SERVER, "No worker nodes yet",
                "Worker nodes are the servers your services run on. Homeport reaches them over SSH and prepares them with Docker, "
                        + "Caddy and Netdata. Adding nodes arrives in the next release; nodes in an imported inventory show here.");
    }

    private static Node table(java.util.List<WorkerNode> nodes) {
        TableView<WorkerNode> table = new TableView<>();
        table.setId("nodes");
        table.getStyleClass().addAll(Styles.BORDERED, Tweaks.EDGE_TO_EDGE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().setAll(java.util.List.of(
                Ui.column("Name", WorkerNode::name),
                Ui.column("Address", WorkerNode::address),
                Ui.column("Identity", n -> n.identity().describe()),
                Ui.column("Host key", n -> n.hostKey() == null ? "not pinned yet" : "pinned")));
        table.getItems().setAll(nodes);
        return new VBox(table);
    }
}
