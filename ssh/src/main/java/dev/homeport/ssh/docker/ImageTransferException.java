package dev.homeport.ssh.docker;

import java.util.List;

/** An image copy that did not reach every target. The message names each node that failed and why; the others are done. */
public final class ImageTransferException extends RuntimeException {
    private final transient List<ImageTransfer.Outcome> outcomes;

    ImageTransferException(String message, List<ImageTransfer.Outcome> outcomes, Throwable cause) {
        super(message, cause);
        this.outcomes = List.copyOf(outcomes);
    }

    /** One outcome per target, in the order they were given (empty when the source itself failed before any target). */
    public List<ImageTransfer.Outcome> outcomes() {
        return outcomes;
    }
}
