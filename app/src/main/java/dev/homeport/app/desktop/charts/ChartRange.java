package dev.homeport.app.desktop.charts;

import java.time.Duration;

/** The ranges a metrics chart offers: a live minute updated every second, and three history windows. */
public enum ChartRange {
    LIVE("Live", Duration.ofSeconds(60)),
    MINUTES_15("15 min", Duration.ofMinutes(15)),
    HOUR_1("1 h", Duration.ofHours(1)),
    HOURS_24("24 h", Duration.ofHours(24));

    private final String label;
    private final Duration window;

    ChartRange(String label, Duration window) {
        this.label = label;
        this.window = window;
    }

    public Duration window() {
        return window;
    }

    @Override
    public String toString() {
        return label;
    }
}
