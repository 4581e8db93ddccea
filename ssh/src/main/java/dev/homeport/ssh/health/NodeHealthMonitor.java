package dev.homeport.ssh.health;

import dev.homeport.model.WorkerNode;
import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.transport.NodeConnection;
import dev.homeport.ssh.transport.Prompts;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;
import com.github.dockerjava.api.DockerClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks each watched node every {@link #period()} (30 s by default; it can be
 * changed while running). A round starts with the SSH check: when the node
 * cannot be reached, or refuses our credentials or its host key does not match
 * (never accepted here), it is DOWN and the other checks are skipped. Otherwise
 * the other {@link HealthCheck}s (by default Docker, Caddy, Netdata and disk
 * space: {@link #standardChecks}) run at the same time, and any failure makes the
 * node DEGRADED.
 *
 * <p><b>Threading.</b> Each watched node has its own virtual thread that runs its
 * rounds one after the other, so two rounds of one node never overlap; each check
 * runs on a virtual thread of its own and is reported failed when it overruns
 * {@link HealthSettings#checkTimeout()}. No method of this class blocks on the
 * network: {@link #watch}, {@link #unwatch}, {@link #setPeriod} and
 * {@link #checkSoon} return at once, and the first round of a node starts right
 * after {@code watch}. Listeners are called on one separate event thread, see
 * {@link NodeHealthListener}.
 */
public final class NodeHealthMonitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeHealthMonitor.class);

    private final List<HealthCheck> checks;
    private final Duration checkTimeout;
    private volatile Duration period;
    private final Map<String, NodeWatch> watches = new ConcurrentHashMap<>();
    private final Map<String, NodeHealth> latest = new ConcurrentHashMap<>();
    private final List<NodeHealthListener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService events = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("homeport-health-events").factory());
    private volatile boolean closed;

    /** A monitor running {@code checks} after the SSH check, with the period and timeout of {@code settings}. */
    public NodeHealthMonitor(HealthSettings settings, List<HealthCheck> checks) {
        this.checks = List.copyOf(checks);
        this.checkTimeout = settings.checkTimeout();
        this.period = settings.period();
        long names = checks.stream().map(HealthCheck::name).distinct().count();
        if (names != checks.size() || checks.stream().anyMatch(c -> c.name().equals(SshCheck.NAME))) {
            throw new IllegalArgumentException("checks: each needs its own name, and '" + SshCheck.NAME + "' is the built-in first check");
        }
    }

    /**
     * Docker (its API, through {@code docker}: the node's client for a connection), Caddy,
     * Netdata and free space on / (at least {@link HealthSettings#minFreeDiskPercent()}).
     */
    public static List<HealthCheck> standardChecks(HealthSettings settings, Function<NodeConnection, DockerClient> docker) {
        return List.of(new DockerCheck(docker), new CaddyCheck(), new NetdataCheck(), new DiskSpaceCheck(settings.minFreeDiskPercent()));
    }

    /** The name of the first check of every round, whose failure makes a node DOWN. */
    public static String connectionCheckName() {
        return SshCheck.NAME;
    }

    // ---- what is watched ---------------------------------------------------------------------

    /**
     * Starts checking a node now and then every period. {@code connection} is asked for the
     * node's connection at the start of every round; it may throw, which makes the node DOWN
     * with that reason. Watching a node again replaces its earlier watch.
     */
    public void watch(String node, Supplier<NodeConnection> connection) {
        if (closed) {
            throw new IllegalStateException("The health monitor was closed.");
        }
        NodeWatch watch = new NodeWatch(node, connection, this, this::publish);
        NodeWatch previous = watches.put(node, watch);
        if (previous != null) {
            previous.stop();
        }
        watch.start();
    }

    /** Watches a saved node through the node service, as every other feature connects to it; never prompts. */
    public void watch(WorkerNode node, NodeService nodes) {
        watch(node.name(), () -> nodes.connection(node, Prompts.NONE));
    }

    /** Stops checking a node and forgets its last result. */
    public void unwatch(String node) {
        NodeWatch watch = watches.remove(node);
        if (watch != null) {
            watch.stop();
        }
        latest.remove(node);
    }

    public Set<String> watched() {
        return Set.copyOf(watches.keySet());
    }

    /** Asks for a round on a node now (or right after the running one); does not wait for it. */
    public void checkSoon(String node) {
        NodeWatch watch = watches.get(node);
        if (watch != null) {
            watch.requestCheck();
        }
    }

    // ---- settings ----------------------------------------------------------------------------

    public Duration period() {
        return period;
    }

    /** Changes the period for every node; a node waiting for its next round waits by the new period, counted from its last round's start. */
    public void setPeriod(Duration newPeriod) {
        HealthSettings.requirePositive("period", newPeriod);
        this.period = newPeriod;
        watches.values().forEach(NodeWatch::periodChanged);
    }

    public Duration checkTimeout() {
        return checkTimeout;
    }

    List<HealthCheck> checks() {
        return checks;
    }

    // ---- results -----------------------------------------------------------------------------

    /** The latest result for a node; UNKNOWN before its first round ends. */
    public NodeHealth health(String node) {
        return latest.getOrDefault(node, NodeHealth.unknown(node));
    }

    public Optional<NodeHealth> latest(String node) {
        return Optional.ofNullable(latest.get(node));
    }

    /** Adds a listener; closing the returned handle removes it (a view does so when it closes). */
    public AutoCloseable addListener(NodeHealthListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Records a round's result and hands it to the listeners, unless its watch has since been stopped or replaced. */
    private void publish(NodeWatch source, NodeHealth health) {
        if (closed || watches.get(health.node()) != source) {
            return;
        }
        NodeHealth before = latest.put(health.node(), health);
        HealthState from = before == null ? HealthState.UNKNOWN : before.state();
        NodeHealthChanged change = from == health.state() ? null : new NodeHealthChanged(health.node(), from, health.state(), health);
        if (change != null) {
            log.info("Node {} is now {} (was {}){}", health.node(), health.state(), from,
                    health.problems().isEmpty() ? "" : ": " + health.problems().replace('\n', ';'));
        }
        events.execute(() -> {
            for (NodeHealthListener listener : listeners) {
                try {
                    listener.onResult(health);
                    if (change != null) {
                        listener.onStateChange(change);
                    }
                } catch (RuntimeException e) {
                    log.warn("A health listener failed on {}: {}", health.node(), e.toString());
                }
            }
        });
    }

    /** Stops every watch and the event thread; does not wait for running checks, which end on their own timeouts. */
    @Override
    public void close() {
        closed = true;
        watches.values().forEach(NodeWatch::stop);
        watches.clear();
        events.shutdown();
    }
}
