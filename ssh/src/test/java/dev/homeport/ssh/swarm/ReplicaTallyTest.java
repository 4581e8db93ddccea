package dev.homeport.ssh.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskSpec;
import com.github.dockerjava.api.model.TaskState;
import com.github.dockerjava.api.model.TaskStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Counting replicas per member from a task list as a manager gives it, and the line that says they move. */
class ReplicaTallyTest {
    private static final Map<String, String> OURS = Map.of(ReplicaTally.SERVICE_LABEL, "7");

    @Test
    void countsHomeportReplicasThatSwarmWantsRunningPerMember() {
        ReplicaTally tally = ReplicaTally.of(List.of(
                task("a", OURS, TaskState.RUNNING, TaskState.RUNNING),
                task("a", OURS, TaskState.RUNNING, TaskState.RUNNING),
                task("b", OURS, TaskState.RUNNING, TaskState.STARTING),
                task("b", OURS, TaskState.READY, TaskState.ASSIGNED), // a restart waiting out its delay
                task("c", OURS, TaskState.SHUTDOWN, TaskState.RUNNING), // a dead node's old replica
                task("c", OURS, TaskState.SHUTDOWN, TaskState.SHUTDOWN),
                task("b", OURS, TaskState.RUNNING, TaskState.FAILED),
                task("a", Map.of("dev.homeport.edge", "true"), TaskState.RUNNING, TaskState.RUNNING), // the edge
                task("a", Map.of(), TaskState.RUNNING, TaskState.RUNNING),
                task(null, OURS, TaskState.RUNNING, TaskState.PENDING)));

        assertThat(tally.byMember()).containsOnly(Map.entry("a", new Replicas(2, 0)), Map.entry("b", new Replicas(0, 2)));
        assertThat(tally.unplaced()).isEqualTo(1);
    }

    @Test
    void theLinesSayWhatRunsAndWhatMoves() {
        SwarmMember a = member("a", "n1", "ready");
        SwarmMember b = member("b", "n2", "ready");
        SwarmMember c = member("c", "n3", "down");
        ClusterView moving = new ClusterView("acme/shop/prod", "Docker Swarm", "x", List.of(a, b, c), List.of(),
                Map.of("a", new Replicas(1, 1), "b", new Replicas(1, 0)), 1);
        ClusterView deploying = new ClusterView("acme/shop/prod", "Docker Swarm", "x", List.of(a, b), List.of(),
                Map.of("a", new Replicas(1, 1)), 0);

        assertThat(moving.replicasOn(a).describe()).isEqualTo("1 (+1 starting)");
        assertThat(moving.replicasOn(c)).isEqualTo(Replicas.NONE);
        assertThat(moving.replicasOn(a).words()).isEqualTo("1 replica (+1 starting)");
        assertThat(new Replicas(3, 0).words()).isEqualTo("3 replicas");
        assertThat(moving.placing()).isEqualTo("n3 is down: 2 replicas are starting on the other nodes (1 waits for a node to run on).");
        assertThat(deploying.placing()).isEqualTo("1 replica is starting.");
        assertThat(new ClusterView("acme/shop/prod", "Docker Swarm", "x", List.of(a), List.of()).placing()).isEmpty();
    }

    private static Task task(String node, Map<String, String> labels, TaskState desired, TaskState state) {
        return new Task().withNodeId(node).withDesiredState(desired).withStatus(new TaskStatus().withState(state))
                .withSpec(new TaskSpec().withContainerSpec(new ContainerSpec().withLabels(labels)));
    }

    private static SwarmMember member(String id, String node, String state) {
        return new SwarmMember(id, node, "host-" + id, "10.0.0.1", true, false, true, state, "active", "20.10");
    }
}
