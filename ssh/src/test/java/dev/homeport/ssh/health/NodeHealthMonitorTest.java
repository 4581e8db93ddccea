package dev.homeport.ssh.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.homeport.model.HomeportHome;
import dev.homeport.model.NodeIdentity;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.inventory.KeyInventory;
import dev.homeport.model.inventory.NodeInventory;
import dev.homeport.model.store.Store;
import dev.homeport.model.vault.Vault;
import dev.homeport.ssh.docker.NodeDocker;
import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.rig.NodeContainer;
import dev.homeport.ssh.rig.Processes;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.RigTargets;
import dev.homeport.ssh.transport.HostKeyException;
import dev.homeport.ssh.transport.NodeConnection;
import dev.homeport.ssh.transport.NodeConnections;
import dev.homeport.ssh.transport.Prompts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The health monitor against real nodes: the rig's own sshd (with its Docker, Caddy and
 * Netdata) and node containers that are paused and resumed. Assertions are on the states
 * and transitions reported, never on how fast a check ran.
 */
@ExtendWith(RigExtension.class)
class NodeHealthMonitorTest {
    @TempDir
    Path folder;
    private NodeConnections connections;
    private NodeHealthMonitor monitor;
    private final List<NodeHealth> results = new CopyOnWriteArrayList<>();
    private final List<NodeHealthChanged> changes = new CopyOnWriteArrayList<>();
    private final List<String> listenerThreads = new CopyOnWriteArrayList<>();
    private final java.util.Map<NodeConnection, NodeDocker> dockers = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeEach
    void open(Rig rig) {
        connections = new NodeConnections(RigTargets.settings(rig, folder));
    }

    @AfterEach
    void close() {
        if (monitor != null) {
            monitor.close();
        }
        dockers.values().forEach(NodeDocker::close);
        connections.close();
    }

    private void start(HealthSettings settings, List<HealthCheck> checks) {
        monitor = new NodeHealthMonitor(settings, checks);
        monitor.addListener(new NodeHealthListener() {
            @Override
            public void onResult(NodeHealth health) {
                results.add(health);
                listenerThreads.add(Thread.currentThread().getName());
            }

            @Override
            public void onStateChange(NodeHealthChanged change) {
                changes.add(change);
            }
        });
    }

    private NodeConnection rigConnection(Rig rig) {
        return connections.to(RigTargets.rig(rig), Prompts.NONE);
    }

    @Test
    void theRigIsUpWithEveryStandardCheckPassing(Rig rig) {
        HealthSettings settings = HealthSettings.defaults();
        start(settings, NodeHealthMonitor.standardChecks(settings,
                connection -> dockers.computeIfAbsent(connection, NodeDocker::new).client()));
        monitor.watch("rig", () -> rigConnection(rig));

        await().atMost(Duration.ofSeconds(30)).until(() -> !changes.isEmpty());
        NodeHealth health = monitor.health("rig");
        assertThat(health.state()).as(health.problems()).isEqualTo(HealthState.UP);
        assertThat(health.checks()).extracting(CheckResult::check).containsExactly("ssh", "docker", "caddy", "netdata", "disk");
        assertThat(health.checks()).allSatisfy(c -> assertThat(c.outcome()).as(c.check() + ": " + c.message()).isEqualTo(CheckResult.Outcome.OK));
        assertThat(health.check("docker").orElseThrow().message()).matches("Docker Engine \\d+\\.\\d+.*\\.");
        assertThat(health.check("netdata").orElseThrow().message()).startsWith("Netdata v");
        assertThat(health.checkedAt()).isNotNull();
        assertThat(changes).containsExactly(new NodeHealthChanged("rig", HealthState.UNKNOWN, HealthState.UP, health));
        assertThat(listenerThreads).containsOnly("homeport-health-events");
    }

    @Test
    void aFailingCheckMakesTheNodeDegradedWithItsReason(Rig rig) {
        start(new HealthSettings(Duration.ofMinutes(5), Duration.ofSeconds(10), 100), List.of(new DiskSpaceCheck(100)));
        monitor.watch("rig", () -> rigConnection(rig));

        await().atMost(Duration.ofSeconds(30)).until(() -> !changes.isEmpty());
        NodeHealth health = monitor.health("rig");
        assertThat(health.state()).isEqualTo(HealthState.DEGRADED);
        assertThat(health.check("ssh").orElseThrow().ok()).isTrue();
        assertThat(health.check("disk").orElseThrow().message()).matches("\\d+\\.\\d% free on /, below the 100% threshold\\.");
    }

    /**
     * A node container has sshd but no Docker, Caddy or Netdata of its own, so this watch runs
     * the SSH check and the disk check only: what is asserted is the connectivity verdict.
     */
    @Test
    void aPausedNodeGoesDownWithinTwoPeriodsAndComesBackUp(Rig rig) {
        Duration period = Duration.ofSeconds(2);
        Duration checkTimeout = Duration.ofSeconds(3);
        start(new HealthSettings(period, checkTimeout, 10), List.of(new DiskSpaceCheck(10)));
        try (NodeContainer node = NodeContainer.start(rig)) {
            connections.hostKeys().accept(node.ip(), 22, node.hostKey("ed25519"));
            monitor.watch(node.name(), () -> connections.to(RigTargets.node(rig, node), Prompts.NONE));
            await().atMost(Duration.ofSeconds(30)).until(() -> monitor.health(node.name()).state() == HealthState.UP);

            Processes.run("docker", "pause", node.name());
            try {
                await().atMost(period.multipliedBy(2).plus(checkTimeout).plusSeconds(3))
                        .until(() -> monitor.health(node.name()).state() == HealthState.DOWN);
            } finally {
                Processes.run("docker", "unpause", node.name());
            }
            NodeHealth down = changes.get(1).health();
            assertThat(down.check("ssh").orElseThrow().failed()).isTrue();
            assertThat(down.check("ssh").orElseThrow().message()).isNotBlank();
            assertThat(down.check("disk").orElseThrow().outcome()).isEqualTo(CheckResult.Outcome.SKIPPED);

            // Back up: the stuck check ends on its own timeout, and a dropped session is reopened with backoff.
            await().atMost(Duration.ofSeconds(90)).until(() -> monitor.health(node.name()).state() == HealthState.UP);
            assertThat(changes).extracting(NodeHealthChanged::from, NodeHealthChanged::to).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(HealthState.UNKNOWN, HealthState.UP),
                    org.assertj.core.groups.Tuple.tuple(HealthState.UP, HealthState.DOWN),
                    org.assertj.core.groups.Tuple.tuple(HealthState.DOWN, HealthState.UP));
            assertThat(changes).allSatisfy(c -> assertThat(c.node()).isEqualTo(node.name()));
        }
    }

    @Test
    void anUnknownHostKeyIsDownWithThatReasonAndIsNeverAccepted(Rig rig) {
        HomeportHome home = new HomeportHome(folder.resolve("home"));
        try (Store store = Store.open(home); NodeContainer container = NodeContainer.start(rig)) {
            Vault vault = Vault.openOrCreate(home.vaultKey(), null);
            NodeService nodes = new NodeService(new NodeInventory(store, vault), new KeyInventory(store, vault), connections);
            WorkerNode node = nodes.add(new WorkerNode(0, "web-1", container.ip(), 22, container.user(),
                    new NodeIdentity.KeyFile(rig.sshKey().toString()), null));
            start(new HealthSettings(Duration.ofSeconds(1), Duration.ofSeconds(5), 10), List.of(new DiskSpaceCheck(10)));
            monitor.watch(node, nodes);

            await().atMost(Duration.ofSeconds(30)).until(() -> results.size() >= 2);
            NodeHealth health = monitor.health("web-1");
            assertThat(health.state()).isEqualTo(HealthState.DOWN);
            assertThat(health.check("ssh").orElseThrow().message())
                    .startsWith("Host key refused (unknown): ").contains("can't be established");
            assertThatThrownBy(() -> nodes.test(node, Prompts.NONE)).as("still not trusted").isInstanceOf(HostKeyException.class);
        }
    }

    @Test
    void roundsOfOneNodeNeverOverlapAndAnOverrunFailsAtTheTimeout(Rig rig) {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        HealthCheck slow = new HealthCheck() {
            @Override
            public String name() {
                return "slow";
            }

            @Override
            public CheckResult check(NodeConnection connection, Duration timeout) {
                mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                try {
                    // Ignores interrupts, as a check stuck in I/O would: it ends when it ends.
                    long end = System.nanoTime() + Duration.ofMillis(2500).toNanos();
                    while (System.nanoTime() < end) {
                        try {
                            Thread.sleep(Duration.ofNanos(Math.max(1, end - System.nanoTime())));
                        } catch (InterruptedException ignored) {
                            // keep going
                        }
                    }
                    return CheckResult.ok("slow", "done");
                } finally {
                    running.decrementAndGet();
                }
            }
        };
        start(new HealthSettings(Duration.ofMillis(200), Duration.ofSeconds(1), 10), List.of(slow));
        rigConnection(rig).connect();
        monitor.watch("rig", () -> rigConnection(rig));

        await().atMost(Duration.ofSeconds(30)).until(() -> results.size() >= 3);
        assertThat(mostAtOnce.get()).isEqualTo(1);
        assertThat(results).allSatisfy(r -> {
            assertThat(r.state()).isEqualTo(HealthState.DEGRADED);
            assertThat(r.check("slow").orElseThrow().message()).isEqualTo("No answer within 1 s.");
        });
    }

    @Test
    void thePeriodChangesWhileRunning(Rig rig) {
        start(new HealthSettings(Duration.ofHours(1), Duration.ofSeconds(10), 10), List.of());
        monitor.watch("rig", () -> rigConnection(rig));
        await().atMost(Duration.ofSeconds(30)).until(() -> results.size() == 1);

        monitor.setPeriod(Duration.ofMillis(300));
        assertThat(monitor.period()).isEqualTo(Duration.ofMillis(300));
        // With the hour-long period there would be no second round for an hour.
        await().atMost(Duration.ofSeconds(30)).until(() -> results.size() >= 3);
        assertThat(results).allSatisfy(r -> assertThat(r.state()).isEqualTo(HealthState.UP));
        assertThat(changes).hasSize(1);
    }

    @Test
    void anUnwatchedNodeIsForgotten(Rig rig) {
        start(new HealthSettings(Duration.ofHours(1), Duration.ofSeconds(10), 10), List.of());
        monitor.watch("rig", () -> rigConnection(rig));
        await().atMost(Duration.ofSeconds(30)).until(() -> monitor.latest("rig").isPresent());
        monitor.unwatch("rig");
        assertThat(monitor.watched()).isEmpty();
        assertThat(monitor.health("rig").state()).isEqualTo(HealthState.UNKNOWN);
    }

    @Test
    void checksNeedTheirOwnNames() {
        assertThatThrownBy(() -> new NodeHealthMonitor(HealthSettings.defaults(), List.of(new DiskSpaceCheck(10), new DiskSpaceCheck(20))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
