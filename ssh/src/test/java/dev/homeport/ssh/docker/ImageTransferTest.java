package dev.homeport.ssh.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.homeport.ssh.docker.ImageTransfer.Outcome;
import dev.homeport.ssh.docker.ImageTransfer.State;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigCluster;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.RigTargets;
import dev.homeport.ssh.transport.Credentials;
import dev.homeport.ssh.transport.NodeConnections;
import dev.homeport.ssh.transport.Prompts;
import dev.homeport.ssh.transport.SshTarget;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An image built on cluster node 1 reaches nodes 2 and 3 through their Docker APIs over SSH, with no
 * registry: it runs there, a second copy is skipped, a target that cannot be reached or drops fails alone and by name,
 * a cancelled copy leaves nothing behind, and a load the daemon refuses says why.
 */
@ExtendWith(RigExtension.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ImageTransferTest {
    @TempDir
    Path folder;

    private RigCluster cluster;
    private String tag;
    private String stamp;
    private String imageId;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    @BeforeEach
    void buildAnImageOnNodeOne(Rig rig) {
        cluster = new RigCluster(rig, folder);
        cluster.reset();
        stamp = UUID.randomUUID().toString();
        tag = "homeport-test-transfer-" + stamp.substring(0, 8) + ":1";
        // A layer of its own (the stamp), so the copy carries something no node has yet.
        String dockerfile = "FROM " + cluster.baseImage() + "\nLABEL dev.homeport.test=true\nRUN echo " + stamp + " > /stamp\n";
        imageId = cluster.buildOnNode1(tag, dockerfile);
    }

    @AfterEach
    void removeTheImageEverywhere() {
        try {
            cluster.reset();
            cluster.removeEverywhere(tag, imageId);
        } finally {
            cluster.close();
        }
    }

    @Test
    void anImageBuiltOnOneNodeRunsOnTheOthersAndASecondCopyIsSkipped() throws Exception {
        List<Outcome> outcomes = ImageTransfer.reportingTo(lines::add)
                .copy(cluster.nodeDocker(1), tag, List.of(cluster.nodeDocker(2), cluster.nodeDocker(3)));

        assertThat(outcomes).extracting(Outcome::node).containsExactly("cluster-2", "cluster-3");
        assertThat(outcomes).allSatisfy(o -> {
            assertThat(o.state()).isEqualTo(State.COPIED);
            assertThat(o.bytes()).as("the archive holds the base image's layers too").isGreaterThan(50_000_000L);
        });
        assertThat(lines).anyMatch(line -> line.startsWith("cluster-2: ") && line.endsWith(" sent"));
        for (int n = 2; n <= 3; n++) {
            assertThat(cluster.docker(n).inspectImageCmd(tag).exec().getId()).as("node %d has the same image under its tag", n).isEqualTo(imageId);
            assertThat(runs(cluster.docker(n), "test \"$(cat /stamp)\" = " + stamp)).as("the image's own layer runs on node %d", n).isZero();
        }

        lines.clear();
        List<Outcome> again = ImageTransfer.reportingTo(lines::add)
                .copy(cluster.nodeDocker(1), imageId, List.of(cluster.nodeDocker(2), cluster.nodeDocker(3)));
        assertThat(again).allSatisfy(o -> {
            assertThat(o.state()).isEqualTo(State.ALREADY_THERE);
            assertThat(o.bytes()).isZero();
        });
        assertThat(lines).anyMatch(line -> line.startsWith("cluster-2 already has ") && line.endsWith("not copied"));
    }

    @Test
    void aNodeThatHasTheImageButNotItsTagGetsTheTagWithoutACopy() throws Exception {
        ImageTransfer.reportingTo(lines::add).copy(cluster.nodeDocker(1), tag, List.of(cluster.nodeDocker(2)));
        String repository = tag.substring(0, tag.indexOf(':'));
        cluster.docker(2).tagImageCmd(imageId, repository, "keep").exec(); // so removing the tag keeps the image
        cluster.docker(2).removeImageCmd(tag).exec();
        lines.clear();

        List<Outcome> outcomes = ImageTransfer.reportingTo(lines::add).copy(cluster.nodeDocker(1), tag, List.of(cluster.nodeDocker(2)));

        assertThat(outcomes.getFirst().state()).isEqualTo(State.ALREADY_THERE);
        assertThat(lines).anyMatch(line -> line.contains("tagged it " + tag));
        assertThat(cluster.docker(2).inspectImageCmd(tag).exec().getId()).isEqualTo(imageId);
        cluster.docker(2).removeImageCmd(repository + ":keep").exec();
    }

    @Test
    void aTargetThatCannotBeReachedFailsByNameAndTheOthersAreDone(Rig rig) {
        // Nothing listens on port 1: the connection is refused at once.
        SshTarget nowhere = new SshTarget("unreachable-node", "127.0.0.1", 1, rig.sshUser(), new Credentials.KeyFile(rig.sshKey()));
        try (NodeDocker unreachable = new NodeDocker(cluster.connections().to(nowhere, Prompts.NONE))) {
            AtomicReference<ImageTransferException> thrown = new AtomicReference<>();
            assertThatThrownBy(() -> ImageTransfer.reportingTo(lines::add)
                    .copy(cluster.nodeDocker(1), tag, List.of(unreachable, cluster.nodeDocker(2), cluster.nodeDocker(3))))
                    .isInstanceOfSatisfying(ImageTransferException.class, thrown::set)
                    .hasMessageContaining("did not reach every node")
                    .hasMessageContaining("unreachable-node cannot be reached")
                    .message().doesNotContain("cluster-2", "cluster-3");
            assertThat(thrown.get().outcomes()).extracting(Outcome::node, Outcome::state).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("unreachable-node", State.FAILED),
                    org.assertj.core.groups.Tuple.tuple("cluster-2", State.COPIED),
                    org.assertj.core.groups.Tuple.tuple("cluster-3", State.COPIED));
        }
        for (int n = 2; n <= 3; n++) {
            assertThat(cluster.docker(n).inspectImageCmd(imageId).exec().getRepoTags()).contains(tag);
        }
    }

    @Test
    void aTargetWhoseConnectionDropsMidCopyFailsByNameAndTheOthersAreDone(Rig rig) {
        // Node 3 through a connection of its own, cut once the first 16 MB are on their way to it.
        try (NodeConnections own = new NodeConnections(RigTargets.settings(rig, folder.resolve("own")));
             NodeDocker third = new NodeDocker(own.to(RigTargets.clusterNode(rig, 3), Prompts.NONE))) {
            ImageTransfer transfer = new ImageTransfer(new ImageTransfer.Listener() {
                @Override
                public void line(String text) {
                    lines.add(text);
                }

                @Override
                public void sent(String node, long bytes) {
                    if (node.equals("cluster-3")) {
                        Thread.ofVirtual().start(own::close); // a listener must not hold up the copy
                    }
                }
            });
            AtomicReference<ImageTransferException> thrown = new AtomicReference<>();
            assertThatThrownBy(() -> transfer.copy(cluster.nodeDocker(1), tag, List.of(cluster.nodeDocker(2), third)))
                    .isInstanceOfSatisfying(ImageTransferException.class, thrown::set)
                    .hasMessageContaining("cluster-3 dropped the copy after ");
            assertThat(thrown.get().outcomes()).extracting(Outcome::node, Outcome::state).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("cluster-2", State.COPIED),
                    org.assertj.core.groups.Tuple.tuple("cluster-3", State.FAILED));
        }
        assertThat(cluster.docker(2).inspectImageCmd(imageId).exec().getRepoTags()).contains(tag);
        assertThatThrownBy(() -> cluster.docker(3).inspectImageCmd(imageId).exec()).as("no half-loaded image")
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void aSourceWhoseConnectionDropsMidCopyFailsByNameAndNoTargetKeepsAPart(Rig rig) {
        try (NodeConnections own = new NodeConnections(RigTargets.settings(rig, folder.resolve("own")));
             NodeDocker first = new NodeDocker(own.to(RigTargets.clusterNode(rig, 1), Prompts.NONE))) {
            ImageTransfer transfer = new ImageTransfer(new ImageTransfer.Listener() {
                @Override
                public void line(String text) {
                    lines.add(text);
                }

                @Override
                public void sent(String node, long bytes) {
                    Thread.ofVirtual().start(own::close); // a listener must not hold up the copy
                }
            });
            AtomicReference<ImageTransferException> thrown = new AtomicReference<>();
            assertThatThrownBy(() -> transfer.copy(first, tag, List.of(cluster.nodeDocker(2), cluster.nodeDocker(3))))
                    .isInstanceOfSatisfying(ImageTransferException.class, thrown::set)
                    .hasMessageStartingWith("Reading " + tag + " (")
                    .hasMessageContaining(" from cluster-1 failed: ");
            assertThat(thrown.get().outcomes()).extracting(Outcome::state).containsExactly(State.FAILED, State.FAILED);
        }
        for (int n = 2; n <= 3; n++) {
            int node = n;
            assertThatThrownBy(() -> cluster.docker(node).inspectImageCmd(imageId).exec()).isInstanceOf(NotFoundException.class);
        }
    }

    @Test
    void aCancelledCopyLeavesNoImageOnTheTargets() throws Exception {
        AtomicReference<Thread> copying = new AtomicReference<>();
        AtomicReference<Throwable> ended = new AtomicReference<>();
        ImageTransfer transfer = new ImageTransfer(new ImageTransfer.Listener() {
            @Override
            public void line(String text) {
                lines.add(text);
            }

            @Override
            public void sent(String node, long bytes) {
                copying.get().interrupt(); // the operator cancels once the first bytes are on their way
            }
        });
        Thread thread = Thread.ofVirtual().unstarted(() -> {
            try {
                transfer.copy(cluster.nodeDocker(1), tag, List.of(cluster.nodeDocker(2), cluster.nodeDocker(3)));
            } catch (Throwable e) {
                ended.set(e);
            }
        });
        copying.set(thread);
        thread.start();
        assertThat(thread.join(java.time.Duration.ofMinutes(2))).as("the cancelled copy ends").isTrue();

        assertThat(ended.get()).isInstanceOf(InterruptedException.class);
        assertThat(lines).anyMatch(line -> line.contains("was cancelled"));
        for (int n = 2; n <= 3; n++) {
            int node = n;
            assertThatThrownBy(() -> cluster.docker(node).inspectImageCmd(imageId).exec()).isInstanceOf(NotFoundException.class);
        }
    }

    @Test
    void aLoadTheDaemonRefusesGivesDockersReason() throws Exception {
        // Docker answers a load with 200 before it has looked at the archive; a refusal comes in the JSON that follows.
        NodeDocker target = cluster.nodeDocker(2);
        DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.POST)
                .path("/v" + target.apiVersion().getVersion() + "/images/load?quiet=1")
                .body(new Garbage(8L << 20))
                .build();
        try (DockerHttpClient.Response response = target.transport().execute(request); InputStream body = response.getBody()) {
            assertThat(response.getStatusCode()).isEqualTo(200);
            assertThat(ImageTransfer.loadError(response.getStatusCode(), body)).as("Docker's own reason")
                    .contains("invalid tar header");
        }
    }

    /** Runs {@code script} in a new container of {@code image}'s tag on that node; its exit code. */
    private int runs(DockerClient docker, String script) {
        String id = docker.createContainerCmd(tag).withLabels(Map.of("dev.homeport.test", "true")).withCmd("sh", "-c", script).exec().getId();
        try {
            docker.startContainerCmd(id).exec();
            return docker.waitContainerCmd(id).start().awaitStatusCode(1, TimeUnit.MINUTES);
        } finally {
            docker.removeContainerCmd(id).withForce(true).exec();
        }
    }


    /** {@code size} bytes of 'x', made as they are read. */
    private static final class Garbage extends InputStream {
        private long left;

        Garbage(long size) {
            this.left = size;
        }

        @Override
        public int read() {
            return left-- > 0 ? 'x' : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(length, left);
            java.util.Arrays.fill(buffer, offset, offset + n, (byte) 'x');
            left -= n;
            return n;
        }
    }
}
