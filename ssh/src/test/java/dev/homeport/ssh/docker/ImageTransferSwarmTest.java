package dev.homeport.ssh.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServicePlacement;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.SwarmSpec;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskSpec;
import com.github.dockerjava.api.model.TaskState;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigCluster;
import dev.homeport.ssh.rig.RigExtension;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
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
 * What Swarm does with an image that only some nodes have, referenced by its ID (so no node ever asks a
 * registry for it): a replica placed on a node without it fails with "No such image" and Swarm keeps
 * starting it anew; once the image is copied there, the next attempt runs.
 */
@ExtendWith(RigExtension.class)
@Timeout(value = 8, unit = TimeUnit.MINUTES) // the cluster may be busy with another test run first
class ImageTransferSwarmTest {
    @TempDir
    Path folder;

    private RigCluster cluster;
    private String tag;
    private String imageId;

    @BeforeEach
    void buildAnImageOnNodeOne(Rig rig) throws IOException {
        cluster = new RigCluster(rig, folder);
        cluster.reset();
        tag = "homeport-test-swarm-image-" + UUID.randomUUID().toString().substring(0, 8) + ":1";
        imageId = cluster.buildOnNode1(tag, "FROM " + cluster.baseImage() + "\nLABEL dev.homeport.test=true\nLABEL stamp=" + UUID.randomUUID() + "\n");
    }

    @AfterEach
    void leaveTheSwarmAndRemoveTheImage() {
        try {
            cluster.reset();
            cluster.removeEverywhere(tag, imageId);
        } finally {
            cluster.close();
        }
    }

    @Test
    void aReplicaOnANodeWithoutTheImageFailsWithNoSuchImageAndRunsOnceTheImageIsCopiedThere() throws Exception {
        DockerClient manager = cluster.docker(1);
        manager.initializeSwarmCmd(new SwarmSpec()).withAdvertiseAddr(cluster.host(1)).withListenAddr("0.0.0.0:2377").exec();
        String token = manager.inspectSwarmCmd().exec().getJoinTokens().getWorker();
        cluster.docker(2).joinSwarmCmd().withRemoteAddrs(List.of(cluster.host(1) + ":2377")).withJoinToken(token)
                .withAdvertiseAddr(cluster.host(2)).withListenAddr("0.0.0.0:2377").exec();
        String second = cluster.docker(2).infoCmd().exec().getName();

        String service = "homeport-test-noimage-" + UUID.randomUUID().toString().substring(0, 8);
        manager.createServiceCmd(new ServiceSpec().withName(service)
                .withLabels(Map.of("dev.homeport.test", "true"))
                .withTaskTemplate(new TaskSpec()
                        .withContainerSpec(new ContainerSpec().withImage(imageId).withCommand(List.of("sleep", "600")))
                        .withPlacement(new ServicePlacement().withConstraints(List.of("node.hostname==" + second))))
                .withMode(new ServiceModeConfig().withReplicated(new ServiceReplicatedModeOptions().withReplicas(1)))).exec();

        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                .until(() -> tasks(manager, service).stream().anyMatch(task -> String.valueOf(task.getStatus().getErr()).contains("No such image")));
        assertThat(tasks(manager, service)).as("no replica runs without the image").noneMatch(this::running);

        ImageTransfer.reportingTo(line -> { }).copy(cluster.nodeDocker(1), tag, List.of(cluster.nodeDocker(2)));

        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                .until(() -> tasks(manager, service).stream().anyMatch(this::running));
        manager.removeServiceCmd(service).exec();
    }

    private boolean running(Task task) {
        return task.getStatus().getState() == TaskState.RUNNING;
    }

    private static List<Task> tasks(DockerClient manager, String service) {
        return manager.listTasksCmd().withServiceFilter(service).exec();
    }
}
