package dev.homeport.app.desktop.nodes;

import atlantafx.base.theme.Styles;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.app.desktop.Place;
import dev.homeport.app.desktop.Ui;
import dev.homeport.app.desktop.terminal.TerminalWindow;
import dev.homeport.app.desktop.tunnels.TunnelDialog;
import dev.homeport.model.WorkerNode;
import dev.homeport.ssh.health.NodeHealth;
import javafx.collections.MapChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;

/**
 * One Worker Node: its health from the periodic check, how the backups of the databases on it stand
 * (from the app's backup watch), and tabs for setting it up
 * (probe and provision), its live metrics, its containers and its history. Every
 * remote call runs in the background; the metrics and containers tabs poll only
 * while they are shown.
 */
public final class NodePage {
    private final MainModel main;
    private final long nodeId;
    private final StackPane frame = new StackPane();

    public NodePage(MainModel main, long nodeId) {
        this.main = main;
        this.nodeId = nodeId;
    }

    public Node build() {
        frame.getChildren().setAll(Ui.page(Ui.header("WORKER NODE", "…"), Ui.muted("Reading the node…")));
        main.tasks().run("Reading worker node", () -> main.homeport().nodes().node(nodeId))
                .onSuccess(this::show)
                .onFailure(failure -> frame.getChildren().setAll(Ui.page(Ui.header("WORKER NODE", "Not found"),
                        Ui.emptyState(Feather.SERVER, "This node is not there any more", NodeMessages.of(failure),
                                Ui.button("All nodes", Feather.ARROW_LEFT, () -> main.go(new Place.Nodes()))))))
                .start();
        return frame;
    }

    private Window owner() {
        return frame.getScene() == null ? null : frame.getScene().getWindow();
    }

    private void show(WorkerNode node) {
        Label health = healthBadge(node);
        Button check = Ui.button("Check now", Feather.ACTIVITY, () -> main.nodeHealth().checkNow(node.name()));
        check.setId("check-node");
        Button tunnel = Ui.button("Open tunnel…", Feather.SHUFFLE, () -> TunnelDialog.forNode(main, node, owner()));
        tunnel.setId("open-tunnel");
        Button terminal = Ui.button("Open terminal", Feather.TERMINAL, () -> TerminalWindow.openNode(main, node, owner()));
        terminal.setId("open-terminal");
        Button back = Ui.button("All nodes", Feather.ARROW_LEFT, () -> main.go(new Place.Nodes()), Styles.FLAT);
        Node header = Ui.header("WORKER NODE · " + node.address(), node.name(), health, check, tunnel, terminal, back);
        NodeMetricsPane metrics = new NodeMetricsPane(main, node);
        NodeContainersPane containers = new NodeContainersPane(main, node);
        NodeHistoryPane history = new NodeHistoryPane(main, node);
        NodeSetupPane setup = new NodeSetupPane(main, node, this::owner, history::reload);
        TabPane tabs = new TabPane(
                tab("Setup", "tab-setup", setup.build()),
                tab("Metrics", "tab-metrics", metrics.build()),
                tab("Containers", "tab-containers", containers.build()),
                tab("History", "tab-history", history.build()));
        tabs.setId("node-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        // Polling follows what the user looks at: the selected tab of a page that is on screen.
        Runnable follow = () -> {
            boolean onScreen = frame.getScene() != null;
            Tab selected = tabs.getSelectionModel().getSelectedItem();
            metrics.setActive(onScreen && "tab-metrics".equals(selected.getId()));
            containers.setActive(onScreen && "tab-containers".equals(selected.getId()));
            if (onScreen && "tab-history".equals(selected.getId())) {
                history.reload();
            }
        };
        tabs.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> follow.run());
        frame.sceneProperty().addListener((obs, old, now) -> follow.run());
        Node backups = new NodeBackupsMark(main, node.name()).build(frame);
        frame.getChildren().setAll(Ui.page(new VBox(10, header, backups), tabs));
        follow.run();
    }

    private static Tab tab(String title, String id, Node content) {
        Tab tab = new Tab(title, content);
        tab.setId(id);
        return tab;
    }

    /** The node's state from the periodic check, kept current while the page is shown. */
    private Label healthBadge(WorkerNode node) {
        Label badge = new Label();
        badge.setId("node-health");
        MapChangeListener<String, NodeHealth> update = change -> {
            if (change.getKey().equals(node.name())) {
                HealthLook.show(badge, change.getValueAdded());
            }
        };
        HealthLook.show(badge, main.nodeHealth().latest().get(node.name()));
        // The page is usually on screen already when the node has been read.
        if (frame.getScene() != null) {
            main.nodeHealth().latest().addListener(update);
        }
        frame.sceneProperty().addListener((obs, old, now) -> {
            if (now == null) {
                main.nodeHealth().latest().removeListener(update);
            } else {
                main.nodeHealth().latest().addListener(update);
                HealthLook.show(badge, main.nodeHealth().latest().get(node.name()));
            }
        });
        return badge;
    }


    /** A row of small facts, used by the tabs' headers. */
    static HBox toolbar(Node... items) {
        HBox row = new HBox(10, items);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    /** The standard padding inside a tab. */
    static VBox tabBody(Node... children) {
        VBox body = new VBox(14, children);
        body.setPadding(new javafx.geometry.Insets(16, 0, 0, 0));
        return body;
    }
}
