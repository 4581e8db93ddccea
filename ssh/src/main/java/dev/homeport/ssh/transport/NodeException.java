package dev.homeport.ssh.transport;

/**
 * A Worker Node could not be reached or used. {@link #kind()} says which of
 * the things a user can act on went wrong; the message says it in words.
 */
public class NodeException extends RuntimeException {
    public enum Kind {
        /** The name does not resolve, or there is no route to the host. */
        UNREACHABLE,
        /** The host answered, but nothing listens on the port. */
        REFUSED,
        /** No answer within the connect or authentication timeout. */
        TIMED_OUT,
        /** The server refused every credential offered. */
        AUTH_FAILED,
        /** The server's host key is not known yet, has changed, or is revoked. */
        HOST_KEY_REJECTED,
        /** The connection dropped while in use. */
        DISCONNECTED,
        /** A remote command ran longer than its timeout. */
        COMMAND_TIMED_OUT,
        /** Anything else on the SSH level, such as no common algorithm. */
        PROTOCOL
    }

    private final Kind kind;

    public NodeException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public NodeException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
