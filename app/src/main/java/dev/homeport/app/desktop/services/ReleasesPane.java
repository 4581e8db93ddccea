package dev.homeport.app.desktop.services;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.homeport.app.desktop.Ui;
import dev.homeport.app.desktop.deployments.StateBadge;
import dev.homeport.model.Deployment;
import dev.homeport.model.DeploymentState;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Consumer;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.Subscription;
import org.kordamp.ikonli.feather.Feather;

/**
 * The Deployments tab: every release of the service, newest first, with its
 * state, timing, image, node, what changed since the release before, and why
 * it ended; the selected one's stored log below. An earlier release that still
 * has its image can be rolled back to.
 */
public final class ReleasesPane {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());
    private final ServiceModel model;
    private final ServiceActions actions;
    private final TableView<ServiceModel.Release> table = new TableView<>();
    private final TextArea log = new TextArea();
    private final StackPane body = new StackPane();
    private final Button rollback;
    private final Button progress;
    private VBox list;
    private long shownLog = -1;

    public ReleasesPane(ServiceModel model, ServiceActions actions) {
        this.model = model;
        this.actions = actions;
        rollback = Ui.button("Roll back to this release…", Feather.ROTATE_CCW, this::rollback);
        rollback.setId("rollback-to");
        progress = Ui.button("Show progress", Feather.ACTIVITY, actions::showProgress);
        progress.setId("release-progress");
    }

    public Node build(Consumer<Subscription> subscriptions) {
        table.setId("releases");
        table.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<ServiceModel.Release, DeploymentState> state = StateBadge.column(ServiceModel.Release::deployment);
        state.setMinWidth(110);
        TableColumn<ServiceModel.Release, String> reason = Ui.column("Reason", (ServiceModel.Release r) -> reason(r));
        reason.setCellFactory(column -> withTooltip());
        TableColumn<ServiceModel.Release, String> changes = Ui.column("What changed", ServiceModel.Release::changes);
        changes.setCellFactory(column -> withTooltip());
        table.getColumns().setAll(List.of(
                Ui.column("#", (ServiceModel.Release r) -> Long.toString(r.deployment().id())),
                state,
                Ui.column("Started", (ServiceModel.Release r) -> WHEN.format(r.deployment().createdAt())),
                Ui.column("Took", (ServiceModel.Release r) -> took(r.deployment())),
                image(),
                Ui.column("Node", ServiceModel.Release::node),
                changes,
                reason));
        double[] widths = {44, 125, 145, 60, 180, 80, 230, 240};
        for (int i = 0; i < widths.length; i++) {
            table.getColumns().get(i).setPrefWidth(widths[i]);
        }
        log.setId("release-log");
        log.setEditable(false);
        log.setWrapText(true);
        log.getStyleClass().add("monospace");
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> selected(now));
        HBox toolbar = new HBox(8, rollback, progress, Ui.grow(), Ui.button("Refresh", Feather.REFRESH_CW, model::reload, Styles.FLAT));
        SplitPane split = new SplitPane(table, log);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.5);
        VBox.setVgrow(split, Priority.ALWAYS);
        list = new VBox(10, toolbar, split);
        list.setId("releases-list");
        subscriptions.accept(model.factsProperty().subscribe(this::show));
        subscriptions.accept(model.watchProperty().subscribe(watch -> buttons()));
        body.setPadding(new javafx.geometry.Insets(16, 0, 0, 0));
        body.getChildren().setAll(list);
        return body;
    }

    private void show(ServiceModel.Facts facts) {
        if (facts == null) {
            return;
        }
        if (facts.releases().isEmpty()) {
            Button deploy = Ui.button("Deploy", Feather.UPLOAD_CLOUD, actions::deploy, Styles.ACCENT);
            Node empty = Ui.emptyState(Feather.CLOCK, "No deployments yet",
                    "Each deployment of " + model.service().name() + " is listed here with its log: what it ran, on which node, "
                            + "what changed since the release before, and how it ended. An earlier release can be rolled back to.",
                    deploy);
            empty.setId("deployments-empty");
            body.getChildren().setAll(empty);
            return;
        }
        if (body.getChildren().getFirst() != list) {
            body.getChildren().setAll(list);
        }
        // The newest release stays selected as new ones come; a row the user picked further down stays picked.
        boolean newest = table.getSelectionModel().getSelectedIndex() <= 0 && wanted < 0;
        long selected = wanted >= 0 ? wanted : newest ? -1 : table.getSelectionModel().getSelectedItem().deployment().id();
        wanted = -1;
        table.getItems().setAll(facts.releases());
        table.refresh(); // an equal row may say more now (a crash after LIVE)
        int select = 0;
        for (int i = 0; i < table.getItems().size(); i++) {
            if (table.getItems().get(i).deployment().id() == selected) {
                select = i;
            }
        }
        // The table may have kept an equal row selected at its new place; say which one it is.
        table.getSelectionModel().clearAndSelect(select);
        buttons();
    }

    /** Selects a release in the table (a deploy marker was clicked); nothing when it is not listed. */
    public void select(long deploymentId) {
        wanted = deploymentId;
        for (int i = 0; i < table.getItems().size(); i++) {
            if (table.getItems().get(i).deployment().id() == deploymentId) {
                table.getSelectionModel().clearAndSelect(i);
                table.scrollTo(i);
                return;
            }
        }
    }

    /** A release asked for before the table held it; selected when it comes. */
    private long wanted = -1;

    private void selected(ServiceModel.Release release) {
        buttons();
        if (release == null) {
            // The table empties and refills on each read; the log stays until another row is chosen.
            return;
        }
        long id = release.deployment().id();
        boolean changed = id != shownLog;
        shownLog = id;
        model.main().tasks().run("Reading the log of deployment #" + id, () -> model.main().homeport().deployments().log(id))
                .onSuccess(lines -> {
                    if (shownLog == id) {
                        double top = log.getScrollTop();
                        log.setText(lines.isEmpty() ? "(no log lines)" : String.join("\n", lines) + "\n");
                        if (changed || release.deployment().state().inProgress()) {
                            log.positionCaret(log.getLength());
                            log.setScrollTop(Double.MAX_VALUE);
                        } else {
                            log.setScrollTop(top);
                        }
                    }
                })
                .start();
    }

    private void buttons() {
        ServiceModel.Release release = table.getSelectionModel().getSelectedItem();
        var watch = model.watchProperty().get();
        boolean running = watch != null && !watch.isEnded();
        rollback.setDisable(release == null || running || !ServiceModel.canRollBackTo(release.deployment()));
        rollback.setText(release != null && ServiceModel.canRollBackTo(release.deployment())
                ? "Roll back to #" + release.deployment().id() + "…" : "Roll back to this release…");
        progress.setDisable(watch == null);
    }

    private void rollback() {
        ServiceModel.Release release = table.getSelectionModel().getSelectedItem();
        if (release != null) {
            actions.rollback(release);
        }
    }

    /** A crash after LIVE comes first: "LIVE, then crashed 3 times in 4 s". */
    private String reason(ServiceModel.Release release) {
        ServiceModel.Facts facts = model.factsProperty().get();
        String crash = facts == null ? null : facts.crashOf(release.deployment().id());
        String reason = text(release.deployment().reason());
        return crash == null ? reason : reason.isEmpty() ? crash : crash + "; " + reason;
    }

    private static String took(Deployment deployment) {
        Instant end = deployment.finishedAt() != null ? deployment.finishedAt()
                : deployment.state().inProgress() ? Instant.now() : deployment.updatedAt();
        String duration = StateBadge.duration(Duration.between(deployment.createdAt(), end));
        return deployment.state().inProgress() ? duration + "…" : duration;
    }

    /** The image reference; its ID (the digest it was pinned by) on hover. */
    private static TableColumn<ServiceModel.Release, String> image() {
        TableColumn<ServiceModel.Release, String> column = Ui.column("Image", (ServiceModel.Release r) -> text(r.deployment().image()));
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String value, boolean empty) {
                super.updateItem(value, empty);
                setText(empty ? null : value);
                ServiceModel.Release row = empty || getTableRow() == null ? null : getTableRow().getItem();
                setTooltip(row == null || row.deployment().imageDigest() == null ? null
                        : new Tooltip(value + "\n" + row.deployment().imageDigest()));
            }
        });
        return column;
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    /** Long text is cut by the column; the whole of it shows on hover. */
    private static TableCell<ServiceModel.Release, String> withTooltip() {
        return new TableCell<>() {
            @Override
            protected void updateItem(String value, boolean empty) {
                super.updateItem(value, empty);
                setText(empty ? null : value);
                setTooltip(empty || value == null || value.isEmpty() ? null : new Tooltip(value));
            }
        };
    }
}
