package dev.homeport.ssh.health;

/**
 * Receives check results. Both methods are called on the monitor's one
 * event thread (a virtual thread named {@code homeport-health-events}), never
 * on a checking thread, in the order the results came: a slow listener delays
 * later events but never a check. The UI hands them to the FX thread with
 * {@code Platform.runLater}. An exception thrown here is logged and dropped.
 */
public interface NodeHealthListener {
    /** After every round of checks on a node. */
    default void onResult(NodeHealth health) {
    }

    /** After a round that changed the node's state; called after {@link #onResult} for that round. */
    default void onStateChange(NodeHealthChanged change) {
    }
}
