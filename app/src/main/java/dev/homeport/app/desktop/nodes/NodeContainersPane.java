package dev.homeport.app.desktop.nodes;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.app.desktop.Ui;
import dev.homeport.app.desktop.charts.UnitFormat;
import dev.homeport.model.WorkerNode;
import dev.homeport.ssh.docker.ContainerLister;
import dev.homeport.ssh.docker.ContainerSummary;
import dev.homeport.ssh.docker.NodeDocker;
import dev.homeport.ssh.netdata.NetdataClient;
import dev.homeport.ssh.nodes.ContainerUsages;
import dev.homeport.ssh.transport.Prompts;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javafx.application.Platform;
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
 * Refreshed every 10 s while the tab is on screen.
 */
final class NodeContainersPane {
    private static final long REFRESH_MILLIS = 10_000;

    /** One row: the container, and its use when it runs (null while unknown). */
    record Row(ContainerSummary container, String cpu, String memory) {
    }

    private final MainModel main;
    private final WorkerNode node;
    private final TableView<Row> table = new TableView<>();
    private final Label status = new Label();
    private boolean active;
    private Thread poller;

    NodeContainersPane(MainModel main, WorkerNode node) {
        this.main = main;
        this.node = node;
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
        if (poller != null) {
            poller.interrupt();
            poller = null;
        }
        if (active) {
            status.setText("Reading containers…");
            poller = Thread.ofVirtual().name("homeport-containers-" + node.name()).start(this::poll);
        }
    }

    private void poll() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                NodeDocker docker = main.homeport().nodeClients().docker(node, Prompts.NONE);
                List<ContainerSummary> containers = new ContainerLister(docker.client()).all();
                Platform.runLater(() -> show(containers.stream().map(c -> new Row(c, null, null)).toList(),
                        containers.size() + " containers; reading their use…"));
                List<Row> rows = withUsage(docker, containers);
                Platform.runLater(() -> show(rows, containers.size() + " containers, read at "
                        + java.time.LocalTime.now().withNano(0)));
                Thread.sleep(REFRESH_MILLIS);
            } catch (InterruptedException stopped) {
                return;
            } catch (RuntimeException e) {
                String text = "Cannot read the containers of " + node.name() + ": " + NodeMessages.of(e);
                Platform.runLater(() -> status.setText(text));
                try {
                    Thread.sleep(REFRESH_MILLIS);
                } catch (InterruptedException stopped) {
                    return;
                }
            }
        }
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
