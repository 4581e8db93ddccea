package dev.homeport.app.desktop.clusters;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.app.desktop.Poller;
import dev.homeport.app.desktop.Ui;
import dev.homeport.app.desktop.deployments.StateBadge;
import dev.homeport.model.WorkerNode;
import dev.homeport.ssh.swarm.ClusterView;
import dev.homeport.ssh.transport.Prompts;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;

/**
 * The Nodes section of an environment's page: the Worker Nodes attached to it and, when they
 * form a cluster, the cluster as a manager reports it (each member's role, state, availability,
 * replicas, address and engine) with what could not be read, and a line while replicas are
 * starting. Attach and Detach start here. The cluster is read in the background through the
 * {@link Poller}, every 10 s while the page is on screen; a member that goes down or comes back
 * between two reads raises a notice (through {@link dev.homeport.app.desktop.nodes.HealthWatch},
 * which tells the user once when the node's own check sees it too).
 */
public final class EnvironmentNodesPane {
    private static final Duration REFRESH = Duration.ofSeconds(10);
    private static final double ROW_HEIGHT = 40;

    private final MainModel main;
    private final long environmentId;
    private final String environmentPath;
    private final ClusterActions actions;
    private final Poller.Polling polling;
    private final VBox box = new VBox(10);
    private final Label summary = new Label();
    private final Label status = new Label();
    private final VBox problems = new VBox(4);
    private final Label placing = new Label();
    private final MemberTransitions transitions = new MemberTransitions();
    private final TableView<NodeRow> table = new TableView<>();
    private final List<TableColumn<NodeRow, ?>> clusterColumns;
    private boolean cluster;
    private final Button rootCertificate = Ui.button("Copy root certificate", Feather.SHIELD, this::copyRootCertificate);

    /** What one round read: the attached nodes, and the cluster's view when they form one. */
    private record Snapshot(List<WorkerNode> attached, Optional<ClusterView> view) {
    }

    public EnvironmentNodesPane(MainModel main, long environmentId, String environmentPath) {
        this.main = main;
        this.environmentId = environmentId;
        this.environmentPath = environmentPath;
        this.actions = new ClusterActions(main, this::owner);
        this.polling = main.poller().polling("nodes of " + environmentPath);
        this.clusterColumns = List.of(
                Ui.column("Role", NodeRow::role),
                badgeColumn("State", NodeRow::state, EnvironmentNodesPane::stateLook),
                badgeColumn("Availability", NodeRow::availability, EnvironmentNodesPane::availabilityLook),
                Ui.column("Replicas", NodeRow::replicaCount),
                Ui.column("Engine", NodeRow::engine));
    }

    public Node build() {
        box.setId("environment-nodes");
        Button attach = Ui.button("Attach node…", Feather.LINK, this::attach);
        attach.setId("attach-environment-node");
        rootCertificate.setId("copy-root-certificate");
        rootCertificate.setTooltip(new javafx.scene.control.Tooltip("The root of the CA that signs the cluster's internal names"
                + " (.test, .internal, IP addresses) on every node"));
        rootCertificate.managedProperty().bind(rootCertificate.visibleProperty());
        rootCertificate.setVisible(false);
        HBox title = new HBox(12, Ui.sectionTitle("Nodes"), Ui.grow(), rootCertificate, attach);
        title.setAlignment(Pos.CENTER_LEFT);
        summary.setId("nodes-summary");
        summary.setWrapText(true);
        status.setId("nodes-status");
        status.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        status.managedProperty().bind(status.visibleProperty());
        problems.setId("cluster-problems");
        problems.managedProperty().bind(problems.visibleProperty());
        placing.setId("replicas-moving");
        placing.setWrapText(true);
        placing.setGraphic(Ui.icon(Feather.REFRESH_CW));
        placing.getStyleClass().add(Styles.WARNING);
        placing.managedProperty().bind(placing.visibleProperty());
        placing.setVisible(false);
        table.setId("environment-node-table");
        table.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE, "cluster-members");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setFixedCellSize(ROW_HEIGHT);
        table.managedProperty().bind(table.visibleProperty());
        table.getColumns().add(Ui.column("Node", NodeRow::name));
        table.getColumns().addAll(clusterColumns.subList(0, 4));
        table.getColumns().add(Ui.column("Address", NodeRow::address));
        table.getColumns().add(clusterColumns.get(4));
        table.getColumns().add(detachColumn());
        double[] widths = {170, 150, 100, 110, 130, 130, 200, 110};
        for (int i = 0; i < widths.length; i++) {
            table.getColumns().get(i).setPrefWidth(widths[i]);
            table.getColumns().get(i).setMinWidth(Math.min(widths[i], 120));
        }
        // "Docker 20.10.24+dfsg1": the whole version, never cut.
        clusterColumns.get(4).setMinWidth(widths[6]);
        table.setRowFactory(view -> new TableRow<>() {
            @Override
            protected void updateItem(NodeRow row, boolean empty) {
                super.updateItem(row, empty);
                getStyleClass().removeAll("member-down", "member-draining");
                if (!empty && row != null && cluster) {
                    if (row.down()) {
                        getStyleClass().add("member-down");
                    } else if (row.draining()) {
                        getStyleClass().add("member-draining");
                    }
                }
            }
        });
        box.getChildren().setAll(title, summary, problems, placing, table, status);
        status.setText("Reading the environment's nodes…");
        show(new Snapshot(List.of(), Optional.empty()), false);
        box.sceneProperty().addListener((obs, old, now) -> follow());
        follow();
        return box;
    }

    private Window owner() {
        return box.getScene() == null ? null : box.getScene().getWindow();
    }

    /** Polls while the section is on screen. */
    private void follow() {
        if (box.getScene() != null) {
            polling.start(this::poll);
        } else {
            polling.stop();
            main.nodeHealth().forgetClusterMembers(transitions.nodes());
        }
    }

    /** One round: the attached nodes from the store at once, then the cluster from a manager. */
    private Duration poll(Poller.Answers answers) {
        List<WorkerNode> attached = main.homeport().nodes().attachedTo(environmentId);
        boolean isCluster = main.homeport().nodes().cluster(environmentId).isPresent();
        if (!isCluster) {
            answers.show(() -> show(new Snapshot(attached, Optional.empty()), true));
            return REFRESH;
        }
        answers.show(() -> {
            if (!cluster) {
                show(new Snapshot(attached, Optional.empty()), false);
                status.setText("Reading the cluster from its managers…");
            }
        });
        try {
            Optional<ClusterView> view = main.homeport().clusters().view(environmentId, Prompts.NONE);
            answers.show(() -> show(new Snapshot(attached, view), true));
        } catch (RuntimeException e) {
            String text = "Cannot read the cluster: " + dev.homeport.app.desktop.Dialogs.userMessage(e);
            answers.show(() -> status.setText(text));
        }
        return REFRESH;
    }

    private void show(Snapshot snapshot, boolean read) {
        List<WorkerNode> attached = snapshot.attached();
        ClusterView view = snapshot.view().orElse(null);
        cluster = view != null;
        rootCertificate.setVisible(cluster);
        clusterColumns.forEach(column -> column.setVisible(cluster));
        List<NodeRow> rows = NodeRow.of(attached, view);
        table.getItems().setAll(rows);
        table.setVisible(!rows.isEmpty());
        table.setPrefHeight((rows.size() + 1) * ROW_HEIGHT + 4);
        summary.setText(summaryText(attached, view));
        List<String> found = view == null ? List.of() : view.problems();
        problems.getChildren().setAll(found.stream().map(EnvironmentNodesPane::problem).toList());
        problems.setVisible(!found.isEmpty());
        placing.setText(view == null ? "" : view.placing());
        placing.setVisible(!placing.getText().isEmpty());
        if (read && view != null) {
            announce(view);
        }
        // Only a cluster's state is read from the nodes; outside one, the list is the store's.
        status.setVisible(cluster || !read);
        if (read) {
            status.setText("Read from the cluster's manager at " + LocalTime.now().withNano(0) + "; read again every "
                    + REFRESH.toSeconds() + " s.");
        }
        table.refresh();
    }

    /** Members that went down or came back since the last read: a notice each, unless the node's own check told of it. */
    private void announce(ClusterView view) {
        for (MemberTransitions.Change change : transitions.next(view)) {
            main.nodeHealth().clusterMember(change.node(), change.down(), change.notice(environmentPath, view));
        }
    }

    /** Shows a cluster as a read found it; for tests, which feed it reads of their own. FX thread. */
    void showRead(List<WorkerNode> attached, ClusterView view) {
        show(new Snapshot(attached, Optional.ofNullable(view)), true);
    }

    static String summaryText(List<WorkerNode> attached, ClusterView view) {
        if (view != null) {
            return view.engine() + " cluster " + view.shortClusterId() + ": " + view.members().size() + " node(s), "
                    + view.managers() + " manager(s), " + view.ready() + " ready. Swarm spreads the services' replicas over the"
                    + " nodes and moves them off a node that goes down or is drained.";
        }
        if (attached.isEmpty()) {
            return "No Worker Node is attached yet: services of this environment deploy to the nodes attached here.";
        }
        if (attached.size() == 1) {
            return "One node: the services of this environment run as containers on " + attached.getFirst().name() + "."
                    + " Attaching a second node makes the nodes one Docker Swarm cluster, so replicas can spread over them.";
        }
        return attached.size() + " nodes, attached without a cluster: each deploy names the node it runs on. Attaching another"
                + " node makes them all one Docker Swarm cluster.";
    }


    private static Node problem(String text) {
        Label label = new Label(text, Ui.icon(Feather.ALERT_TRIANGLE));
        label.setWrapText(true);
        label.getStyleClass().add(Styles.DANGER);
        return label;
    }

    private void copyRootCertificate() {
        actions.copyRootCertificate(environmentId, environmentPath);
    }

    /** Attach node…, from the page's header as from this section's own button. */
    public void attachNode() {
        attach();
    }

    private void attach() {
        actions.attach(environmentId, environmentPath, "", worked -> reread());
    }

    private void detach(WorkerNode node) {
        actions.detach(environmentId, environmentPath, node, cluster, worked -> reread());
    }

    /** Reads again at once, after a change; only while on screen. */
    private void reread() {
        follow();
    }

    /** A column that shows a word as a coloured pill: down and draining members stand out from ready, active ones. */
    private static TableColumn<NodeRow, NodeRow> badgeColumn(String title, java.util.function.Function<NodeRow, String> word,
                                                             java.util.function.Function<NodeRow, String> look) {
        TableColumn<NodeRow, NodeRow> column = new TableColumn<>(title);
        column.setCellValueFactory(row -> new ReadOnlyObjectWrapper<>(row.getValue()));
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(NodeRow row, boolean empty) {
                super.updateItem(row, empty);
                setGraphic(empty || row == null || word.apply(row).isEmpty() ? null : StateBadge.pill(word.apply(row), look.apply(row)));
            }
        });
        return column;
    }

    static String stateLook(NodeRow row) {
        if (row.member() == null) {
            return "failed";
        }
        return switch (row.member().state()) {
            case "ready" -> "live";
            case "unknown" -> "past";
            default -> "failed";
        };
    }

    static String availabilityLook(NodeRow row) {
        return row.draining() ? "interrupted" : "past";
    }

    private TableColumn<NodeRow, NodeRow> detachColumn() {
        TableColumn<NodeRow, NodeRow> column = new TableColumn<>("");
        column.setCellValueFactory(row -> new ReadOnlyObjectWrapper<>(row.getValue()));
        column.setSortable(false);
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(NodeRow row, boolean empty) {
                super.updateItem(row, empty);
                if (empty || row == null || row.node() == null) {
                    setGraphic(null);
                    return;
                }
                Button detach = Ui.button("Detach", Feather.LOG_OUT, () -> detach(row.node()), Styles.SMALL, Styles.FLAT);
                detach.setId("detach-" + row.node().name());
                setGraphic(detach);
            }
        });
        return column;
    }
}
