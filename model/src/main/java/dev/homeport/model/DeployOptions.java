package dev.homeport.model;

import java.util.List;

/**
 * How a service's releases run and are checked: the health gate and its
 * timeout, Docker's restart policy, volumes, how many releases to keep for
 * rollback, how long the old release drains after traffic moved, and how many
 * replicas run when the environment's nodes form a cluster (a one-node
 * environment runs one container, whatever the number says), and the node
 * they must all run on when pinned (a database that stays where its volume
 * is); null lets Swarm spread them.
 * A null gate means the default for the service's port.
 */
public record DeployOptions(HealthGate healthGate, int healthTimeoutSeconds, RestartPolicy restart, List<Volume> volumes,
                            int keepReleases, int drainSeconds, int replicas, String pinnedNode) {
    public static final int DEFAULT_HEALTH_TIMEOUT_SECONDS = 60;
    public static final int DEFAULT_KEEP_RELEASES = 5;
    public static final int DEFAULT_DRAIN_SECONDS = 5;
    public static final int DEFAULT_REPLICAS = 1;
    public static final int MAX_REPLICAS = 100;

    public DeployOptions {
        if (healthTimeoutSeconds < 1 || healthTimeoutSeconds > 3600) {
            throw new ValidationException("healthTimeout", "must be between 1 and 3600 seconds, got " + healthTimeoutSeconds);
        }
        restart = restart == null ? RestartPolicy.UNLESS_STOPPED : restart;
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
        if (volumes.stream().map(Volume::target).distinct().count() != volumes.size()) {
            throw new ValidationException("volume", "two volumes are mounted at the same path");
        }
        if (keepReleases < 1 || keepReleases > 100) {
            throw new ValidationException("keepReleases", "must be between 1 and 100, got " + keepReleases);
        }
        if (drainSeconds < 0 || drainSeconds > 600) {
            throw new ValidationException("drain", "must be between 0 and 600 seconds, got " + drainSeconds);
        }
        if (replicas < 1 || replicas > MAX_REPLICAS) {
            throw new ValidationException("replicas", "must be between 1 and " + MAX_REPLICAS + ", got " + replicas);
        }
        pinnedNode = pinnedNode == null || pinnedNode.isBlank() ? null : Check.dnsLabel("pinnedNode", pinnedNode.strip());
    }

    public static DeployOptions defaults() {
        return new DeployOptions(null, DEFAULT_HEALTH_TIMEOUT_SECONDS, RestartPolicy.UNLESS_STOPPED, List.of(),
                DEFAULT_KEEP_RELEASES, DEFAULT_DRAIN_SECONDS, DEFAULT_REPLICAS, null);
    }

    /** The gate that applies: the chosen one, or HTTP for a service with a port and RUNNING for one without. */
    public HealthGate gateFor(Integer port) {
        return healthGate == null ? HealthGate.defaultFor(port) : healthGate;
    }

    public DeployOptions withHealth(HealthGate gate, int timeoutSeconds) {
        return new DeployOptions(gate, timeoutSeconds, restart, volumes, keepReleases, drainSeconds, replicas, pinnedNode);
    }

    public DeployOptions withRestart(RestartPolicy policy) {
        return new DeployOptions(healthGate, healthTimeoutSeconds, policy, volumes, keepReleases, drainSeconds, replicas, pinnedNode);
    }

    public DeployOptions withVolumes(List<Volume> newVolumes) {
        return new DeployOptions(healthGate, healthTimeoutSeconds, restart, newVolumes, keepReleases, drainSeconds, replicas, pinnedNode);
    }

    public DeployOptions withKeepReleases(int count) {
        return new DeployOptions(healthGate, healthTimeoutSeconds, restart, volumes, count, drainSeconds, replicas, pinnedNode);
    }

    public DeployOptions withReplicas(int count) {
        return new DeployOptions(healthGate, healthTimeoutSeconds, restart, volumes, keepReleases, drainSeconds, count, pinnedNode);
    }

    /** Pinned to the Worker Node of that name, or spread by Swarm for null. */
    public DeployOptions withPinnedNode(String node) {
        return new DeployOptions(healthGate, healthTimeoutSeconds, restart, volumes, keepReleases, drainSeconds, replicas, node);
    }

    public DeployOptions withDrainSeconds(int seconds) {
        return new DeployOptions(healthGate, healthTimeoutSeconds, restart, volumes, keepReleases, seconds, replicas, pinnedNode);
    }
}
