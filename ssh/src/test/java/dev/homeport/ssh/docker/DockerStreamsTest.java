package dev.homeport.ssh.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streamed responses and hijacked streams over dial-stdio: each test is built so
 * that it can only pass when bytes are delivered while the remote side still runs.
 */
@ExtendWith(RigExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DockerStreamsTest {
    @TempDir
    Path folder;
    private DockerRigFixture fixture;

    @BeforeEach
    void connect(Rig rig) {
        fixture = new DockerRigFixture(rig, folder);
    }

    @AfterEach
    void cleanUp() {
        fixture.close();
    }

    @Test
    void followedLogsArriveWhileTheContainerRuns() throws Exception {
        String id = fixture.ticking(DockerRigFixture.uniqueName("logs"));
        List<String> lines = new CopyOnWriteArrayList<>();
        CountDownLatch fiveTicks = new CountDownLatch(5);
        ResultCallback.Adapter<Frame> logs = fixture.client().logContainerCmd(id).withFollowStream(true).withStdOut(true).withStdErr(true)
                .exec(new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Frame frame) {
                        lines.add(frame.getStreamType() + ":" + new String(frame.getPayload(), StandardCharsets.UTF_8).strip());
                        fiveTicks.countDown();
                    }
                });
        try {
            // The container never stops by itself, so a transport that waited for the end of the response would deliver nothing.
            assertThat(fiveTicks.await(30, TimeUnit.SECONDS)).as("five log lines arrived").isTrue();
            assertThat(fixture.client().inspectContainerCmd(id).exec().getState().getRunning()).isTrue();
            assertThat(lines).first().isEqualTo("STDOUT:tick");
        } finally {
            logs.close();
        }
    }

    @Test
    void buildOutputArrivesWhileTheBuildRuns() throws Exception {
        String tag = "homeport-test/build-" + UUID.randomUUID().toString().substring(0, 8) + ":latest";
        fixture.removeImageLater(tag);
        // The build runs on the host's network, so its RUN step reaches this socket on loopback. (The bridge's
        // gateway address is no way in: a fresh daemon's "bridge" network names no gateway in its IPAM config.)
        try (ServerSocket gate = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // The RUN step prints a line, then waits until the test answers on this socket. The test answers
            // only once that line has come through the build's output stream: a buffering transport would hang.
            String dockerfile = "FROM " + fixture.rig.baseImage() + "\n"
                    + "RUN echo homeport-build-started && bash -c 'exec 3<>/dev/tcp/127.0.0.1/" + gate.getLocalPort()
                    + " && read -r word <&3 && echo \"homeport-build-heard-$word\"'\n"
                    + "LABEL dev.homeport.test=true\n";
            List<String> output = new CopyOnWriteArrayList<>();
            CountDownLatch started = new CountDownLatch(1);
            BuildImageResultCallback build = fixture.client().buildImageCmd(tarWith("Dockerfile", dockerfile))
                    .withTags(java.util.Set.of(tag)).withLabels(java.util.Map.of("dev.homeport.test", "true"))
                    .withNetworkMode("host").withForcerm(true)
                    .exec(new BuildImageResultCallback() {
                        @Override
                        public void onNext(BuildResponseItem item) {
                            if (item.getStream() != null) {
                                output.add(item.getStream());
                                if (item.getStream().contains("homeport-build-started")) {
                                    started.countDown();
                                }
                            }
                            super.onNext(item);
                        }
                    });
            assertThat(started.await(120, TimeUnit.SECONDS)).as("the RUN step's first line arrived while it ran").isTrue();
            gate.setSoTimeout(30_000);
            try (Socket step = gate.accept(); OutputStream answer = step.getOutputStream()) {
                answer.write("go\n".getBytes(StandardCharsets.US_ASCII));
                answer.flush();
                String imageId = build.awaitImageId(120, TimeUnit.SECONDS);
                assertThat(imageId).isNotBlank();
            }
            assertThat(String.join("", output)).contains("homeport-build-heard-go");
            assertThat(fixture.client().inspectImageCmd(tag).exec().getConfig().getLabels()).containsEntry("dev.homeport.test", "true");
        }
    }

    @Test
    void execWithStdinIsARoundTripThroughTheHijackedChannel() throws Exception {
        String id = fixture.ticking(DockerRigFixture.uniqueName("exec"));
        String execId = fixture.client().execCreateCmd(id).withAttachStdin(true).withAttachStdout(true).withAttachStderr(true)
                .withCmd("sh", "-c", "while read -r line; do echo \"got $line\"; done; echo stdin-ended >&2").exec().getId();
        PipedOutputStream typing = new PipedOutputStream();
        InputStream stdin = new PipedInputStream(typing, 4096);
        List<String> out = new CopyOnWriteArrayList<>();
        CountDownLatch firstReply = new CountDownLatch(1);
        CountDownLatch secondReply = new CountDownLatch(1);
        ResultCallback.Adapter<Frame> session = fixture.client().execStartCmd(execId).withStdIn(stdin).exec(new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                for (String line : new String(frame.getPayload(), StandardCharsets.UTF_8).split("\n")) {
                    out.add(frame.getStreamType() + ":" + line);
                    if (line.equals("got one")) {
                        firstReply.countDown();
                    }
                    if (line.equals("got two")) {
                        secondReply.countDown();
                    }
                }
            }
        });
        try {
            send(typing, "one\n");
            assertThat(firstReply.await(30, TimeUnit.SECONDS)).as("the reply to the first line").isTrue();
            // The second line is written only after the first reply came back: a true round trip.
            send(typing, "two\n");
            assertThat(secondReply.await(30, TimeUnit.SECONDS)).as("the reply to the second line").isTrue();
            typing.close();
            assertThat(session.awaitCompletion(30, TimeUnit.SECONDS)).as("closing stdin ends the command and the stream").isTrue();
        } finally {
            session.close();
        }
        assertThat(out).containsSubsequence("STDOUT:got one", "STDOUT:got two");
        assertThat(out).contains(StreamType.STDERR + ":stdin-ended");
        assertThat(fixture.client().inspectExecCmd(execId).exec().getExitCodeLong()).isZero();
    }

    @Test
    void attachCarriesStdinInAndOutputBack() throws Exception {
        String id = fixture.create(DockerRigFixture.uniqueName("attach"), List.of("sh", "-c", "read -r line; echo \"attached $line\""))
                .withStdinOpen(true).withStdInOnce(true).exec().getId();
        PipedOutputStream typing = new PipedOutputStream();
        InputStream stdin = new PipedInputStream(typing, 4096);
        List<String> out = new CopyOnWriteArrayList<>();
        CountDownLatch attached = new CountDownLatch(1);
        ResultCallback.Adapter<Frame> session = fixture.client().attachContainerCmd(id).withStdIn(stdin).withStdOut(true).withStdErr(true)
                .withFollowStream(true).exec(new ResultCallback.Adapter<>() {
                    @Override
                    public void onStart(java.io.Closeable stream) {
                        super.onStart(stream);
                        attached.countDown();
                    }

                    @Override
                    public void onNext(Frame frame) {
                        out.add(new String(frame.getPayload(), StandardCharsets.UTF_8).strip());
                    }
                });
        try {
            // Attached before the start, as `docker run -i` does, so no output can be missed.
            assertThat(attached.await(30, TimeUnit.SECONDS)).isTrue();
            fixture.client().startContainerCmd(id).exec();
            send(typing, "hello\n");
            typing.close();
            assertThat(session.awaitCompletion(30, TimeUnit.SECONDS)).as("the container ends after one line, and so does the stream").isTrue();
        } finally {
            session.close();
        }
        assertThat(out).containsExactly("attached hello");
    }

    private static void send(PipedOutputStream to, String text) throws IOException {
        to.write(text.getBytes(StandardCharsets.UTF_8));
        to.flush();
    }

    private static InputStream tarWith(String name, String content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            byte[] data = content.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry entry = new TarArchiveEntry(name);
            entry.setSize(data.length);
            tar.putArchiveEntry(entry);
            tar.write(data);
            tar.closeArchiveEntry();
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }
}
