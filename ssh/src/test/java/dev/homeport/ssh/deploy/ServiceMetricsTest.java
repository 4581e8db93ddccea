package dev.homeport.ssh.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.homeport.model.DeployOptions;
import dev.homeport.model.Deployment;
import dev.homeport.model.ReleaseMoment;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.ssh.netdata.ContainerChart;
import dev.homeport.ssh.netdata.ContainerChartSet;
import dev.homeport.ssh.netdata.MetricsRange;
import dev.homeport.ssh.netdata.NetdataClient;
import dev.homeport.ssh.netdata.Sample;
import dev.homeport.ssh.rig.TestApps;
import dev.homeport.ssh.transport.Prompts;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A service's Metrics data on the rig's node: the live release's container as Docker reports it, and its
 * cgroup charts in the node's Netdata (read through the SSH tunnel), which follow a redeploy to the new container.
 */
class ServiceMetricsTest extends RigDeployTest {
    @Test
    void theLiveContainersCgroupChartsFollowARedeploy() throws Exception {
        Service service = fixture.service(new Service(0, 0, "charted", new ServiceSource.Image(apps.image("v1")), TestApps.PORT,
                "/health", null, null, DeployOptions.defaults()));
        assertThat(fixture.deploys.containers(service.id(), Prompts.NONE)).as("no live release, no container").isEmpty();

        Deployment first = fixture.deployLive(service.id());
        ReplicaState one = only(fixture.deploys.containers(service.id(), Prompts.NONE));
        var container = fixture.container(service.id(), first.id()).orElseThrow();
        assertThat(one.containerId()).isEqualTo(container.getId());
        assertThat("/" + one.container()).isEqualTo(container.getNames()[0]);
        assertThat(one.node()).isEqualTo("rig");
        assertThat(one.replica()).isEqualTo("charted");
        assertThat(one.deploymentId()).isEqualTo(first.id());
        assertThat(one.running()).isTrue();
        assertThat(one.restarts()).isZero();
        assertThat(one.exitCode()).as("it never ended").isNull();

        NetdataClient netdata = fixture.clients.netdata(fixture.node, Prompts.NONE);
        ContainerChartSet charts = chartsOf(netdata, one);
        assertThat(charts.name()).isEqualTo(one.container());
        assertThat(charts.of(ContainerChart.CPU)).containsExactly("cgroup_" + one.container() + ".cpu");
        assertThat(charts.of(ContainerChart.NETWORK)).allMatch(id -> id.startsWith("cgroup_" + one.container() + ".net_"));
        // The points before Netdata found the container are gaps; its first values follow within seconds.
        List<Sample> cpu = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(1))
                .until(() -> netdata.containerLines(charts, ContainerChart.CPU, MetricsRange.LIVE),
                        lines -> lines.stream().anyMatch(s -> !Double.isNaN(s.value(0))));
        assertThat(cpu).allMatch(s -> s.size() == 1).allMatch(s -> Double.isNaN(s.value(0)) || s.value(0) >= 0);
        // The network chart's lines come a little after the CPU's.
        assertThat(await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(1))
                .until(() -> netdata.containerLines(charts, ContainerChart.NETWORK, MetricsRange.LIVE), lines -> !lines.isEmpty()))
                .allMatch(s -> s.size() == 2);

        Deployment second = fixture.deployLive(service.id());
        ReplicaState two = only(fixture.deploys.containers(service.id(), Prompts.NONE));
        assertThat(two.deploymentId()).isEqualTo(second.id());
        assertThat(two.containerId()).isNotEqualTo(one.containerId());
        assertThat(two.container()).isNotEqualTo(one.container());
        ContainerChartSet moved = chartsOf(netdata, two);
        assertThat(moved.name()).isEqualTo(two.container());
        assertThat(netdata.containerLines(moved, ContainerChart.CPU, MetricsRange.LIVE)).isNotEmpty();

        // The deploy markers: each release went live, with its number, in order.
        List<ReleaseMoment> moments = fixture.history.moments(service.id());
        assertThat(moments).filteredOn(m -> m.kind() == ReleaseMoment.Kind.LIVE).extracting(ReleaseMoment::deploymentId)
                .containsExactly(first.id(), second.id());
        assertThat(moments.getLast().at()).isAfterOrEqualTo(second.createdAt());
        assertThat(fixture.history.momentsOnNode(fixture.node.id(), first.createdAt())).extracting(ReleaseMoment::deploymentId)
                .contains(first.id(), second.id());
    }

    private static ReplicaState only(List<ReplicaState> states) {
        assertThat(states).hasSize(1);
        return states.getFirst();
    }

    /** Netdata looks for new containers every 10 s. */
    private static ContainerChartSet chartsOf(NetdataClient netdata, ReplicaState replica) {
        return await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofSeconds(1))
                .until(() -> netdata.containerChartSet(replica.container(), replica.containerId()).orElse(null), set -> set != null);
    }
}
