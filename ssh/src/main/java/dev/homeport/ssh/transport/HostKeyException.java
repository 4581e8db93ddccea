package dev.homeport.ssh.transport;

import java.util.List;

/**
 * The connection stopped at the host key, before anything was sent to the
 * server. For an unknown key the caller shows {@link #presented()} to the user
 * and, if they accept, calls {@link HostKeys#accept} and connects again.
 */
public final class HostKeyException extends NodeException {
    public enum Reason { UNKNOWN, CHANGED, REVOKED }

    private final Reason reason;
    private final String host;
    private final int port;
    private final HostKeyInfo presented;
    private final List<HostKeyInfo> known;

    HostKeyException(Reason reason, String host, int port, HostKeyInfo presented, List<HostKeyInfo> known) {
        super(Kind.HOST_KEY_REJECTED, message(reason, host, port, presented, known));
        this.reason = reason;
        this.host = host;
        this.port = port;
        this.presented = presented;
        this.known = List.copyOf(known);
    }

    public Reason reason() {
        return reason;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public HostKeyInfo presented() {
        return presented;
    }

    /** The keys on record for this host (for a changed key). */
    public List<HostKeyInfo> known() {
        return known;
    }

    private static String message(Reason reason, String host, int port, HostKeyInfo presented, List<HostKeyInfo> known) {
        String where = port == 22 ? host : "[" + host + "]:" + port;
        return switch (reason) {
            case UNKNOWN -> "The authenticity of host '" + where + "' can't be established. " + presented.describe()
                    + ". Confirm the fingerprint with the server's owner before accepting it.";
            case CHANGED -> "WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED for '" + where + "'! Someone could be eavesdropping on you"
                    + " right now (man-in-the-middle attack), or the host key has just been changed. The server offered "
                    + presented.describe() + "; the key on record is " + known.stream().map(HostKeyInfo::describe)
                    .collect(java.util.stream.Collectors.joining(" and ")) + ". Homeport refused to connect. "
                    + "Replace the pinned key only if you know why it changed.";
            case REVOKED -> "The host key of '" + where + "' is marked @revoked in known_hosts (" + presented.describe()
                    + "). Homeport refused to connect.";
        };
    }
}
