package dev.homeport.ssh.netdata;

import java.util.Arrays;

/**
 * One point of a chart: its time (the end of the interval it covers, in epoch
 * seconds) and one value per dimension, in the order of
 * {@link ChartData#dimensions()}. A gap in Netdata's data is {@link Double#NaN}.
 */
public record Sample(long epochSecond, double[] values) {
    public Sample {
        values = values.clone();
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    /** One dimension's value, without copying the array. */
    public double value(int dimension) {
        return values[dimension];
    }

    public int size() {
        return values.length;
    }

    /** The sum of the dimensions that have a value; NaN when none has. */
    public double total() {
        double sum = 0;
        boolean any = false;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                sum += v;
                any = true;
            }
        }
        return any ? sum : Double.NaN;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Sample that && epochSecond == that.epochSecond && Arrays.equals(values, that.values);
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
