package dev.homeport.ssh.transport;

/** A remote command ran, but ended with a non-zero status. */
public final class RemoteCommandException extends RuntimeException {
    private final transient ExecResult result;

    public RemoteCommandException(String message, ExecResult result) {
        super(message);
        this.result = result;
    }

    public ExecResult result() {
        return result;
    }
}
