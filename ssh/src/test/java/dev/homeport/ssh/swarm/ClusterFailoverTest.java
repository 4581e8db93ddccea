package dev.homeport.ssh.swarm;

import static dev.homeport.ssh.swarm.ClusterFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import java.nio.file.Path;
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
 * down, its replicas run again on the others, and when its Docker starts again it is a ready
 * member with no help from Homeport.
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
        String service = fixture.sleepers("homeport-test-failover", 3);
        await("a replica on every node", () -> fixture.runningOn(service).stream().distinct().count() == 3);
        String n3 = fixture.swarmNodeId(3);

        fixture.cluster.nodeDown(3);
        long died = System.nanoTime();
        ClusterView down = awaitView("n3 down", view -> member(view, "n3").state().equals("down"));
        await("three replicas running without n3", () -> fixture.runningOn(service).size() == 3 && !fixture.runningOn(service).contains(n3));
        double movedSeconds = (System.nanoTime() - died) / 1e9;

        fixture.cluster.nodeUp(3);
        ClusterView back = awaitView("n3 ready again", view -> member(view, "n3").ready());

        assertThat(member(down, "n1").ready()).isTrue();
        assertThat(member(down, "n2").ready()).isTrue();
        assertThat(down.ready()).isEqualTo(2);
        assertThat(movedSeconds).as("replicas ran elsewhere within a minute of the crash").isLessThan(60);
        assertThat(back.members()).extracting(SwarmMember::homeportNode).containsExactly("n1", "n2", "n3");
        assertThat(back.ready()).isEqualTo(3);
        assertThat(back.problems()).isEmpty();
        assertThat(fixture.attachedNames()).containsExactly("n1", "n2", "n3");
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
