package dev.homeport.app.desktop.charts;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The time axis: ticks on whole local seconds, minutes or hours, as many as fit
 * at {@code minSpacing} pixels apart. Steps under a minute show seconds.
 */
final class TimeTicks {
    private static final long[] STEPS = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400};
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("HH:mm");

    private TimeTicks() {
    }

    record Tick(long epochSecond, String label) {
    }

    static List<Tick> between(long from, long to, double width, double minSpacing, ZoneId zone) {
        List<Tick> ticks = new ArrayList<>();
        if (to <= from || width <= 0) {
            return ticks;
        }
        int fit = Math.max(1, (int) (width / minSpacing));
        long step = STEPS[STEPS.length - 1];
        for (long candidate : STEPS) {
            if ((to - from) / candidate <= fit) {
                step = candidate;
                break;
            }
        }
        DateTimeFormatter format = (step < 60 ? SECONDS : MINUTES).withZone(zone);
        // Align on the local clock, so hourly ticks fall on full hours in the user's time zone.
        long offset = zone.getRules().getOffset(Instant.ofEpochSecond(from)).getTotalSeconds();
        long first = Math.floorDiv(from + offset + step - 1, step) * step - offset;
        for (long t = first; t <= to; t += step) {
            ticks.add(new Tick(t, format.format(Instant.ofEpochSecond(t))));
        }
        return ticks;
    }
}
