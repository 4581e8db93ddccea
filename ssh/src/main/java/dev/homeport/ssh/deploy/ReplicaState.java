package dev.homeport.ssh.deploy;

import java.time.Instant;

/**
 * One container of a service's live release as Docker reports it now: where it runs, whether it
 * runs, how often it was restarted and how it last ended. On one node, the release's container
 * ({@code docker inspect}: RestartCount, State.ExitCode, State.OOMKilled, State.FinishedAt); on a
 * cluster, a replica slot, where Swarm replaces a failed task with a new one instead of restarting
 * it, so its restarts are the tasks the slot has had beyond the first.
 *
 * @param replica    what the page calls it: the service's name on one node, {@code name.slot@node} on a cluster
 * @param node       the Worker Node it runs on, by Homeport's name (null when Swarm has not placed it)
 * @param container  the container's name as Docker and Netdata know it (null when the task has none yet)
 * @param exitCode   the last exit code (null when it never ended)
 * @param finishedAt when it last ended (null when it never ended)
 */
public record ReplicaState(String replica, String node, String containerId, String container, long deploymentId, boolean running,
                           String status, int restarts, Integer exitCode, boolean oomKilled, Instant startedAt, Instant finishedAt) {

    /** "running, restarted 3 times, last exit 1 (OOM killed) at …" in short words for the page. */
    public String describe() {
        StringBuilder text = new StringBuilder(status == null ? (running ? "running" : "stopped") : status);
        text.append(restarts == 0 ? ", never restarted" : restarts == 1 ? ", restarted once" : ", restarted " + restarts + " times");
        if (exitCode != null) {
            text.append(", last exit ").append(exitCode);
            if (oomKilled) {
                text.append(" (out of memory)");
            }
        }
        return text.toString();
    }
}
