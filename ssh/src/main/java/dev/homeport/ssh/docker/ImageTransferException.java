package dev.homeport.ssh.docker;

import java.util.List;

/**
 * An image copy that did not reach every target. The message names each node that failed and why
 * (or the source, when it could not be read); the targets that did not fail are done.
 */
public final class ImageTransferException extends RuntimeException {
    private final transient List<ImageTransfer.Outcome> outcomes;

    ImageTransferException(String message, List<ImageTransfer.Outcome> outcomes, Throwable cause) {
        super(message, cause);
        this.outcomes = List.copyOf(outcomes);
    }

    /** One outcome per target, in the order they were given (empty when the source has no such image or cannot be asked). */
    public List<ImageTransfer.Outcome> outcomes() {
        return outcomes;
    }
}
