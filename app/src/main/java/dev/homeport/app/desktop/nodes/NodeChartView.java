package dev.homeport.app.desktop.nodes;

import dev.homeport.ssh.netdata.Sample;
import dev.homeport.app.desktop.charts.UnitFormat;
import dev.homeport.ssh.netdata.ChartData;
import dev.homeport.ssh.netdata.NodeChart;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which lines of a Netdata node chart the node page draws, and in which unit. Netdata
 * charts carry many dimensions (ten for CPU) in their own units (MiB, kilobits/s, with
 * outgoing traffic negative); the page shows a few lines each, in bytes, all positive.
 *
 * @param series the lines: a dimension's Netdata name, or {@link #TOTAL} for the sum of all
 * @param labels what the legend calls each line
 */
record NodeChartView(NodeChart chart, UnitFormat unit, List<String> series, List<String> labels) {
    static final String TOTAL = "";

    static NodeChartView of(NodeChart chart) {
        return switch (chart) {
            case CPU -> new NodeChartView(chart, UnitFormat.PERCENT, List.of(TOTAL, "user", "system", "iowait"),
                    List.of("total", "user", "system", "iowait"));
            case MEMORY -> new NodeChartView(chart, UnitFormat.BYTES, List.of("used", "cached", "buffers", "free"),
                    List.of("used", "cached", "buffers", "free"));
            case DISK_SPACE -> new NodeChartView(chart, UnitFormat.BYTES, List.of("used", "avail"), List.of("used", "free"));
            case DISK_IO -> new NodeChartView(chart, UnitFormat.BYTES_PER_SECOND, List.of("in", "out"), List.of("read", "written"));
            case NETWORK -> new NodeChartView(chart, UnitFormat.BYTES_PER_SECOND, List.of("received", "sent"),
                    List.of("received", "sent"));
            case LOAD -> new NodeChartView(chart, UnitFormat.PLAIN, List.of("load1", "load5", "load15"),
                    List.of("1 min", "5 min", "15 min"));
        };
    }

    /** The points of {@code data} as this view's lines, scaled to bytes and made positive. */
    List<Sample> samples(ChartData data) {
        double scale = scale(data.units());
        int[] columns = series.stream().mapToInt(name -> name.equals(TOTAL) ? -2 : data.dimension(name)).toArray();
        List<Sample> samples = new ArrayList<>(data.samples().size());
        for (var sample : data.samples()) {
            double[] raw = sample.values();
            double[] values = new double[columns.length];
            for (int i = 0; i < columns.length; i++) {
                values[i] = switch (columns[i]) {
                    case -1 -> Double.NaN;
                    case -2 -> sum(raw) * scale;
                    default -> Math.abs(raw[columns[i]]) * scale;
                };
            }
            samples.add(new Sample(sample.epochSecond(), values));
        }
        return samples;
    }

    private static double sum(double[] values) {
        double sum = 0;
        for (double value : values) {
            if (!Double.isNaN(value)) {
                sum += value;
            }
        }
        return sum;
    }

    /** From Netdata's unit to bytes (or bytes per second); other units are drawn as they come. */
    static double scale(String units) {
        return switch (units == null ? "" : units.toLowerCase(Locale.ROOT)) {
            case "kib", "kib/s" -> 1024;
            case "mib", "mib/s" -> 1024 * 1024;
            case "gib", "gib/s" -> 1024.0 * 1024 * 1024;
            case "kilobits/s" -> 1000 / 8.0;
            case "megabits/s" -> 1_000_000 / 8.0;
            default -> 1;
        };
    }
}
