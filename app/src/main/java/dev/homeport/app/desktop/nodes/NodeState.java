package dev.homeport.app.desktop.nodes;

import dev.homeport.ssh.nodes.NodeService.ConnectionReport;
import dev.homeport.ssh.transport.HostKeyException;
import dev.homeport.ssh.transport.NodeException;

/** What the page knows about a node's connection: from the last listing, or from a test the user ran. */
sealed interface NodeState {
    /** The short word shown next to the node's name. */
    String label();

    /** Homeport holds an open connection; {@code report} is there when the user just tested it. */
    record Connected(ConnectionReport report) implements NodeState {
        public String label() {
            return "connected";
        }
    }

    record NotConnected() implements NodeState {
        public String label() {
            return "not connected";
        }
    }

    record Testing() implements NodeState {
        public String label() {
            return "testing…";
        }
    }

    /** The test stopped at the host key: unknown (the user may trust it) or changed or revoked (refused). */
    record HostKeyProblem(HostKeyException problem) implements NodeState {
        public String label() {
            return "failed: " + NodeMessages.shortReason(problem);
        }
    }

    /** The test failed for any other reason, said in {@code message}. */
    record Failed(String reason, String message) implements NodeState {
        static Failed of(Throwable failure) {
            return new Failed(failure instanceof NodeException e ? NodeMessages.shortReason(e) : "error", NodeMessages.of(failure));
        }

        public String label() {
            return "failed: " + reason;
        }
    }
}
