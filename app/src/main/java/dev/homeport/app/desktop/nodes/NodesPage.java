package dev.homeport.app.desktop.nodes;

import atlantafx.base.theme.Styles;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.app.desktop.Ui;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.InvalidationListener;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import javafx.util.Subscription;
import org.kordamp.ikonli.feather.Feather;

/**
 * The Worker Nodes: each with its connection state, address, identity,
 * pinned host key and environments, and Test connection and Remove; Add node
 * opens the dialog that tests a node before it is saved.
 */
public final class NodesPage {
    private final MainModel main;
    private final NodesModel model;
    private final StackPane body = new StackPane();
    private final List<Subscription> cardSubscriptions = new ArrayList<>();
    private Node page;

    public NodesPage(MainModel main) {
        this.main = main;
        this.model = new NodesModel(main);
    }

    public Node build() {
        Button add = Ui.button("Add node", Feather.PLUS, this::addNode, Styles.ACCENT);
        add.setId("add-node");
        Button refresh = Ui.button("Refresh", Feather.REFRESH_CW, model::load);
        refresh.setId("refresh-nodes");
        page = Ui.page(Ui.header("WORKER NODES", "Worker Nodes", refresh, add), body);
        InvalidationListener render = change -> render();
        model.items().addListener(render);
        model.loadingProperty().addListener(render);
        render();
        model.load();
        return page;
    }

    private Window owner() {
        return page.getScene() == null ? null : page.getScene().getWindow();
    }

    private void render() {
        cardSubscriptions.forEach(Subscription::unsubscribe);
        cardSubscriptions.clear();
        body.getChildren().setAll(switch (model.loadingProperty().get()) {
            case NodesModel.Loading.Reading reading -> Ui.muted("Reading nodes…");
            case NodesModel.Loading.Failed failed -> Ui.emptyState(Feather.ALERT_TRIANGLE, "Cannot read the worker nodes", failed.message(),
                    Ui.button("Try again", Feather.REFRESH_CW, model::load));
            case NodesModel.Loading.Read read -> model.items().isEmpty() ? empty() : list();
        });
    }

    private Node empty() {
        Node state = Ui.emptyState(Feather.SERVER, "No worker nodes yet",
                "A worker node is a server of yours, such as a VPS or a machine at home, that runs your services. "
                        + "Homeport reaches it over SSH from this computer, with your own key or password, and keeps no agent on it. "
                        + "Add one by its alias in ~/.ssh/config, or by its address; Homeport tests the connection before it saves the node.",
                Ui.button("Add node", Feather.PLUS, this::addNode, Styles.ACCENT));
        state.setId("nodes-empty");
        return state;
    }

    private Node list() {
        VBox cards = new VBox(14);
        cards.setId("nodes");
        cards.setPadding(new Insets(2));
        for (NodeItem item : model.items()) {
            cards.getChildren().add(new NodeCard(model, item, this::owner).build(cardSubscriptions));
        }
        ScrollPane scroll = new ScrollPane(cards);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add(Styles.BG_DEFAULT);
        return scroll;
    }

    private void addNode() {
        List<String> taken = model.items().stream().map(NodeItem::name).toList();
        new AddNodeDialog(main, owner(), taken).ask().ifPresent(added -> model.load());
    }
}
