package dev.homeport.ssh.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.homeport.ssh.docker.ContainerLister;
import dev.homeport.ssh.docker.ContainerSummary;
import dev.homeport.ssh.docker.NodeDocker;
import dev.homeport.ssh.netdata.ContainerCharts;
import dev.homeport.ssh.netdata.NetdataClient;
import dev.homeport.ssh.rig.NodeContainer;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.RigTargets;
import dev.homeport.ssh.transport.NodeConnection;
import dev.homeport.ssh.transport.NodeConnections;
import dev.homeport.ssh.transport.Prompts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one rule for a container's CPU and memory, on the rig's real Docker and Netdata: each container's
 * figures come from one source, and a container that cannot be read costs only its own row.
 */
@ExtendWith(RigExtension.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ContainerUsagesTest {
    private static final List<String> SPINNING = List.of("sh", "-c", "while :; do :; done");

    @TempDir
    Path folder;
    private NodeConnections connections;
    private NodeConnection rigNode;
    private NodeDocker docker;
    private final List<String> made = new ArrayList<>();

    @BeforeEach
    void connect(Rig rig) {
        connections = new NodeConnections(RigTargets.settings(rig, folder));
        rigNode = connections.to(RigTargets.rig(rig), Prompts.NONE);
        docker = new NodeDocker(rigNode);
    }

    @AfterEach
    void cleanUp() {
        try {
            for (String name : made) {
                try {
                    client().removeContainerCmd(name).withForce(true).exec();
                } catch (NotFoundException alreadyGone) {
                    // the test removed it
                }
            }
        } finally {
            docker.close();
            connections.close();
        }
    }

    @Test
    void withoutNetdataEveryRunningContainerIsReadFromDockerAndOneThatWentAwayCostsOnlyItsOwnRow(Rig rig) {
        String busy = container(rig, "busy", true);
        String stopped = container(rig, "stopped", false);
        String removed = container(rig, "removed", true);
        List<ContainerSummary> listed = listed(busy, stopped, removed);
        client().removeContainerCmd(removed).withForce(true).exec();

        try (NodeContainer bare = NodeContainer.start(rig)) {
            connections.hostKeys().accept(bare.ip(), 22, bare.hostKey("ed25519"));
            try (NetdataClient noNetdata = NetdataClient.of(connections.to(RigTargets.node(rig, bare), Prompts.NONE))) {
                Map<String, ContainerUsages.Usage> use = new ContainerUsages(noNetdata, client()).read(listed);

                assertThat(use).containsOnlyKeys(idOf(listed, busy));
                ContainerUsages.Usage usage = use.get(idOf(listed, busy));
                assertThat(usage.source()).isEqualTo(ContainerUsages.Source.DOCKER);
                assertThat(usage.cpuPercent()).as("a shell spinning in a loop keeps a CPU busy").isPositive();
                assertThat(usage.memoryBytes()).isPositive();
            }
        }
    }

    @Test
    void netdataGivesBothFiguresOrDockerGivesBoth(Rig rig) {
        String busy = container(rig, "netdata", true);
        String id = listed(busy).getFirst().id();
        try (NetdataClient netdata = NetdataClient.of(rigNode)) {
            // Netdata looks for new cgroups every 10 s, then asks Docker for the name.
            ContainerCharts charts = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> netdata.containerCharts(busy, id), found -> found.isPresent()).orElseThrow();

            ContainerUsages.Usage usage = new ContainerUsages(netdata, client()).read(listed(busy)).get(id);

            // Where Netdata charts no memory for a container, the CPU does not come from it either.
            assertThat(usage.source()).isEqualTo(charts.memoryChart() == null ? ContainerUsages.Source.DOCKER : ContainerUsages.Source.NETDATA);
            assertThat(usage.cpuPercent()).isPositive();
            assertThat(usage.memoryBytes()).isPositive();
        }
    }

    private DockerClient client() {
        return docker.client();
    }

    /** A container of the rig's base image, spinning, under a name unique to this test; started when asked. */
    private String container(Rig rig, String what, boolean start) {
        String name = "homeport-test-usage-" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
        made.add(name);
        String id = client().createContainerCmd(rig.baseImage()).withName(name).withLabels(Map.of("dev.homeport.test", "true"))
                .withCmd(SPINNING).withStopSignal("SIGKILL").exec().getId();
        if (start) {
            client().startContainerCmd(id).exec();
        }
        return name;
    }

    private List<ContainerSummary> listed(String... names) {
        List<String> wanted = List.of(names);
        List<ContainerSummary> found = new ContainerLister(client()).all().stream().filter(c -> wanted.contains(c.name())).toList();
        assertThat(found).hasSize(names.length);
        return found;
    }

    private static String idOf(List<ContainerSummary> listed, String name) {
        return listed.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow().id();
    }
}
