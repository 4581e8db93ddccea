package dev.homeport.ssh.backup;

/** A backup operation that could not be done; the message says why and what to do. */
public class BackupException extends RuntimeException {
    public BackupException(String message) {
        super(message);
    }

    public BackupException(String message, Throwable cause) {
        super(message, cause);
    }
}
