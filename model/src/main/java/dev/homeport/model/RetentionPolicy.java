package dev.homeport.model;

/**
 * How much history the store keeps, so it does not grow for ever.
 *
 * <ul>
 *   <li>{@code deploymentsKept}: the newest releases kept per service; older ones go, with their logs.
 *       The live release, one in progress, and the releases a service keeps for rollback are never removed.</li>
 *   <li>{@code logsKept}: the newest releases per service that keep their full log; older ones keep
 *       their record (state, image, reason) without the log lines.</li>
 *   <li>{@code eventDays}: node events (probes, provisioning) older than this many days go.</li>
 *   <li>{@code eventsKept}: the newest events kept per node, whatever their age.</li>
 * </ul>
 */
public record RetentionPolicy(int deploymentsKept, int logsKept, int eventDays, int eventsKept) {
    public static final int DEFAULT_DEPLOYMENTS_KEPT = 100;
    public static final int DEFAULT_LOGS_KEPT = 20;
    public static final int DEFAULT_EVENT_DAYS = 90;
    public static final int DEFAULT_EVENTS_KEPT = 1000;

    public RetentionPolicy {
        within("deployments", deploymentsKept, 1, 100_000);
        within("logs", logsKept, 0, 100_000);
        if (logsKept > deploymentsKept) {
            throw new ValidationException("logs", "cannot be more than the deployments kept (" + deploymentsKept + "), got " + logsKept);
        }
        within("eventDays", eventDays, 1, 3650);
        within("events", eventsKept, 1, 1_000_000);
    }

    public static RetentionPolicy defaults() {
        return new RetentionPolicy(DEFAULT_DEPLOYMENTS_KEPT, DEFAULT_LOGS_KEPT, DEFAULT_EVENT_DAYS, DEFAULT_EVENTS_KEPT);
    }

    private static void within(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ValidationException(field, "must be between " + min + " and " + max + ", got " + value);
        }
    }
}
