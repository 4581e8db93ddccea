package dev.homeport.ssh.deploy;

import java.util.List;

/**
 * Where a release runs and how traffic reaches it: a container on one node ({@link NodeRelease}) or a
 * Swarm service on a cluster ({@link SwarmRelease}). {@link Pipeline} drives it through the deployment's
 * states, and records each; until {@link #route} the previous release serves, untouched.
 */
interface ReleaseTarget {
    /** Where, for the log's first line: "to n1", "to the cluster of n1, n2 and n3". */
    String describe();

    /** Refuses, before anything is built or started, domains that another service's route holds. */
    void requireDomainsFree();

    /** STARTING: runs the prepared image beside the live release. */
    void start(PreparedImage image);

    /** HEALTH_CHECKING: returns once the new release passes its health gate, else throws {@link HealthGateCheck.HealthGateFailed}. */
    void awaitHealthy();

    /** ROUTING: points the service's domains at the new release. */
    void route();

    /** After LIVE: the previous release finishes its requests and stops; releases beyond the kept number go. Never throws. */
    void retirePrevious();

    /** Cancelled before traffic moved: takes away what {@link #start} made. Never throws. */
    void removeNew();

    /** The health check failed: stops what {@link #start} made. Returns what became of it, as a sentence. Never throws. */
    String stopNew();

    /**
     * True when {@link #start} stopped the previous release first (a database: one container at a time on
     * its data); then {@link #stopNew} and {@link #removeNew} start it again, and say so.
     */
    default boolean stoppedPrevious() {
        return false;
    }

    /** The new release's last lines of output, oldest first, for a failed health check. */
    List<String> lastLines(int count);
}
