package dev.homeport.ssh.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.TaskSpec;
import com.github.dockerjava.api.model.TaskState;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import java.nio.file.Path;
import java.util.List;
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
        fixture.attach(1);
        fixture.attach(2);
        fixture.attach(3);
        var manager = fixture.cluster.docker(1);
        String service = manager.createServiceCmd(new ServiceSpec().withName("homeport-test-failover")
                .withTaskTemplate(new TaskSpec().withContainerSpec(new ContainerSpec().withImage(fixture.cluster.baseImage())
                        .withCommand(List.of("sleep", "infinity")).withStopGracePeriod(1_000_000_000L)))
                .withMode(new ServiceModeConfig().withReplicated(new ServiceReplicatedModeOptions().withReplicas(3)))).exec().getId();
        await("a replica on every node", () -> runningOn(service).size() == 3 && runningOn(service).stream().distinct().count() == 3);
        String n3 = fixture.cluster.docker(3).infoCmd().exec().getSwarm().getNodeID();

        fixture.cluster.nodeDown(3);
        long died = System.nanoTime();
        ClusterView down = awaitView("n3 down", view -> member(view, "n3").state().equals("down"));
        await("three replicas running without n3", () -> runningOn(service).size() == 3 && !runningOn(service).contains(n3));
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

    private List<String> runningOn(String service) {
        return fixture.cluster.docker(1).listTasksCmd().withServiceFilter(service).withStateFilter(TaskState.RUNNING).exec()
                .stream().map(task -> task.getNodeId()).toList();
    }

    private static SwarmMember member(ClusterView view, String node) {
        return view.members().stream().filter(m -> node.equals(m.homeportNode())).findFirst().orElseThrow();
    }

    private ClusterView awaitView(String what, Predicate<ClusterView> condition) throws InterruptedException {
        ClusterView[] seen = new ClusterView[1];
        await(what, () -> condition.test(seen[0] = fixture.view()));
        return seen[0];
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("%s within 90 s", what).isLessThan(deadline);
            Thread.sleep(500);
        }
    }
}
