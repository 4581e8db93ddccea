package dev.homeport.app.desktop.nodes;

import dev.homeport.app.Homeport;
import dev.homeport.app.desktop.Notice;
import dev.homeport.app.desktop.SystemNotifier;
import dev.homeport.app.desktop.Tasks;
import dev.homeport.model.WorkerNode;
import dev.homeport.ssh.health.HealthSettings;
import dev.homeport.ssh.health.HealthState;
import dev.homeport.ssh.health.NodeHealth;
import dev.homeport.ssh.health.NodeHealthChanged;
import dev.homeport.ssh.health.NodeHealthListener;
import dev.homeport.ssh.health.NodeHealthMonitor;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.collections.FXCollections;
import javafx.collections.ObservableMap;

/**
 * The periodic node check as the desktop sees it: the latest health of every saved node,
 * updated on the FX thread, and a notice (in the window and on the desktop) when a node goes
 * down or comes back. The checks themselves run in {@link NodeHealthMonitor}'s threads. A
 * cluster's members, as its managers see them, are announced here too ({@link #clusterMember}),
 * so a node that both the check and its cluster see go down is announced once.
 */
public final class HealthWatch implements AutoCloseable {
    private final Homeport homeport;
    private final Tasks tasks;
    private final Consumer<Notice> notices;
    private final SystemNotifier desktop = new SystemNotifier();
    private final ObservableMap<String, NodeHealth> latest = FXCollections.observableHashMap();
    private final ObservableMap<String, NodeHealth> latestView = FXCollections.unmodifiableObservableMap(latest);
    // What each node was watched as; a node whose address or login changed is watched anew. FX thread only.
    private final Map<String, WorkerNode> watched = new HashMap<>();
    private final NodeAlerts alerts = new NodeAlerts();
    private NodeHealthMonitor monitor;
    private AutoCloseable subscription;
    private Duration period;
    private final Consumer<List<WorkerNode>> alsoWatch;

    public HealthWatch(Homeport homeport, Tasks tasks, Consumer<Notice> notices, Duration period) {
        this(homeport, tasks, notices, period, nodes -> {
        });
    }

    /** With {@code alsoWatch} told the saved nodes each time they are synced (the alarms are watched along the checks). */
    public HealthWatch(Homeport homeport, Tasks tasks, Consumer<Notice> notices, Duration period, Consumer<List<WorkerNode>> alsoWatch) {
        this.alsoWatch = alsoWatch;
        this.homeport = homeport;
        this.tasks = tasks;
        this.notices = notices;
        this.period = period;
    }

    /** The latest result of each node, by name; changed on the FX thread only. */
    public ObservableMap<String, NodeHealth> latest() {
        return latestView;
    }

    /** Starts watching every saved node; call once, on the FX thread, when the main window is up. */
    public void start() {
        tasks.run("Reading worker nodes", () -> homeport.nodes().nodes()).onSuccess(this::sync).start();
    }

    /** Watches the nodes in {@code nodes} and stops watching the others. FX thread. */
    public void sync(List<WorkerNode> nodes) {
        alsoWatch.accept(nodes);
        if (monitor == null && nodes.isEmpty()) {
            return; // no SSH client (or its classes) until there is a node to watch
        }
        NodeHealthMonitor running = monitor();
        Map<String, WorkerNode> now = new HashMap<>();
        nodes.forEach(node -> now.put(node.name(), node));
        for (String gone : List.copyOf(watched.keySet())) {
            if (!now.containsKey(gone)) {
                watched.remove(gone);
                alerts.forget(NodeAlerts.Watch.SSH_CHECK, List.of(gone));
                running.unwatch(gone);
                latest.remove(gone);
            }
        }
        now.forEach((name, node) -> {
            if (!node.equals(watched.get(name))) {
                watched.put(name, node);
                running.watch(node, homeport.nodeService());
            }
        });
    }

    /** Asks for a check of the node now; its result arrives through {@link #latest()}. */
    public void checkNow(String node) {
        if (monitor != null) {
            monitor.checkSoon(node);
        }
    }

    public Duration period() {
        return period;
    }

    public void setPeriod(Duration newPeriod) {
        period = newPeriod;
        if (monitor != null) {
            monitor.setPeriod(newPeriod);
        }
    }

    private NodeHealthMonitor monitor() {
        if (monitor == null) {
            monitor = homeport.healthMonitor(HealthSettings.defaults().withPeriod(period));
            monitor.setPeriod(period);
            subscription = monitor.addListener(new NodeHealthListener() {
                @Override
                public void onResult(NodeHealth health) {
                    Platform.runLater(() -> {
                        if (watched.containsKey(health.node())) {
                            latest.put(health.node(), health);
                        }
                    });
                }

                @Override
                public void onStateChange(NodeHealthChanged change) {
                    Platform.runLater(() -> announce(change));
                }
            });
        }
        return monitor;
    }

    /** Down and back up are worth interrupting the user for; the first result after start is not. FX thread. */
    private void announce(NodeHealthChanged change) {
        String node = change.node();
        if (change.to() == HealthState.DOWN) {
            boolean first = alerts.down(node, NodeAlerts.Watch.SSH_CHECK);
            if (first && change.from() != HealthState.UNKNOWN) {
                tell(new Notice("Node " + node + " is down", change.health().problems(), true));
            }
        } else if (alerts.back(node, NodeAlerts.Watch.SSH_CHECK) && change.from() == HealthState.DOWN && change.to() != HealthState.UNKNOWN) {
            tell(new Notice("Node " + node + " is back", "It answers again"
                    + (change.to() == HealthState.UP ? "; every check passes." : ", but: " + change.health().problems()), false));
        }
    }

    /**
     * A cluster's managers see a member go down ({@code down}) or come back. The notice is shown unless the node's own
     * check said so already (or still sees it down); a null notice only records what the cluster sees, as for the first
     * read of a page. FX thread.
     */
    public void clusterMember(String node, boolean down, Notice notice) {
        boolean news = down ? alerts.down(node, NodeAlerts.Watch.CLUSTER) : alerts.back(node, NodeAlerts.Watch.CLUSTER);
        if (news && notice != null) {
            tell(notice);
        }
    }

    /** The cluster's members are not watched any more (their environment's page closed). FX thread. */
    public void forgetClusterMembers(java.util.Collection<String> nodes) {
        alerts.forget(NodeAlerts.Watch.CLUSTER, nodes);
    }

    /** In the window, and on the desktop. FX thread. */
    private void tell(Notice notice) {
        notices.accept(notice);
        tasks.background("Notifying the desktop", () -> desktop.send(notice.title(), notice.text()));
    }

    @Override
    public void close() {
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception ignored) {
                // removing a listener from a list does not fail
            }
        }
    }
}
