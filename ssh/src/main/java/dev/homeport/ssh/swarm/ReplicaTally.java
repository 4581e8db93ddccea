package dev.homeport.ssh.swarm;

import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The replicas of Homeport's services counted per member, from one list of the cluster's tasks.
 * A replica is a task whose container carries {@link #SERVICE_LABEL} (the edge's do not) and
 * that Swarm wants running: it runs, or is still on its way there. Tasks Swarm is stopping
 * (a dead node's old replicas, a replaced release) are not counted. {@code unplaced}: replicas
 * that no member has been given yet.
 */
record ReplicaTally(Map<String, Replicas> byMember, int unplaced) {
    /** The label a release puts on each replica's container: the service's node key. */
    static final String SERVICE_LABEL = "dev.homeport.service";

    ReplicaTally {
        byMember = Map.copyOf(byMember);
    }

    static ReplicaTally of(List<Task> tasks) {
        Map<String, Replicas> byMember = new HashMap<>();
        int unplaced = 0;
        for (Task task : tasks) {
            if (!homeportReplica(task) || !wanted(task)) {
                continue;
            }
            TaskState state = task.getStatus() == null ? null : task.getStatus().getState();
            boolean running = state == TaskState.RUNNING;
            if (!running && state != null && state.compareTo(TaskState.RUNNING) > 0) {
                continue; // it ended; Swarm starts another, which is counted
            }
            String node = task.getNodeId();
            if (node == null || node.isEmpty()) {
                unplaced++;
            } else {
                byMember.merge(node, Replicas.NONE.plus(running), (a, b) -> a.plus(running));
            }
        }
        return new ReplicaTally(byMember, unplaced);
    }

    private static boolean homeportReplica(Task task) {
        var spec = task.getSpec();
        return spec != null && spec.getContainerSpec() != null && spec.getContainerSpec().getLabels() != null
                && spec.getContainerSpec().getLabels().containsKey(SERVICE_LABEL);
    }

    /** Swarm wants it running: desired running, or ready (a restart waiting out its delay, an update's new replica). */
    private static boolean wanted(Task task) {
        return task.getDesiredState() == TaskState.RUNNING || task.getDesiredState() == TaskState.READY;
    }
}
