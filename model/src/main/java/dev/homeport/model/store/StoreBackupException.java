package dev.homeport.model.store;

/** A store backup could not be made, or a backup file cannot be restored. The message is meant for the user. */
public class StoreBackupException extends StoreException {
    public StoreBackupException(String message) {
        super(message);
    }

    public StoreBackupException(String message, Throwable cause) {
        super(message, cause);
    }
}
