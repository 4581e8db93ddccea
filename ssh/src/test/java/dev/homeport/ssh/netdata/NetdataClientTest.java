package dev.homeport.ssh.netdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.homeport.ssh.rig.NodeContainer;
import dev.homeport.ssh.rig.Processes;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.RigTargets;
import dev.homeport.ssh.transport.NodeConnections;
import dev.homeport.ssh.transport.Prompts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The rig's real Netdata, read through a real SSH tunnel to the rig's sshd and compared with its own API read directly. */
@ExtendWith(RigExtension.class)
class NetdataClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;
    private NodeConnections connections;
    private NetdataClient netdata;
    private String directUrl;

    @BeforeEach
    void open(Rig rig) {
        connections = new NodeConnections(RigTargets.settings(rig, folder));
        netdata = NetdataClient.of(connections.to(RigTargets.rig(rig), Prompts.NONE));
        directUrl = rig.netdataUrl();
    }

    @AfterEach
    void close() {
        netdata.close();
        connections.close();
    }

    @Test
    void infoThroughTheTunnelIsNetdatasOwn() throws Exception {
        NetdataInfo info = netdata.info();
        assertThat(info.version()).startsWith("v").isEqualTo(direct("/api/v1/info").path("version").asText());
        assertThat(netdata.isAvailable()).isTrue();
    }

    @Test
    void valuesThroughTheTunnelMatchNetdatasOwnApi() throws Exception {
        long before = System.currentTimeMillis() / 1000 - 10;
        long after = before - 30;
        for (String chart : List.of("system.cpu", "system.ram", "system.net")) {
            ChartData tunnelled = netdata.data(chart, after, before, 0);
            JsonNode direct = direct("/api/v1/data?chart=" + chart + "&after=" + after + "&before=" + before
                    + "&points=0&group=average&format=json&options=seconds");

            List<String> labels = new ArrayList<>();
            direct.path("labels").forEach(l -> labels.add(l.asText()));
            assertThat(tunnelled.dimensions()).as(chart).isEqualTo(labels.subList(1, labels.size()));
            List<Sample> expected = new ArrayList<>();
            for (JsonNode row : direct.path("data")) {
                double[] values = new double[labels.size() - 1];
                for (int i = 0; i < values.length; i++) {
                    values[i] = row.get(i + 1).isNull() ? Double.NaN : row.get(i + 1).asDouble();
                }
                expected.addFirst(new Sample(row.get(0).asLong(), values));
            }
            assertThat(expected).as(chart).hasSize(31);
            assertThat(tunnelled.samples()).as(chart).isEqualTo(expected);
            assertThat(tunnelled.samples().getFirst().epochSecond()).isEqualTo(after);
            assertThat(tunnelled.samples().getLast().epochSecond()).isEqualTo(before);
        }
        ChartData cpu = netdata.data("system.cpu", after, before, 0);
        assertThat(cpu.units()).isEqualTo("percentage");
        assertThat(cpu.title()).isEqualTo("Total CPU utilization");
    }

    @Test
    void eachRangeHasItsResolution() {
        for (MetricsRange range : MetricsRange.values()) {
            ChartData data = netdata.data("system.cpu", range);
            assertThat(data.secondsPerPoint()).as(range.name()).hasValue(range.secondsPerPoint());
            assertThat(data.samples()).as(range.name()).hasSizeBetween(range.points() - 1, range.points());
            assertThat(data.samples()).as(range.name() + ": oldest first")
                    .isSortedAccordingTo(java.util.Comparator.comparingLong(Sample::epochSecond));
        }
        // The rig's Netdata keeps about an hour (memory mode ram, 4096 points): older points are gaps, not zeros.
        assertThat(netdata.data("system.cpu", MetricsRange.HOURS_24).samples().getFirst().values()).containsOnly(Double.NaN);
    }

    @Test
    void liveViewGetsOnlyPointsNewerThanTheLastItHas() {
        ChartData first = netdata.data("system.cpu", MetricsRange.LIVE);
        long lastSeen = first.latest().epochSecond();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            ChartData next = netdata.data("system.cpu", lastSeen, 60);
            assertThat(next.samples()).isNotEmpty().allSatisfy(s -> assertThat(s.epochSecond()).isGreaterThan(lastSeen));
            assertThat(next.secondsPerPoint().orElse(1)).isEqualTo(1);
        });
        // Asking past the newest point gives nothing, never older points.
        assertThat(netdata.data("system.cpu", lastSeen + 3600, 60).samples()).isEmpty();
    }

    @Test
    void aMissingChartIsAClearError() {
        assertThatThrownBy(() -> netdata.data("homeport.no_such_chart", MetricsRange.LIVE))
                .isInstanceOf(ChartNotFoundException.class)
                .hasMessage("Netdata on rig has no chart 'homeport.no_such_chart'.");
        assertThatThrownBy(() -> netdata.containerMetrics("homeport-test-never-started", null))
                .isInstanceOf(ChartNotFoundException.class)
                .hasMessageContaining("cgroup_homeport-test-never-started");
    }

    @Test
    void nodeChartsAreFoundByTheirIds() {
        NodeCharts charts = netdata.nodeCharts();
        assertThat(charts.missing()).as(charts.describeMissing()).isEmpty();
        assertThat(charts.id(NodeChart.CPU)).hasValue("system.cpu");
        assertThat(charts.id(NodeChart.MEMORY)).hasValue("system.ram");
        assertThat(charts.id(NodeChart.DISK_SPACE)).hasValue("disk_space._");
        assertThat(charts.id(NodeChart.DISK_IO)).hasValue("system.io");
        assertThat(charts.id(NodeChart.NETWORK)).hasValue("system.net");
        assertThat(charts.id(NodeChart.LOAD)).hasValue("system.load");
        assertThat(charts.describeMissing()).isEmpty();
    }

    @Test
    void aBusyContainerShowsItsCpuAndMemoryWhereNetdataHasIt(Rig rig) throws Exception {
        String name = "homeport-test-netdata-" + UUID.randomUUID().toString().substring(0, 8);
        String id = Processes.run("docker", "run", "-d", "--pull", "never", "--name", name, "--label", "dev.homeport.test=true",
                rig.baseImage(), "sh", "-c", "while :; do :; done");
        try {
            // Netdata looks for new cgroups every 10 s, then asks Docker for the name.
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2))
                    .ignoreException(ChartNotFoundException.class).untilAsserted(() ->
                    assertThat(netdata.containerMetrics(name, id).cpuPercent()).isGreaterThan(50.0));
            ContainerCharts charts = netdata.containerCharts(name, id).orElseThrow();
            assertThat(charts.name()).isEqualTo(name);
            assertThat(charts.cpuChart()).isEqualTo("cgroup_" + name + ".cpu");
            assertThat(netdata.containerCharts(null, id)).as("by id alone, when Netdata names the cgroup by name").isEmpty();

            boolean netdataChartsMemory = direct("/api/v1/charts").path("charts").has("cgroup_" + name + ".mem_usage");
            ContainerMetrics metrics = netdata.containerMetrics(name, id);
            assertThat(metrics.name()).isEqualTo(name);
            assertThat(metrics.memoryBytes().isPresent()).as("memory is read exactly when Netdata charts it").isEqualTo(netdataChartsMemory);
            metrics.memoryBytes().ifPresent(bytes -> assertThat(bytes).isPositive());
            assertThat(netdata.containerCharts()).extracting(ContainerCharts::name).contains(name);
        } finally {
            Processes.call(List.of("docker", "rm", "-f", name), null);
        }
    }

    @Test
    void aNodeWithoutNetdataIsReportedUnavailable(Rig rig) {
        try (NodeContainer node = NodeContainer.start(rig)) {
            connections.hostKeys().accept(node.ip(), 22, node.hostKey("ed25519"));
            try (NetdataClient bare = NetdataClient.of(connections.to(RigTargets.node(rig, node), Prompts.NONE))) {
                assertThat(bare.isAvailable()).isFalse();
                assertThatThrownBy(bare::info).isInstanceOf(NetdataException.class)
                        .hasMessageContaining("Netdata on " + node.name() + " does not answer on 127.0.0.1:19999");
            }
        }
    }

    private JsonNode direct(String pathAndQuery) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(directUrl + pathAndQuery)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(pathAndQuery).isEqualTo(200);
            return JSON.readTree(response.body());
        }
    }
}
