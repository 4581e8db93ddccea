package dev.homeport.ssh.netdata;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A container's cgroup charts found by context, turned into the Metrics tab's lines, and replicas summed or set side by side. */
class ContainerSeriesTest {
    private static ChartInfo chart(String id, String context) {
        return new ChartInfo(id, id.substring(0, id.lastIndexOf('.')), "", context, "", "", 1, List.of(), Map.of());
    }

    @Test
    void findsEachChartByContextAndNamesWhatIsMissing() {
        List<ChartInfo> charts = List.of(chart("cgroup_web-1.cpu", "cgroup.cpu"), chart("cgroup_web-1.net_eth0", "cgroup.net_net"),
                chart("cgroup_web-1.net_eth1", "cgroup.net_net"), chart("cgroup_web-1.throttle_io", "cgroup.throttle_io"),
                chart("cgroup_web-12.cpu", "cgroup.cpu"), chart("cgroup_web-12.mem_usage", "cgroup.mem_usage"));
        ContainerChartSet set = ContainerChartSet.find(charts, "/web-1", null).orElseThrow();
        assertThat(set.name()).isEqualTo("web-1");
        assertThat(set.of(ContainerChart.CPU)).containsExactly("cgroup_web-1.cpu");
        assertThat(set.of(ContainerChart.NETWORK)).containsExactly("cgroup_web-1.net_eth0", "cgroup_web-1.net_eth1");
        assertThat(set.of(ContainerChart.DISK_IO)).as("cgroup v1's blkio chart").containsExactly("cgroup_web-1.throttle_io");
        assertThat(set.of(ContainerChart.MEMORY)).as("not web-12's").isEmpty();
        assertThat(set.describeMissing(ContainerChart.MEMORY))
                .isEqualTo("Netdata has no memory chart for web-1 (looked for cgroup_web-1 with context cgroup.mem_usage).");
        assertThat(ContainerChartSet.find(charts, "web-2", null)).isEmpty();
    }

    @Test
    void networkIsSummedOverInterfacesInBytesAndPositive() {
        ChartData eth0 = new ChartData("cgroup_w.net_eth0", "", "kilobits/s", List.of("received", "sent"),
                List.of(new Sample(10, new double[] {8, -16}), new Sample(11, new double[] {Double.NaN, Double.NaN})));
        ChartData eth1 = new ChartData("cgroup_w.net_eth1", "", "kilobits/s", List.of("received", "sent"),
                List.of(new Sample(10, new double[] {8, 0})));
        List<Sample> lines = ContainerSeries.lines(ContainerChart.NETWORK, List.of(eth0, eth1));
        assertThat(lines).containsExactly(new Sample(10, new double[] {2000, 2000}), new Sample(11, new double[] {Double.NaN, Double.NaN}));
    }

    @Test
    void cpuIsTheTotalOfItsDimensions() {
        ChartData cpu = new ChartData("cgroup_w.cpu", "", "percentage", List.of("user", "system"), List.of(new Sample(5, new double[] {30, 12.5})));
        assertThat(ContainerSeries.lines(ContainerChart.CPU, List.of(cpu))).containsExactly(new Sample(5, new double[] {42.5}));
    }

    @Test
    void replicasAreSummedPointByPointOrSetSideBySide() {
        List<Sample> a = List.of(new Sample(100, new double[] {1, 2}), new Sample(105, new double[] {3, 4}));
        // Another node's Netdata ends its 5 s points a second later, and lacks the second one's value.
        List<Sample> b = List.of(new Sample(101, new double[] {10, 20}), new Sample(106, new double[] {Double.NaN, 40}));
        assertThat(ContainerSeries.sum(List.of(a, b), 5)).containsExactly(new Sample(101, new double[] {11, 22}),
                new Sample(106, new double[] {3, 44}));
        assertThat(ContainerSeries.sideBySide(List.of(a, b), 2, 5)).containsExactly(new Sample(101, new double[] {1, 2, 10, 20}),
                new Sample(106, new double[] {3, 4, Double.NaN, 40}));
        assertThat(ContainerSeries.sum(List.of(a, List.of()), 5)).containsExactly(new Sample(100, new double[] {1, 2}),
                new Sample(105, new double[] {3, 4}));
    }
}
