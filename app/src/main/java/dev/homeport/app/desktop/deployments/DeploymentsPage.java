package dev.homeport.app.desktop.deployments;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.app.desktop.Ui;
import dev.homeport.model.Deployment;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.TableView;
import javafx.scene.layout.StackPane;
import org.kordamp.ikonli.feather.Feather;

/** Recent activity: the latest deployments across every service. */
public final class DeploymentsPage {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());
    private final MainModel model;

    public DeploymentsPage(MainModel model) {
        this.model = model;
    }

    public Node build() {
        StackPane body = new StackPane(Ui.muted("Reading deployments…"));
        model.tasks().run("Reading deployments", () -> model.homeport().deployments().recent(100))
                .onSuccess(deployments -> body.getChildren().setAll(deployments.isEmpty() ? empty() : table(deployments)))
                .start();
        return Ui.page(Ui.header("RECENT ACTIVITY", "Deployments"), body);
    }

    private static Node empty() {
        return Ui.emptyState(Feather.CLOCK, "No deployments yet",
                "Every deployment of every service will be listed here, newest first, with its state and log. "
                        + "Deploying arrives in a later release.");
    }

    private static Node table(List<Deployment> deployments) {
        TableView<Deployment> table = new TableView<>();
        table.getStyleClass().addAll(Styles.BORDERED, Tweaks.EDGE_TO_EDGE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().setAll(List.of(
                Ui.column("Started", d -> WHEN.format(d.createdAt())),
                Ui.column("State", d -> d.state().name()),
                Ui.column("Image", d -> d.image() == null ? "" : d.image()),
                Ui.column("Reason", d -> d.reason() == null ? "" : d.reason())));
        table.getItems().setAll(deployments);
        return table;
    }
}
