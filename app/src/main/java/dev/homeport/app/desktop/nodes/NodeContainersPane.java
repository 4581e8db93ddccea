package dev.homeport.app.desktop.nodes;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.app.desktop.Poller;
import dev.homeport.app.desktop.Ui;
import dev.homeport.app.desktop.charts.UnitFormat;
import dev.homeport.model.WorkerNode;
import dev.homeport.ssh.docker.ContainerLister;
import dev.homeport.ssh.docker.ContainerSummary;
import dev.homeport.ssh.docker.NodeDocker;
import dev.homeport.ssh.netdata.NetdataClient;
import dev.homeport.ssh.nodes.ContainerUsages;
import dev.homeport.ssh.transport.Prompts;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * The Containers tab: every container on the node, from its Docker Engine, with the
 * Homeport labels that say which Service it runs, and each running one's CPU and memory
 * (from Netdata's cgroup charts, or from Docker's stats API where Netdata has none).
 * Refreshed every 10 s through the {@link Poller} while the tab is on screen.
 */
final class NodeContainersPane {
    private static final Duration REFRESH = Duration.ofSeconds(10);

    /** One row: the container, and its use when it runs (null while unknown). */
    record Row(ContainerSummary container, String cpu, String memory) {
    }

    private final MainModel main;
    private final WorkerNode node;
    private final TableView<Row> table = new TableView<>();
    private final Label status = new Label();
    private final Poller.Polling polling;
    private boolean active;

    NodeContainersPane(MainModel main, WorkerNode node) {
        this.main = main;
        this.node = node;
        this.polling = main.poller().polling("containers of " + node.name());
    }

    Node build() {
        table.setId("containers");
        table.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().setAll(List.of(
                Ui.column("Name", (Row row) -> row.container().name()),
                Ui.column("Image", (Row row) -> row.container().image()),
                Ui.column("State", (Row row) -> row.container().state().name().toLowerCase(Locale.ROOT)),
                Ui.column("Health", (Row row) -> row.container().health() == ContainerSummary.Health.NONE
                        ? "" : row.container().health().name().toLowerCase(Locale.ROOT)),
                Ui.column("Ports", (Row row) -> row.container().ports().stream()
                        .map(port -> port.hostIp() + ":" + port.hostPort() + "→" + port.containerPort() + "/" + port.protocol())
                        .collect(Collectors.joining(", "))),
                Ui.column("CPU", (Row row) -> row.cpu() == null ? "" : row.cpu()),
                Ui.column("Memory", (Row row) -> row.memory() == null ? "" : row.memory()),
                Ui.column("Homeport", (Row row) -> row.container().homeportLabels().entrySet().stream()
                        .map(label -> label.getKey().substring(ContainerSummary.LABEL_PREFIX.length()) + "=" + label.getValue())
                        .collect(Collectors.joining(" ")))));
        double[] widths = {220, 180, 80, 80, 150, 70, 90, 200};
        for (int i = 0; i < widths.length; i++) {
            table.getColumns().get(i).setPrefWidth(widths[i]);
        }
        table.setPlaceholder(Ui.muted("No containers on " + node.name() + " yet."));
        status.getStyleClass().add(Styles.TEXT_MUTED);
        status.setId("containers-status");
        VBox.setVgrow(table, Priority.ALWAYS);
        VBox body = NodePage.tabBody(NodePage.toolbar(Ui.button("Refresh", Feather.REFRESH_CW, this::restart), status), table);
        VBox.setVgrow(body, Priority.ALWAYS);
        return body;
    }

    void setActive(boolean now) {
        if (now != active) {
            active = now;
            restart();
        }
    }

    private void restart() {
        if (active) {
            status.setText("Reading containers…");
            polling.start(this::poll);
        } else {
            polling.stop();
        }
    }

    /** One round: the list at once, then the same rows with their use; a failure is shown and tried again at the next round. */
    private Duration poll(Poller.Answers answers) throws InterruptedException {
        try {
            NodeDocker docker = main.homeport().nodeClients().docker(node, Prompts.NONE);
            List<ContainerSummary> containers = new ContainerLister(docker.client()).all();
            answers.show(() -> show(containers.stream().map(c -> new Row(c, null, null)).toList(),
                    containers.size() + " containers; reading their use…"));
            List<Row> rows = withUsage(docker, containers);
            answers.show(() -> show(rows, containers.size() + " containers, read at "
                    + java.time.LocalTime.now().withNano(0)));
        } catch (RuntimeException e) {
            String text = "Cannot read the containers of " + node.name() + ": " + NodeMessages.of(e);
            answers.show(() -> status.setText(text));
        }
        return REFRESH;
    }

    private void show(List<Row> rows, String text) {
        table.getItems().setAll(rows);
        status.setText(text);
    }

    /** Each running container's use, read by the one rule the command line uses too; "?" where neither source had it. */
    private List<Row> withUsage(NodeDocker docker, List<ContainerSummary> containers) throws InterruptedException {
        NetdataClient netdata = main.homeport().nodeClients().netdata(node, Prompts.NONE);
        Map<String, ContainerUsages.Usage> use = new ContainerUsages(netdata, docker.client()).read(containers);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        return containers.stream().map(container -> row(container, use.get(container.id()))).toList();
    }

    private static Row row(ContainerSummary container, ContainerUsages.Usage usage) {
        if (container.state() != ContainerSummary.State.RUNNING) {
            return new Row(container, null, null);
        }
        if (usage == null) {
            return new Row(container, "?", "?");
        }
        return new Row(container, String.format(Locale.ROOT, "%.1f %%", usage.cpuPercent()), UnitFormat.BYTES.format(usage.memoryBytes()));
    }
}
