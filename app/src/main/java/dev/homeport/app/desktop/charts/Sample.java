package dev.homeport.app.desktop.charts;

import java.util.Arrays;

/** One point in time of a chart: a value per series, in the order of the chart's series; NaN for a gap. */
public record Sample(long epochSecond, double[] values) {
    public Sample {
        values = values.clone();
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    /** One series' value, without copying the array. */
    public double value(int series) {
        return values[series];
    }

    public int size() {
        return values.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Sample s && s.epochSecond == epochSecond && Arrays.equals(s.values, values);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(epochSecond) * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Sample[" + epochSecond + " " + Arrays.toString(values) + "]";
    }
}
