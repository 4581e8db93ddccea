package dev.homeport.ssh.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.RigTargets;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Exec, streaming, SFTP and forwarding against the rig's real OpenSSH sshd. */
@ExtendWith(RigExtension.class)
class ConnectionTest {
    @TempDir
    Path folder;
    private NodeConnections connections;
    private NodeConnection rig;

    @BeforeEach
    void connect(Rig rigInfo) {
        connections = new NodeConnections(RigTargets.settings(rigInfo, folder));
        rig = connections.to(RigTargets.rig(rigInfo), Prompts.NONE);
    }

    @AfterEach
    void close() {
        connections.close();
    }

    @Test
    void execReturnsStatusAndBothOutputs() {
        ExecResult result = rig.exec(Command.script("echo out; echo err >&2; exit 3"));
        assertThat(result.exitStatus()).isEqualTo(3);
        assertThat(result.out()).isEqualTo("out\n");
        assertThat(result.err()).isEqualTo("err\n");
        assertThat(rig.exec(Command.of("cat"), Duration.ofSeconds(10), "fed on stdin".getBytes(StandardCharsets.UTF_8)).out())
                .isEqualTo("fed on stdin");
    }

    @Test
    void allChannelsShareOneConnection() {
        String first = rig.exec(Command.script("echo $SSH_CONNECTION")).out();
        String second = rig.exec(Command.script("echo $SSH_CONNECTION")).out();
        assertThat(first).isNotBlank().isEqualTo(second);
        try (PortForward forward = rig.forwardLocal("127.0.0.1", 19999)) {
            assertThat(rig.exec(Command.script("echo $SSH_CONNECTION")).out()).isEqualTo(first);
            assertThat(forward.localPort()).isPositive();
        }
    }

    @Test
    void aCommandPastItsTimeoutIsStopped() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> rig.exec(Command.of("sleep", "37"), Duration.ofSeconds(1), null))
                .isInstanceOf(NodeException.class)
                .hasMessageContaining("did not finish within 1 s")
                .extracting(e -> ((NodeException) e).kind()).isEqualTo(NodeException.Kind.COMMAND_TIMED_OUT);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
        assertThat(rig.exec(Command.script("pgrep -u \"$(id -u)\" -f '^sleep 37$' || true")).out()).isBlank();
    }

    @Test
    void streamingDeliversLinesAsTheyArriveAndTakesStdin() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        CountDownLatch firstLine = new CountDownLatch(1);
        RemoteProcess process = rig.start(Command.script("echo ready; while read line; do echo \"got $line\"; done; echo bye >&2"),
                (source, line) -> {
                    lines.add(source + ":" + line);
                    firstLine.countDown();
                });
        assertThat(firstLine.await(10, TimeUnit.SECONDS)).as("the first line came before the command ended").isTrue();
        assertThat(process.isRunning()).isTrue();
        OutputStream stdin = process.stdin();
        stdin.write("one\ntwo\n".getBytes(StandardCharsets.UTF_8));
        stdin.flush();
        stdin.close();
        assertThat(process.waitFor(Duration.ofSeconds(10))).isZero();
        // Each stream keeps its order; the two streams are read apart, so they interleave freely.
        assertThat(lines).filteredOn(l -> l.startsWith("STDOUT:")).containsExactly("STDOUT:ready", "STDOUT:got one", "STDOUT:got two");
        assertThat(lines).filteredOn(l -> l.startsWith("STDERR:")).containsExactly("STDERR:bye");
    }

    @Test
    void aSlowReaderHoldsTheCommandBackAndLosesNothing() throws Exception {
        Path marker = Path.of("/tmp/homeport-backpressure-" + System.nanoTime());
        CountDownLatch release = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicLong count = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicReference<String> last = new java.util.concurrent.atomic.AtomicReference<>();
        // About 15 MB: far more than SSH's flow-control window, so the sender must wait for the reader.
        RemoteProcess process = rig.start(Command.script("seq 1 2000000; touch \"$1\"", marker.toString()), (source, line) -> {
            if (count.get() == 0) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (!line.equals(Long.toString(count.incrementAndGet()))) {
                throw new AssertionError("line " + count.get() + " was " + line);
            }
            last.set(line);
        });
        Thread.sleep(2000);
        assertThat(rig.exec(Command.script("test -e \"$1\" && echo done || echo waiting", marker.toString())).out().strip())
                .as("the remote command waits while nobody reads").isEqualTo("waiting");
        release.countDown();
        assertThat(process.waitFor(Duration.ofSeconds(60))).isZero();
        assertThat(count.get()).isEqualTo(2_000_000);
        assertThat(last.get()).isEqualTo("2000000");
        rig.exec(Command.of("rm", "-f", marker.toString()));
    }

    @Test
    void cancellingEndsTheRemoteProcess() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        RemoteProcess process = rig.start(Command.script("echo started; exec sleep 301"), (source, line) -> started.countDown());
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        process.cancel();
        assertThat(process.isRunning()).isFalse();
        assertThat(rig.exec(Command.script("pgrep -u \"$(id -u)\" -f '^sleep 301$' || true")).out()).isBlank();
    }

    @Test
    void sftpCopiesTreesBothWaysWithProgress() throws Exception {
        Path source = Files.createDirectories(folder.resolve("tree/sub/deeper"));
        Files.writeString(folder.resolve("tree/a.txt"), "alpha");
        Files.write(folder.resolve("tree/sub/deeper/big.bin"), new byte[300_000]);
        Files.writeString(folder.resolve("tree/sub/b with space.txt"), "beta");
        String remote = "/tmp/homeport-sftp-" + System.nanoTime();
        List<Long> progress = new CopyOnWriteArrayList<>();
        rig.files().uploadTree(folder.resolve("tree"), remote, (done, total, file) -> {
            progress.add(done);
            assertThat(total).isEqualTo(300_009);
        });
        assertThat(progress.getLast()).isEqualTo(300_009);
        assertThat(rig.exec(Command.of("cat", remote + "/sub/b with space.txt")).out()).isEqualTo("beta");

        Path back = folder.resolve("back");
        rig.files().downloadTree(remote, back, FileTransfer.Progress.NONE);
        assertThat(back.resolve("a.txt")).hasContent("alpha");
        assertThat(Files.size(back.resolve("sub/deeper/big.bin"))).isEqualTo(300_000);
        rig.files().download(remote + "/a.txt", folder.resolve("single.txt"), FileTransfer.Progress.NONE);
        assertThat(folder.resolve("single.txt")).hasContent("alpha");
        rig.exec(Command.of("rm", "-rf", remote)).orThrow("cleanup");
        assertThat(source).exists();
    }

    @Test
    void aLocalForwardReachesAPortOnTheNode(Rig rigInfo) throws Exception {
        URI netdata = URI.create(rigInfo.netdataUrl());
        try (PortForward forward = rig.forwardLocal(netdata.getHost(), netdata.getPort())) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(forward.localUrl("http") + "/api/v1/info")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"version\"");
        }
    }

    @Test
    void aRawChannelCarriesPlainStreams() throws Exception {
        try (RawChannel channel = rig.openStream(Command.of("cat"))) {
            channel.out().write("ping\n".getBytes(StandardCharsets.UTF_8));
            channel.out().flush();
            byte[] answer = channel.in().readNBytes(5);
            assertThat(new String(answer, StandardCharsets.UTF_8)).isEqualTo("ping\n");
        }
    }

    @Test
    void aConnectionKilledMidStreamSaysSoAndTheNextCallReconnects() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        RemoteProcess process = rig.start(Command.script("echo started; sleep 20"), (source, line) -> started.countDown());
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        rig.breakForTests();
        assertThatThrownBy(() -> process.waitFor(Duration.ofSeconds(10)))
                .isInstanceOf(NodeException.class)
                .hasMessageContaining("dropped")
                .extracting(e -> ((NodeException) e).kind()).isEqualTo(NodeException.Kind.DISCONNECTED);
        assertThat(rig.exec(Command.of("echo", "back")).out()).isEqualTo("back\n");
    }
}
