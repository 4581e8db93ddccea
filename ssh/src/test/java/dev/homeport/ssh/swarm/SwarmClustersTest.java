package dev.homeport.ssh.swarm;

import static dev.homeport.ssh.swarm.ClusterFixture.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.model.LocalNodeState;
import com.github.dockerjava.api.model.SwarmSpec;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
        assertThat(three.members()).as("no service runs yet").allMatch(m -> three.replicasOn(m).equals(Replicas.NONE));
        assertThat(three.placing()).isEmpty();
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
    void aSecondNodeThatCannotBeReachedLeavesTheFirstOutOfAnySwarm() {
        fixture.attach(1);
        var gone = fixture.nodes.add(new dev.homeport.model.WorkerNode(0, "gone", "127.0.0.1", 1, "nobody",
                new dev.homeport.model.NodeIdentity.Agent(), null));

        assertThatThrownBy(() -> fixture.clusters.attach(fixture.environment.id(), gone, null, dev.homeport.ssh.transport.Prompts.NONE,
                fixture.progress::add))
                .isInstanceOf(ClusterException.class).hasMessageStartingWith("Cannot reach gone to make acme/shop/prod's nodes one cluster");
        assertThat(fixture.cluster.swarmState(1)).as("no swarm made for an attach that could not go on").isEqualTo(LocalNodeState.INACTIVE);

        assertThat(fixture.attachedNames()).containsExactly("n1");
        assertThat(fixture.nodes.cluster(fixture.environment.id())).isEmpty();
    }

    @Test
    void detachingDrainsTheNodeSoItsReplicasMoveBeforeItLeaves() throws InterruptedException {
        fixture.attachAll();
        String service = fixture.sleepers("homeport-test-sleepers", 3);
        await("a replica on every node", () -> fixture.runningOn(service).stream().distinct().count() == 3);
        String n3 = fixture.swarmNodeId(3);

        fixture.detach(3);

        assertThat(fixture.cluster.swarmState(3)).isEqualTo(LocalNodeState.INACTIVE);
        assertThat(fixture.attachedNames()).containsExactly("n1", "n2");
        ClusterView after = fixture.view();
        assertThat(after.members()).extracting(SwarmMember::homeportNode).containsExactly("n1", "n2");
        assertThat(after.managers()).as("one manager for two nodes").isEqualTo(1);
        // n3 is drained once its tasks stopped; their replacements may still be starting on n1 and n2.
        await("three replicas running, none on n3", () -> fixture.runningOn(service).size() == 3 && !fixture.runningOn(service).contains(n3));
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

}
