package dev.homeport.ssh.swarm;

/**
 * A node a cluster-wide change could not reach (its SSH connection, or its Docker through it), and why. The
 * change went on on the other nodes: a dead node must not stop the living ones from being served. Run the
 * change again once the node is back.
 */
public record SkippedNode(String node, String reason) {
    @Override
    public String toString() {
        return node + ": " + reason;
    }
}
