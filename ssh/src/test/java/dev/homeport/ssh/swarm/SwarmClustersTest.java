package dev.homeport.ssh.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.model.LocalNodeState;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.SwarmSpec;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.TaskSpec;
import com.github.dockerjava.api.model.TaskState;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Attaching and detaching the rig's three cluster nodes, each with its own Docker: a real Swarm. */
@ExtendWith(RigExtension.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class SwarmClustersTest {
    @TempDir
    Path folder;
    private ClusterFixture fixture;

    @BeforeEach
    void setUp(Rig rig) {
        fixture = new ClusterFixture(rig, folder);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void aSecondNodeMakesTheEnvironmentOneClusterAndAThirdMakesThreeManagers() {
        fixture.attach(1);
        assertThat(fixture.nodes.cluster(fixture.environment.id())).as("one node runs containers: no cluster").isEmpty();
        assertThat(fixture.cluster.swarmState(1)).isEqualTo(LocalNodeState.INACTIVE);

        fixture.attach(2);
        ClusterView two = fixture.view();
        fixture.attach(3);
        ClusterView three = fixture.view();

        assertThat(two.members()).extracting(SwarmMember::homeportNode).containsExactly("n1", "n2");
        assertThat(two.members()).extracting(SwarmMember::role).containsExactly("manager (leader)", "worker");
        assertThat(two.members()).extracting(SwarmMember::address).containsExactly(fixture.cluster.host(1), fixture.cluster.host(2));
        assertThat(three.members()).extracting(SwarmMember::homeportNode).containsExactly("n1", "n2", "n3");
        assertThat(three.managers()).isEqualTo(3);
        assertThat(three.ready()).isEqualTo(3);
        assertThat(three.problems()).isEmpty();
        assertThat(three.clusterId()).isEqualTo(two.clusterId())
                .isEqualTo(fixture.cluster.docker(1).inspectSwarmCmd().exec().getId())
                .isEqualTo(fixture.nodes.cluster(fixture.environment.id()).orElseThrow().clusterId());
        assertThat(fixture.attachedNames()).containsExactly("n1", "n2", "n3");
        assertThat(fixture.cluster.docker(1).inspectSwarmCmd().exec().getSpec().getDispatcher().getHeartbeatPeriod())
                .as("a dead node is noticed sooner than with Swarm's default of 5 s").isEqualTo(SwarmClusters.HEARTBEAT.toNanos());
        assertThat(fixture.progress).anyMatch(line -> line.startsWith("Making n1 the first manager of a new Swarm cluster, at "
                + fixture.cluster.host(1)));
        assertThat(fixture.progress).contains("n2 joined as a worker.", "n3 joined as a worker.", "n2 is now a manager.", "n3 is now a manager.");
    }

    @Test
    void theSwarmANodeAlreadyManagesIsJoinedNotReplaced() {
        fixture.cluster.docker(1).initializeSwarmCmd(new SwarmSpec()).withAdvertiseAddr(fixture.cluster.host(1)).exec();
        String existing = fixture.cluster.docker(1).inspectSwarmCmd().exec().getId();

        fixture.attach(1);
        fixture.attach(2);

        assertThat(fixture.view().clusterId()).isEqualTo(existing);
        assertThat(fixture.progress).contains("n1 already manages a swarm: acme/shop/prod uses that cluster.");
    }

    @Test
    void aNodeInAnotherSwarmIsRefusedAndNothingIsRecorded() {
        fixture.attach(1);
        fixture.attach(2);
        fixture.cluster.docker(3).initializeSwarmCmd(new SwarmSpec()).withAdvertiseAddr(fixture.cluster.host(3)).exec();

        assertThatThrownBy(() -> fixture.attach(3))
                .isInstanceOf(ClusterException.class)
                .hasMessageStartingWith("n3 is in another swarm (its state: active): a node can be in one cluster at a time")
                .hasMessageEndingWith("Nothing was changed.");

        assertThat(fixture.attachedNames()).containsExactly("n1", "n2");
        assertThat(fixture.view().members()).extracting(SwarmMember::homeportNode).containsExactly("n1", "n2");
        assertThat(fixture.cluster.docker(3).infoCmd().exec().getSwarm().getControlAvailable()).as("n3 still manages its own").isTrue();
    }

    @Test
    void detachingDrainsTheNodeSoItsReplicasMoveBeforeItLeaves() throws InterruptedException {
        fixture.attach(1);
        fixture.attach(2);
        fixture.attach(3);
        var manager = fixture.cluster.docker(1);
        String service = manager.createServiceCmd(new ServiceSpec().withName("homeport-test-sleepers")
                .withTaskTemplate(new TaskSpec().withContainerSpec(new ContainerSpec().withImage(fixture.cluster.baseImage())
                        .withCommand(List.of("sleep", "infinity")).withStopGracePeriod(1_000_000_000L)))
                .withMode(new ServiceModeConfig().withReplicated(new ServiceReplicatedModeOptions().withReplicas(3)))).exec().getId();
        awaitRunning(service, 3, 3);
        String n3 = fixture.cluster.docker(3).infoCmd().exec().getSwarm().getNodeID();

        fixture.detach(3);

        assertThat(fixture.cluster.swarmState(3)).isEqualTo(LocalNodeState.INACTIVE);
        assertThat(fixture.attachedNames()).containsExactly("n1", "n2");
        ClusterView after = fixture.view();
        assertThat(after.members()).extracting(SwarmMember::homeportNode).containsExactly("n1", "n2");
        assertThat(after.managers()).as("one manager for two nodes").isEqualTo(1);
        var running = manager.listTasksCmd().withServiceFilter(service).withStateFilter(TaskState.RUNNING).exec();
        assertThat(running).hasSize(3).noneMatch(task -> n3.equals(task.getNodeId()));
        assertThat(fixture.progress).contains("Draining n3: Swarm moves its replicas to the other nodes.", "n3 runs no replica any more.",
                "n3 left the swarm.");
    }

    @Test
    void detachingTheLastNodeEndsTheCluster() throws InterruptedException {
        fixture.attach(1);
        fixture.attach(2);

        fixture.detach(2);
        fixture.detach(1);

        assertThat(fixture.attachedNames()).isEmpty();
        assertThat(fixture.nodes.cluster(fixture.environment.id())).isEmpty();
        assertThat(fixture.cluster.swarmState(1)).isEqualTo(LocalNodeState.INACTIVE);
        assertThat(fixture.cluster.swarmState(2)).isEqualTo(LocalNodeState.INACTIVE);
    }

    /** Waits until the service runs {@code count} tasks on {@code nodes} different nodes. */
    private void awaitRunning(String service, int count, int nodes) throws InterruptedException {
        var manager = fixture.cluster.docker(1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            var running = manager.listTasksCmd().withServiceFilter(service).withStateFilter(TaskState.RUNNING).exec();
            Set<String> on = running.stream().map(task -> task.getNodeId()).collect(Collectors.toSet());
            if (running.size() == count && on.size() == nodes) {
                return;
            }
            assertThat(System.nanoTime()).as("%d tasks on %d nodes in time; now %s", count, nodes, running.size()).isLessThan(deadline);
            Thread.sleep(300);
        }
    }
}
