package dev.homeport.ssh.netdata;

import java.util.List;
import java.util.OptionalInt;

/**
 * The points of one chart over a window, oldest first. Each sample holds one
 * value per entry of {@code dimensions}, in {@code units}.
 */
public record ChartData(String chart, String title, String units, List<String> dimensions, List<Sample> samples) {
    public ChartData {
        dimensions = List.copyOf(dimensions);
        samples = List.copyOf(samples);
    }

    /** The index of a dimension by name, or -1. */
    public int dimension(String name) {
        return dimensions.indexOf(name);
    }

    /** The newest sample, or null when there is none. */
    public Sample latest() {
        return samples.isEmpty() ? null : samples.getLast();
    }

    /** Seconds between consecutive samples; empty with fewer than two samples. */
    public OptionalInt secondsPerPoint() {
        if (samples.size() < 2) {
            return OptionalInt.empty();
        }
        return OptionalInt.of((int) (samples.get(1).epochSecond() - samples.get(0).epochSecond()));
    }
}
