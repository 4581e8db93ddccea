package dev.homeport.ssh.swarm;

/**
 * The replicas of Homeport's services on one member of a cluster: {@code running} run there
 * now; {@code starting} are placed there by Swarm but not running yet (a node's replicas being
 * started elsewhere after it died, a rolling update, a scale).
 */
public record Replicas(int running, int starting) {
    public static final Replicas NONE = new Replicas(0, 0);

    /** For a table column headed "Replicas": "3", "1 (+2 starting)". */
    public String describe() {
        return starting == 0 ? Integer.toString(running) : running + " (+" + starting + " starting)";
    }

    /** For a line without a header: "3 replicas", "1 replica (+2 starting)". */
    public String words() {
        return running + (running == 1 ? " replica" : " replicas") + (starting == 0 ? "" : " (+" + starting + " starting)");
    }

    Replicas plus(boolean isRunning) {
        return isRunning ? new Replicas(running + 1, starting) : new Replicas(running, starting + 1);
    }
}
