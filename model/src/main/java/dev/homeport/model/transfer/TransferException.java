package dev.homeport.model.transfer;

/** An import file is broken or cannot be applied. The message says where. Nothing was changed. */
public final class TransferException extends RuntimeException {
    public TransferException(String message) {
        super(message);
    }

    public TransferException(String message, Throwable cause) {
        super(message, cause);
    }
}
