package dev.homeport.model;

import java.time.Instant;

/**
 * A moment in a release's life that its deployment row does not keep: when it went
 * LIVE, or a crash loop seen after that ({@code note}: "LIVE, then crashed 5 times in 2 min").
 */
public record ReleaseMark(long id, long deploymentId, Kind kind, Instant at, String note) {
    public enum Kind { LIVE, CRASHED }

    public ReleaseMark {
        if (kind == null) {
            throw new ValidationException("kind", "is required");
        }
        if (at == null) {
            throw new ValidationException("at", "is required");
        }
        if (note != null && note.length() > 1024) {
            throw new ValidationException("note", "must be at most 1024 characters, got " + note.length());
        }
    }
}
