package dev.homeport.model;

import java.time.Instant;

/**
 * One entry in a Worker Node's history. {@code summary} is one line for a
 * list ("installed caddy 2.6.2; nothing else changed"); {@code detail} is the
 * full text (per-step changes, the probe's checks), or null.
 */
public record NodeEvent(long id, long nodeId, Instant at, NodeEventKind kind, String summary, String detail) {
    public static final int MAX_SUMMARY = 1024;

    public NodeEvent {
        if (kind == null) {
            throw new ValidationException("kind", "is required");
        }
        if (at == null) {
            throw new ValidationException("at", "is required");
        }
        Check.notBlank("summary", summary);
        if (summary.length() > MAX_SUMMARY) {
            throw new ValidationException("summary", "must be at most " + MAX_SUMMARY + " characters, got " + summary.length());
        }
    }
}
