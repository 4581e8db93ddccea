package dev.homeport.app.desktop.charts;

import dev.homeport.ssh.netdata.Sample;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The points of a chart, oldest first: one time column and a value column per
 * series, in arrays that grow by doubling and drop old points by moving the
 * start, so appending and trimming cost O(1) amortised and nothing is boxed.
 */
final class SeriesData {
    private int seriesCount;
    private long[] times = new long[64];
    private double[][] values = new double[0][64];
    private int start;
    private int end;

    /** Forgets every point and keeps room for {@code count} series. */
    void reset(int count) {
        seriesCount = count;
        values = new double[count][times.length];
        start = 0;
        end = 0;
    }

    int seriesCount() {
        return seriesCount;
    }

    int size() {
        return end - start;
    }

    long time(int i) {
        return times[start + i];
    }

    double value(int series, int i) {
        return values[series][start + i];
    }

    long newest() {
        return times[end - 1];
    }

    /** Adds a point after the newest; a point not newer than the newest is ignored (the same second sent twice). */
    boolean append(long epochSecond, double[] row) {
        if (!nextSlot(epochSecond)) {
            return false;
        }
        for (int s = 0; s < seriesCount; s++) {
            values[s][end] = s < row.length ? row[s] : Double.NaN;
        }
        end++;
        return true;
    }

    void replace(List<Sample> samples) {
        start = 0;
        end = 0;
        List<Sample> ordered = samples;
        long previous = Long.MIN_VALUE;
        for (Sample sample : samples) {
            if (sample.epochSecond() < previous) {
                ordered = samples.stream().sorted(Comparator.comparingLong(Sample::epochSecond)).toList();
                break;
            }
            previous = sample.epochSecond();
        }
        for (Sample sample : ordered) {
            if (!nextSlot(sample.epochSecond())) {
                continue;
            }
            for (int s = 0; s < seriesCount; s++) {
                values[s][end] = s < sample.size() ? sample.value(s) : Double.NaN;
            }
            end++;
        }
    }

    /** Puts {@code epochSecond} in the next free slot, unless it is not newer than the newest point. */
    private boolean nextSlot(long epochSecond) {
        if (size() > 0 && epochSecond <= newest()) {
            return false;
        }
        if (end == times.length) {
            makeRoom();
        }
        times[end] = epochSecond;
        return true;
    }

    /** Drops the points older than {@code cutoff}. */
    void dropBefore(long cutoff) {
        while (start < end && times[start] < cutoff) {
            start++;
        }
    }

    /** The index of the last point at or before {@code epochSecond}, or -1. */
    int indexAtOrBefore(double epochSecond) {
        int low = 0;
        int high = size() - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (time(mid) <= epochSecond) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return found;
    }

    /** The lowest and highest value of every series over points {@code from..to} (inclusive); NaN values are skipped. */
    double[] range(int from, int to) {
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (int s = 0; s < seriesCount; s++) {
            for (int i = start + from; i <= start + to; i++) {
                double v = values[s][i];
                if (v < low) {
                    low = v;
                }
                if (v > high) {
                    high = v;
                }
            }
        }
        return new double[] {low, high};
    }

    /** Moves the live points to the front when half the array is dropped ones; otherwise doubles it. */
    private void makeRoom() {
        int size = size();
        int capacity = start >= times.length / 2 ? times.length : times.length * 2;
        long[] newTimes = new long[capacity];
        System.arraycopy(times, start, newTimes, 0, size);
        times = newTimes;
        for (int s = 0; s < seriesCount; s++) {
            double[] column = Arrays.copyOfRange(values[s], start, start + capacity);
            values[s] = column;
        }
        start = 0;
        end = size;
    }
}
