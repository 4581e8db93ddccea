package dev.homeport.ssh.health;

import dev.homeport.ssh.transport.NodeConnection;
import java.time.Duration;

/**
 * One thing to check on a node once it is reachable over SSH. A check blocks
 * while it works and must end on its own within about {@code timeout} (pass it
 * to every remote call): the monitor reports a check that overruns as failed at
 * the timeout, but starts the node's next round only once it has ended. A check
 * may throw; the exception's message becomes the failure.
 */
public interface HealthCheck {
    /** A short, stable name, such as "docker"; shown to the operator and used to find the result. */
    String name();

    CheckResult check(NodeConnection connection, Duration timeout);
}
