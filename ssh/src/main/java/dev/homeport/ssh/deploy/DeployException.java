package dev.homeport.ssh.deploy;

/** A deployment cannot go on; the message says why, in the operator's words. */
public class DeployException extends RuntimeException {
    public DeployException(String message) {
        super(message);
    }

    public DeployException(String message, Throwable cause) {
        super(message, cause);
    }
}
