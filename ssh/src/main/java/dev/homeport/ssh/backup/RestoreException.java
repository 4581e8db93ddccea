package dev.homeport.ssh.backup;

/** A restore that could not start or finish, with a message for the user. */
public class RestoreException extends RuntimeException {
    public RestoreException(String message) {
        super(message);
    }

    public RestoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
