package dev.homeport.ssh.netdata;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A container's chart as the lines a service's Metrics tab draws ({@link ContainerChart#lines()}),
 * in bytes and positive, and the sum of several containers' (the replicas of a service), point by point.
 */
public final class ContainerSeries {
    private ContainerSeries() {
    }

    /**
     * The points of the charts that hold one {@link ContainerChart} (several for network: one per
     * interface), as its lines: each dimension scaled to bytes and made positive, summed over the charts.
     */
    public static List<Sample> lines(ContainerChart chart, List<ChartData> data) {
        List<List<Sample>> each = new ArrayList<>();
        for (ChartData one : data) {
            each.add(lines(chart, one));
        }
        return sum(each, 1);
    }

    static List<Sample> lines(ContainerChart chart, ChartData data) {
        double scale = ContainerChart.scale(data.units());
        List<String> wanted = chart.dimensions();
        int[] columns = wanted.stream().mapToInt(name -> name.equals(ContainerChart.TOTAL) ? -2 : data.dimension(name)).toArray();
        List<Sample> out = new ArrayList<>(data.samples().size());
        for (Sample sample : data.samples()) {
            double[] values = new double[columns.length];
            for (int i = 0; i < columns.length; i++) {
                values[i] = switch (columns[i]) {
                    case -1 -> Double.NaN;
                    case -2 -> sample.total() * scale;
                    default -> Math.abs(sample.value(columns[i])) * scale;
                };
            }
            out.add(new Sample(sample.epochSecond(), values));
        }
        return out;
    }

    /**
     * Several series of the same lines summed point by point. Points fall in buckets of
     * {@code secondsPerPoint} (two nodes' Netdata need not end their points on the same second);
     * a line has a value where at least one series has one, and is a gap (NaN) where none has.
     */
    public static List<Sample> sum(List<List<Sample>> series, int secondsPerPoint) {
        if (series.size() == 1) {
            return series.getFirst();
        }
        int step = Math.max(1, secondsPerPoint);
        Map<Long, double[]> sums = new TreeMap<>();
        Map<Long, Long> times = new TreeMap<>();
        for (List<Sample> one : series) {
            for (Sample sample : one) {
                long bucket = Math.floorDiv(sample.epochSecond(), step);
                double[] sum = sums.computeIfAbsent(bucket, b -> {
                    double[] empty = new double[sample.size()];
                    java.util.Arrays.fill(empty, Double.NaN);
                    return empty;
                });
                times.merge(bucket, sample.epochSecond(), Math::max);
                for (int i = 0; i < Math.min(sum.length, sample.size()); i++) {
                    double v = sample.value(i);
                    if (!Double.isNaN(v)) {
                        sum[i] = Double.isNaN(sum[i]) ? v : sum[i] + v;
                    }
                }
            }
        }
        List<Sample> out = new ArrayList<>(sums.size());
        sums.forEach((bucket, values) -> out.add(new Sample(times.get(bucket), values)));
        return out;
    }

    /**
     * Several series side by side: each point holds every series' lines in turn (series 0's, then
     * series 1's…), points matched in buckets of {@code secondsPerPoint}; a series without a point
     * in a bucket is a gap there. {@code width} is the number of lines of each series.
     */
    public static List<Sample> sideBySide(List<List<Sample>> series, int width, int secondsPerPoint) {
        int step = Math.max(1, secondsPerPoint);
        Map<Long, double[]> rows = new TreeMap<>();
        Map<Long, Long> times = new TreeMap<>();
        for (int s = 0; s < series.size(); s++) {
            for (Sample sample : series.get(s)) {
                long bucket = Math.floorDiv(sample.epochSecond(), step);
                double[] row = rows.computeIfAbsent(bucket, b -> {
                    double[] empty = new double[width * series.size()];
                    java.util.Arrays.fill(empty, Double.NaN);
                    return empty;
                });
                times.merge(bucket, sample.epochSecond(), Math::max);
                for (int i = 0; i < Math.min(width, sample.size()); i++) {
                    row[s * width + i] = sample.value(i);
                }
            }
        }
        List<Sample> out = new ArrayList<>(rows.size());
        rows.forEach((bucket, values) -> out.add(new Sample(times.get(bucket), values)));
        return out;
    }
}
