package dev.homeport.ssh.netdata;

import java.util.List;
import java.util.Locale;

/**
 * The per-container charts a service's Metrics tab draws, each from Netdata's cgroup
 * charts of the container ({@code cgroup_<name>.*}), found by chart context so the ids
 * may differ between Netdata versions and cgroup layouts:
 * <ul>
 * <li>CPU: {@code cgroup.cpu} (user, system; 100% is one core) drawn as their total;</li>
 * <li>memory: {@code cgroup.mem_usage} (ram, swap; MiB) drawn as ram;</li>
 * <li>network: {@code cgroup.net_net}, one chart per interface ({@code cgroup_<name>.net_eth0}; received, sent in
 * kilobits/s, sent negative), summed over the interfaces;</li>
 * <li>disk I/O: {@code cgroup.io} (cgroup v2) or {@code cgroup.throttle_io} (v1 blkio), read and write in KiB/s.</li>
 * </ul>
 * Values come out in bytes (per second), all positive.
 */
public enum ContainerChart {
    CPU("CPU", List.of("cgroup.cpu"), List.of(ContainerChart.TOTAL), List.of("cpu")),
    MEMORY("Memory", List.of("cgroup.mem_usage"), List.of("ram"), List.of("used")),
    NETWORK("Network", List.of("cgroup.net_net"), List.of("received", "sent"), List.of("received", "sent")),
    DISK_IO("Disk I/O", List.of("cgroup.io", "cgroup.throttle_io"), List.of("read", "write"), List.of("read", "written"));

    /** A line that sums every dimension of the chart. */
    static final String TOTAL = "";

    private final String label;
    private final List<String> contexts;
    private final List<String> dimensions;
    private final List<String> lines;

    ContainerChart(String label, List<String> contexts, List<String> dimensions, List<String> lines) {
        this.label = label;
        this.contexts = contexts;
        this.dimensions = dimensions;
        this.lines = lines;
    }

    public String label() {
        return label;
    }

    /** Netdata's chart contexts that hold this chart, the preferred first. */
    public List<String> contexts() {
        return contexts;
    }

    /** What the legend calls each line. */
    public List<String> lines() {
        return lines;
    }

    /** The Netdata dimensions drawn, one per line ({@link #TOTAL}: the sum of all). */
    List<String> dimensions() {
        return dimensions;
    }

    /** From Netdata's unit to bytes (or bytes per second); percent and others as they come. */
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
