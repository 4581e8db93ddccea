package dev.homeport.ssh.swarm;

import static dev.homeport.ssh.swarm.ClusterFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node of a three-node cluster dies (its dockerd killed, as in a crash): the cluster shows it
 * down, its replicas run again on the others (the view counts them starting, then running there),
 * and when its Docker starts again it is a ready member with no help from Homeport.
 */
@ExtendWith(RigExtension.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ClusterFailoverTest {
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
    void aDeadNodeShowsDownItsReplicasMoveAndItRejoinsByItselfWhenBack() throws InterruptedException {
        fixture.attachAll();
        String service = fixture.sleepers("homeport-test-failover", 3, Map.of(ReplicaTally.SERVICE_LABEL, "7"));
        String other = fixture.sleepers("homeport-test-not-ours", 1);
        await("a replica on every node", () -> fixture.runningOn(service).stream().distinct().count() == 3
                && fixture.runningOn(other).size() == 1);
        ClusterView before = awaitView("a counted replica on every node", view -> view.members().stream()
                .allMatch(m -> view.replicasOn(m).equals(new Replicas(1, 0))));
        String n3 = fixture.swarmNodeId(3);

        fixture.cluster.nodeDown(3);
        long died = System.nanoTime();
        ClusterView down = awaitView("n3 down", view -> member(view, "n3").state().equals("down"));
        // Swarm waits out the service's restart delay (5 s by default) before the new replica runs.
        ClusterView moving = awaitView("n3's replica starting on another node", view -> view.starting() > 0 || running(view) == 3
                && view.replicasOn(member(view, "n3")).running() == 0);
        ClusterView moved = awaitView("three replicas running without n3", view -> running(view) == 3 && view.starting() == 0
                && view.replicasOn(member(view, "n3")).equals(Replicas.NONE));
        await("three replicas running without n3", () -> fixture.runningOn(service).size() == 3 && !fixture.runningOn(service).contains(n3));
        double movedSeconds = (System.nanoTime() - died) / 1e9;

        fixture.cluster.nodeUp(3);
        ClusterView back = awaitView("n3 ready again", view -> member(view, "n3").ready());

        assertThat(before.starting()).isZero();
        assertThat(before.placing()).isEmpty();
        assertThat(member(down, "n1").ready()).isTrue();
        assertThat(member(down, "n2").ready()).isTrue();
        assertThat(down.ready()).isEqualTo(2);
        assertThat(moving.starting()).as("the dead node's replica seen on its way to another node").isEqualTo(1);
        // Swarm may not have given the new task a node yet at that moment, which the line then adds ("(1 waits …)").
        assertThat(moving.placing()).startsWith("n3 is down: 1 replica is starting on the other nodes");
        assertThat(moving.replicasOn(member(moving, "n3"))).as("a dead node's old replica is not counted").isEqualTo(Replicas.NONE);
        assertThat(running(moving)).isEqualTo(2);
        assertThat(moved.placing()).isEmpty();
        assertThat(moved.members()).extracting(m -> moved.replicasOn(m).describe()).containsExactlyInAnyOrder("2", "1", "0");
        assertThat(movedSeconds).as("replicas ran elsewhere within a minute of the crash").isLessThan(60);
        assertThat(back.members()).extracting(SwarmMember::homeportNode).containsExactly("n1", "n2", "n3");
        assertThat(back.ready()).isEqualTo(3);
        assertThat(back.problems()).isEmpty();
        assertThat(running(back)).isEqualTo(3);
        assertThat(back.replicasOn(member(back, "n3"))).as("Swarm does not move replicas back by itself").isEqualTo(Replicas.NONE);
        assertThat(fixture.attachedNames()).containsExactly("n1", "n2", "n3");
    }

    /** The Homeport replicas running on all members. */
    private static int running(ClusterView view) {
        return view.members().stream().mapToInt(m -> view.replicasOn(m).running()).sum();
    }

    private static SwarmMember member(ClusterView view, String node) {
        return view.members().stream().filter(m -> node.equals(m.homeportNode())).findFirst().orElseThrow();
    }

    private ClusterView awaitView(String what, Predicate<ClusterView> condition) throws InterruptedException {
        ClusterView[] seen = new ClusterView[1];
        await(what, () -> condition.test(seen[0] = fixture.view()));
        return seen[0];
    }

}
