package dev.homeport.ssh.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServicePlacement;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.TaskSpec;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.transport.Command;
import dev.homeport.ssh.transport.ExecResult;
import dev.homeport.ssh.transport.NodeConnection;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's container watch ({@code watch-containers}, as Provision installs it) on a node of the rig's cluster that
 * runs Swarm replicas of Homeport-labelled services: a replica that keeps exiting, which Swarm replaces in its slot,
 * is a crash loop named {@code SERVICE.SLOT}; replicas that Swarm stops because the service is scaled to none (as
 * Homeport's stop of a cluster service does) are not. The cluster's nodes have no Netdata: the test checks what the
 * watch computes and prints (its statsd send fails, and it says so); the alarm itself is tested on a node with Netdata
 * by {@code ContainerAlarmsTest}.
 */
@ExtendWith(RigExtension.class)
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class ClusterContainerWatchTest {
    private static final String RESOURCE = "/dev/homeport/ssh/provision/watch-containers";
    @TempDir
    Path folder;
    ClusterFixture fixture;
    NodeConnection n1;
    final String run = UUID.randomUUID().toString().substring(0, 8);
    final String dir = "/tmp/homeport-watch-test-" + run;

    @BeforeEach
    void setUp(Rig rig) {
        fixture = new ClusterFixture(rig, folder);
        n1 = fixture.rigConnections(rig).getFirst();
    }

    @AfterEach
    void tearDown() {
        try {
            if (n1 != null) {
                n1.exec(Command.of("rm", "-rf", dir));
            }
        } finally {
            fixture.close();
        }
    }

    @Test
    void aReplicaSwarmKeepsReplacingIsACrashLoopAndReplicasScaledAwayAreNot() throws Exception {
        fixture.attach(1);
        fixture.attach(2); // a cluster needs two nodes; the replicas are pinned to n1, so Swarm replaces them there
        install();
        DockerClient docker = fixture.cluster.docker(1);
        service(docker, "homeport-test-watch-crash", 1, List.of("sh", "-c", "sleep 2; exit 3"));
        String scaled = service(docker, "homeport-test-watch-scaled", 2, List.of("sleep", "infinity"));
        ClusterFixture.await("the scaled service's two replicas running", () -> fixture.runningOn(scaled).size() == 2);

        // Swarm waits 5 s (its restart delay) before each new replica: 3 exits take about 25 s.
        AtomicReference<String> out = new AtomicReference<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!(out.updateAndGet(o -> watch())).startsWith("crashloop=1 homeport-test-watch-crash.1 ")) {
            assertThat(System.nanoTime()).as("a crash loop seen within 90 s; last: %s", out.get()).isLessThan(deadline);
            Thread.sleep(1000); // as cron would, more often: each run records a replaced replica once
        }
        assertThat(out.get()).isEqualTo("crashloop=1 homeport-test-watch-crash.1 down=0");
        List<String> restarts = n1.exec(Command.of("cat", dir + "/swarm-crashes")).out().lines().toList();
        assertThat(restarts).as("each replaced replica, once").hasSizeGreaterThanOrEqualTo(3).allMatch(l -> l.contains(" homeport-test-watch-crash.1 "));
        assertThat(restarts.stream().map(l -> l.substring(l.lastIndexOf(' ') + 1)).distinct().count()).isEqualTo(restarts.size());

        // Scaled to none, as Homeport's stop of a cluster service does: Swarm stops both replicas, and none follows them.
        Service before = docker.inspectServiceCmd(scaled).exec();
        docker.updateServiceCmd(scaled, before.getSpec().withMode(new ServiceModeConfig().withReplicated(new ServiceReplicatedModeOptions().withReplicas(0)))).withVersion(before.getVersion().getIndex()).exec();
        ClusterFixture.await("the scaled service's replicas stopped", () -> fixture.runningOn(scaled).isEmpty()
                && docker.listContainersCmd().withLabelFilter(Map.of("com.docker.swarm.service.name", "homeport-test-watch-scaled")).exec().isEmpty());
        String after = watch();
        assertThat(after).startsWith("crashloop=1 homeport-test-watch-crash.1 ").endsWith(" down=0").doesNotContain("scaled");
        assertThat(n1.exec(Command.of("cat", dir + "/swarm-crashes")).out()).doesNotContain("scaled");
    }

    /** Writes the watch, as Provision writes it, to a folder of its own on n1. */
    private void install() throws IOException {
        byte[] script;
        try (InputStream in = getClass().getResourceAsStream(RESOURCE)) {
            assertThat(in).as(RESOURCE).isNotNull();
            script = in.readAllBytes();
        }
        ExecResult written = n1.exec(Command.script("mkdir -p \"$1\" && cat > \"$1/watch-containers\" && chmod 0755 \"$1/watch-containers\"", dir),
                Duration.ofSeconds(30), script);
        assertThat(written.ok()).as(written.err()).isTrue();
    }

    /**
     * Runs the watch as cron would, narrowed to this run's replicas; with no Netdata on the node, its send fails
     * (exit status 1, said on standard error) after it printed what it found.
     */
    private String watch() {
        ExecResult result = n1.exec(Command.script("\"$1/watch-containers\" --restarts 3 --window 120 --grace 0 --label \"$2\" --port 1",
                dir, "dev.homeport.watch-test=" + run));
        assertThat(result.err()).contains("Netdata's statsd does not answer on 127.0.0.1:1");
        return result.out().strip();
    }

    /** A Swarm service on n1, labelled as a release of Homeport's is, and with this run's label. */
    private String service(DockerClient docker, String name, int replicas, List<String> command) {
        Map<String, String> labels = Map.of("dev.homeport.managed", "true", "dev.homeport.service", "9" + Math.abs(run.hashCode() % 1000),
                "dev.homeport.deployment", "1", "dev.homeport.path", "test/watch/" + name, "dev.homeport.watch-test", run);
        return docker.createServiceCmd(new ServiceSpec().withName(name).withLabels(labels)
                .withTaskTemplate(new TaskSpec().withContainerSpec(new ContainerSpec().withImage(fixture.cluster.baseImage())
                        .withLabels(labels).withCommand(command).withStopGracePeriod(1_000_000_000L))
                        .withPlacement(new ServicePlacement().withConstraints(List.of("node.id==" + fixture.swarmNodeId(1)))))
                .withMode(new ServiceModeConfig().withReplicated(new ServiceReplicatedModeOptions().withReplicas(replicas)))).exec().getId();
    }
}
