package dev.homeport.model.store;

/** Another Homeport process has the same store open. */
public final class StoreLockedException extends StoreException {
    public StoreLockedException(String message) {
        super(message);
    }
}
