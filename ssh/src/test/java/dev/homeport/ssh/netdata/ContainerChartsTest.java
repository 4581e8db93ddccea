package dev.homeport.ssh.netdata;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Finding a container's cgroup charts under each name Netdata may give them. */
class ContainerChartsTest {
    private static final String ID = "046da8b37b17e206354471cb7af476e3f6c060c5a121721eebe7cfb9711b968d";

    private static ChartInfo chart(String id, String context, Map<String, String> labels) {
        // Netdata sends each chart's type; a cgroup name may itself hold dots, so it ends at the last one.
        return new ChartInfo(id, id.substring(0, id.lastIndexOf('.')), "", context, "", "", 1, List.of(), labels);
    }

    private static List<ChartInfo> charts(String cgroup) {
        return List.of(chart("system.cpu", "system.cpu", Map.of()),
                chart("cgroup_" + cgroup + ".cpu", "cgroup.cpu", Map.of()),
                chart("cgroup_" + cgroup + ".mem_usage", "cgroup.mem_usage", Map.of()),
                chart("cgroup_" + cgroup + ".net_eth0", "cgroup.net_net", Map.of()));
    }

    @Test
    void byTheContainersName() {
        assertThat(ContainerCharts.find(charts("web-1"), "/web-1", ID))
                .hasValue(new ContainerCharts("web-1", "cgroup_web-1.cpu", "cgroup_web-1.mem_usage"));
    }

    @Test
    void byTheNameWithItsDotsAsNetdataWritesThem() {
        // A Swarm task's container: Netdata 1.37 charts prod-web.1.x7k2 as cgroup_prod-web-1-x7k2.
        assertThat(ContainerCharts.find(charts("prod-web-1-x7k2"), "/prod-web.1.x7k2", ID)).map(ContainerCharts::cpuChart)
                .hasValue("cgroup_prod-web-1-x7k2.cpu");
        assertThat(ContainerCharts.find(charts("prod-web-1-x7k2"), "/prod-web.2.x7k2", null)).isEmpty();
    }

    @Test
    void byTheShortIdWhenNetdataCouldNotResolveTheName() {
        assertThat(ContainerCharts.find(charts(ID.substring(0, 12)), "web-1", ID))
                .hasValue(new ContainerCharts(ID.substring(0, 12), "cgroup_" + ID.substring(0, 12) + ".cpu",
                        "cgroup_" + ID.substring(0, 12) + ".mem_usage"));
    }

    @Test
    void byTheFullIdInsideTheCgroupName() {
        String cgroup = "system.slice_docker-" + ID + ".scope";
        assertThat(ContainerCharts.find(charts(cgroup), "web-1", ID)).map(ContainerCharts::cpuChart)
                .hasValue("cgroup_" + cgroup + ".cpu");
    }

    @Test
    void byTheContainerNameLabelOfNewerNetdata() {
        List<ChartInfo> charts = List.of(chart("cgroup_abc.cpu", "cgroup.cpu", Map.of("container_name", "web-1")));
        assertThat(ContainerCharts.find(charts, "web-1", null)).map(ContainerCharts::name).hasValue("abc");
    }

    @Test
    void withoutAMemoryChartMemoryIsNull() {
        List<ChartInfo> charts = List.of(chart("cgroup_web-1.cpu", "cgroup.cpu", Map.of()));
        assertThat(ContainerCharts.find(charts, "web-1", null)).hasValue(new ContainerCharts("web-1", "cgroup_web-1.cpu", null));
    }

    @Test
    void anotherContainerIsNotFound() {
        assertThat(ContainerCharts.find(charts("web-2"), "web-1", ID)).isEmpty();
        assertThat(ContainerCharts.find(charts("web-1"), "web-12", null)).isEmpty();
    }
}
