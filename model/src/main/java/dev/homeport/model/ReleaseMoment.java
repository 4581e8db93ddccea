package dev.homeport.model;

import java.time.Instant;

/**
 * A moment a chart marks: a release went LIVE, FAILED, was ROLLED_BACK (retired by a rollback),
 * or CRASHED after it went live. Read from the deployment history and its {@link ReleaseMark}s.
 */
public record ReleaseMoment(long deploymentId, long serviceId, Kind kind, Instant at, String note) {
    public enum Kind { LIVE, FAILED, ROLLED_BACK, CRASHED }
}
