package dev.homeport.ssh.proxy;

/**
 * Caddy on a node could not be asked, refused a change, or holds something in
 * its config that stops Homeport from routing. The message says which, in
 * Caddy's own words where it gave any.
 */
public class ProxyException extends RuntimeException {
    /** Caddy's answer to a change whose If-Match no longer matched: someone else changed the config first. */
    public static final int PRECONDITION_FAILED = 412;

    private final int status;

    public ProxyException(String message) {
        this(message, 0, null);
    }

    public ProxyException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status Caddy answered with, or 0 when it did not answer (or the refusal is Homeport's). */
    public int status() {
        return status;
    }
}
