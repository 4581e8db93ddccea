package dev.homeport.ssh.netdata;

/** Netdata answered, but has no chart of that id (not collected on this node, or not discovered yet). */
public final class ChartNotFoundException extends NetdataException {
    private final String chart;

    public ChartNotFoundException(String node, String chart) {
        super("Netdata on " + node + " has no chart '" + chart + "'.");
        this.chart = chart;
    }

    public String chart() {
        return chart;
    }
}
