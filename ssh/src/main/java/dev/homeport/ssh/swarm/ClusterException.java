package dev.homeport.ssh.swarm;

/** A change to an environment's cluster cannot go on; the message says why, and what was left as it was. */
public class ClusterException extends RuntimeException {
    public ClusterException(String message) {
        super(message);
    }

    public ClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
