package dev.homeport.ssh.health;

import java.time.Duration;

/**
 * How often nodes are checked, how long one check may take, and how much free
 * space on / is enough.
 */
public record HealthSettings(Duration period, Duration checkTimeout, int minFreeDiskPercent) {
    public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CHECK_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MIN_FREE_DISK_PERCENT = 10;

    public HealthSettings {
        requirePositive("period", period);
        requirePositive("checkTimeout", checkTimeout);
        if (minFreeDiskPercent < 0 || minFreeDiskPercent > 100) {
            throw new IllegalArgumentException("minFreeDiskPercent: must be 0–100, was " + minFreeDiskPercent);
        }
    }

    public static HealthSettings defaults() {
        return new HealthSettings(DEFAULT_PERIOD, DEFAULT_CHECK_TIMEOUT, DEFAULT_MIN_FREE_DISK_PERCENT);
    }

    public HealthSettings withPeriod(Duration newPeriod) {
        return new HealthSettings(newPeriod, checkTimeout, minFreeDiskPercent);
    }

    static void requirePositive(String field, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + ": must be a positive duration, was " + value);
        }
    }
}
