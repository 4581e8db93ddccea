package dev.homeport.app.desktop.nodes;

import atlantafx.base.theme.Styles;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.app.desktop.Ui;
import dev.homeport.model.NodeEvent;
import dev.homeport.model.WorkerNode;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import javafx.scene.Node;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The History tab: every probe and provisioning run on the node, newest first, with what each found or changed. */
final class NodeHistoryPane {
    private static final int SHOWN = 200;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());
    private final MainModel main;
    private final WorkerNode node;
    private final TableView<NodeEvent> table = new TableView<>();
    private final TextArea detail = new TextArea();

    NodeHistoryPane(MainModel main, WorkerNode node) {
        this.main = main;
        this.node = node;
    }

    Node build() {
        table.setId("node-history");
        table.getStyleClass().add(Styles.STRIPED);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().setAll(List.of(
                Ui.column("When", (NodeEvent event) -> TIME.format(event.at())),
                Ui.column("What", (NodeEvent event) -> event.kind().name().toLowerCase(Locale.ROOT)),
                Ui.column("Result", NodeEvent::summary)));
        table.setPlaceholder(Ui.muted("Nothing yet: probes and provisioning runs are recorded here."));
        detail.setEditable(false);
        detail.setWrapText(true);
        detail.setId("node-history-detail");
        detail.getStyleClass().add("monospace");
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, now) ->
                detail.setText(now == null ? "" : now.detail() == null ? now.summary() : now.detail()));
        SplitPane split = new SplitPane(table, detail);
        split.setOrientation(javafx.geometry.Orientation.VERTICAL);
        split.setDividerPositions(0.55);
        VBox.setVgrow(split, Priority.ALWAYS);
        VBox body = NodePage.tabBody(split);
        VBox.setVgrow(body, Priority.ALWAYS);
        return body;
    }

    /** Reads the history again; FX thread. */
    void reload() {
        main.tasks().run("Reading the history of " + node.name(), () -> main.homeport().nodeHistory().of(node.id(), SHOWN))
                .onSuccess(events -> table.getItems().setAll(events))
                .start();
    }
}
