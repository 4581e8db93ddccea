package dev.homeport.ssh.tunnel;

/** The local port asked for is taken; names it, and a free one to use instead. */
public final class LocalPortInUseException extends RuntimeException {
    private final int port;
    private final int suggestion;

    LocalPortInUseException(int port, int suggestion, Throwable cause) {
        super("Local port " + port + " is already in use on 127.0.0.1 (another program, or another tunnel, listens there)."
                + (suggestion > 0 ? " Port " + suggestion + " is free: use that one (--local " + suggestion + "),"
                        : " Choose another (--local PORT),") + " or leave the local port out to take any free port.", cause);
        this.port = port;
        this.suggestion = suggestion;
    }

    public int port() {
        return port;
    }

    /** A port that was free a moment ago, or 0. */
    public int suggestion() {
        return suggestion;
    }
}
