package dev.homeport.model;

/**
 * The engine that runs an environment whose services spread over several nodes. Homeport
 * schedules nothing itself: the engine places replicas, restarts them and moves them off a
 * node that dies. Swarm is built into the Docker Engine that every node already runs.
 */
public enum ClusterEngine {
    SWARM("Docker Swarm");

    private final String label;

    ClusterEngine(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
