package dev.homeport.ssh.transport;

import java.io.IOException;
import org.apache.sshd.client.session.forward.ExplicitPortForwardingTracker;

/** A local port that leads to a port on (or behind) the node; closing it stops the forward. */
public final class PortForward implements AutoCloseable {
    private final ExplicitPortForwardingTracker tracker;
    private final NodeConnection.Lease lease;

    PortForward(ExplicitPortForwardingTracker tracker, NodeConnection.Lease lease) {
        this.tracker = tracker;
        this.lease = lease;
    }

    public int localPort() {
        return tracker.getBoundAddress().getPort();
    }

    public String localUrl(String scheme) {
        return scheme + "://127.0.0.1:" + localPort();
    }

    @Override
    public void close() {
        try {
            tracker.close();
        } catch (IOException ignored) {
            // the session may be gone already, which also ends the forward
        } finally {
            lease.close();
        }
    }
}
