package dev.homeport.ssh.netdata;

import java.util.List;

/**
 * The node-wide charts the metrics view shows, each with the chart ids Netdata
 * gives it (the first that exists wins) and, as a last resort, the context and
 * family that identify it when its id differs between Netdata versions.
 */
public enum NodeChart {
    CPU("CPU", List.of("system.cpu"), "system.cpu", null),
    MEMORY("Memory", List.of("system.ram"), "system.ram", null),
    /** Space on the root file system: Netdata names mount points with '/' turned into '_'. */
    DISK_SPACE("Disk space (/)", List.of("disk_space._", "disk_space./"), "disk.space", "/"),
    DISK_IO("Disk I/O", List.of("system.io"), "system.io", null),
    NETWORK("Network", List.of("system.net"), "system.net", null),
    LOAD("Load", List.of("system.load"), "system.load", null);

    private final String label;
    private final List<String> ids;
    private final String context;
    private final String family;

    NodeChart(String label, List<String> ids, String context, String family) {
        this.label = label;
        this.ids = ids;
        this.context = context;
        this.family = family;
    }

    public String label() {
        return label;
    }

    /** The chart ids to look for, in order. */
    public List<String> ids() {
        return ids;
    }

    boolean matchesContext(ChartInfo chart) {
        return context.equals(chart.context()) && (family == null || family.equals(chart.family()));
    }
}
