package dev.homeport.model.inventory;

/** What the user named does not exist. */
public final class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
