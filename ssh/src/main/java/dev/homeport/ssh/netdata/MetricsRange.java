package dev.homeport.ssh.netdata;

import java.time.Duration;

/**
 * The windows the metrics view offers. Each asks Netdata for a fixed number of
 * points over its span, so Netdata averages the stored per-second values into
 * {@link #secondsPerPoint()} buckets (a chart collected less often, such as
 * system.load every 5 s, is never finer than its own collection interval).
 */
public enum MetricsRange {
    /** The last minute at 1 s; the view polls every second for points newer than the last one seen. */
    LIVE(Duration.ofSeconds(60), 60),
    /** 15 minutes at 5 s. */
    MINUTES_15(Duration.ofMinutes(15), 180),
    /** One hour at 10 s. */
    HOUR_1(Duration.ofHours(1), 360),
    /** 24 hours at 5 min. */
    HOURS_24(Duration.ofHours(24), 288);

    private final Duration span;
    private final int points;

    MetricsRange(Duration span, int points) {
        this.span = span;
        this.points = points;
    }

    public Duration span() {
        return span;
    }

    public int points() {
        return points;
    }

    public int secondsPerPoint() {
        return (int) (span.toSeconds() / points);
    }
}
