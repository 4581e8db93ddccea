package dev.homeport.app.desktop.deployments;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.app.desktop.Place;
import dev.homeport.app.desktop.Ui;
import dev.homeport.app.desktop.TreeNames;
import dev.homeport.model.Deployment;
import dev.homeport.model.DeploymentState;
import dev.homeport.model.inventory.InventoryTree;
import dev.homeport.model.inventory.Level;
import dev.homeport.model.inventory.Ref;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.Node;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.StackPane;
import org.kordamp.ikonli.feather.Feather;

/** Recent activity: the latest deployments across every service, each leading to its service. */
public final class DeploymentsPage {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());
    private final MainModel model;

    /** One row: the deployment, its service's path (null when the service is gone) and its node's name. */
    record Row(Deployment deployment, String path, String node) {
    }

    public DeploymentsPage(MainModel model) {
        this.model = model;
    }

    public Node build() {
        StackPane body = new StackPane(Ui.muted("Reading deployments…"));
        InventoryTree tree = model.treeProperty().get();
        model.tasks().run("Reading deployments", () -> {
                    Map<Long, String> nodes = new HashMap<>();
                    model.homeport().nodes().nodes().forEach(node -> nodes.put(node.id(), node.name()));
                    return model.homeport().deployments().recent(100).stream()
                            .map(d -> new Row(d, path(tree, d.serviceId()), d.nodeId() == null ? "" : nodes.getOrDefault(d.nodeId(), "(removed)")))
                            .toList();
                })
                .onSuccess(rows -> body.getChildren().setAll(rows.isEmpty() ? empty() : table(rows)))
                .start();
        return Ui.page(Ui.header("RECENT ACTIVITY", "Deployments"), body);
    }

    private static String path(InventoryTree tree, long serviceId) {
        Ref ref = new Ref(Level.SERVICE, serviceId);
        return tree.services().stream().anyMatch(s -> s.id() == serviceId) ? TreeNames.path(tree, ref) : null;
    }

    private static Node empty() {
        Node empty = Ui.emptyState(Feather.CLOCK, "No deployments yet",
                "Every deployment of every service is listed here, newest first, with its state. "
                        + "Deploy a service from its page in the inventory.");
        empty.setId("all-deployments-empty");
        return empty;
    }

    private Node table(List<Row> rows) {
        TableView<Row> table = new TableView<>();
        table.setId("all-deployments");
        table.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<Row, Row> service = new TableColumn<>("Service");
        service.setCellValueFactory(row -> new ReadOnlyObjectWrapper<>(row.getValue()));
        service.setCellFactory(column -> new TableCell<>() {
            @Override
            protected void updateItem(Row row, boolean empty) {
                super.updateItem(row, empty);
                setText(null);
                setGraphic(null);
                if (empty || row == null) {
                    return;
                }
                if (row.path() == null) {
                    setText("(deleted service)");
                    return;
                }
                Hyperlink link = new Hyperlink(row.path());
                link.setOnAction(e -> open(row));
                setGraphic(link);
            }
        });
        TableColumn<Row, DeploymentState> state = StateBadge.column(Row::deployment);
        TableColumn<Row, String> reason = Ui.column("Reason", (Row r) -> r.deployment().reason() == null ? "" : r.deployment().reason());
        reason.setCellFactory(column -> new TableCell<>() {
            @Override
            protected void updateItem(String value, boolean empty) {
                super.updateItem(value, empty);
                setText(empty ? null : value);
                setTooltip(empty || value == null || value.isEmpty() ? null : new Tooltip(value));
            }
        });
        table.getColumns().setAll(List.of(
                Ui.column("#", (Row r) -> Long.toString(r.deployment().id())),
                Ui.column("Started", (Row r) -> WHEN.format(r.deployment().createdAt())),
                service,
                state,
                Ui.column("Node", Row::node),
                Ui.column("Image", (Row r) -> r.deployment().image() == null ? "" : r.deployment().image()),
                reason));
        double[] widths = {40, 130, 200, 110, 90, 180, 300};
        for (int i = 0; i < widths.length; i++) {
            table.getColumns().get(i).setPrefWidth(widths[i]);
        }
        // A double click on a row opens its service, as the link in the row does.
        table.setRowFactory(view -> {
            TableRow<Row> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) {
                    open(row.getItem());
                }
            });
            return row;
        });
        table.getItems().setAll(rows);
        return table;
    }

    private void open(Row row) {
        if (row.path() != null) {
            model.go(new Place.Item(new Ref(Level.SERVICE, row.deployment().serviceId())));
        }
    }
}
