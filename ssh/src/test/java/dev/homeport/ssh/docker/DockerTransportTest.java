package dev.homeport.ssh.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.transport.Command;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The dial-stdio transport's channel reuse and its handling of broken channels, on the rig. */
@ExtendWith(RigExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DockerTransportTest {
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
    void speaksTheApiVersionTheDaemonOffers() {
        // The rig's Docker 20.10 serves API 1.41, older than docker-java's newest.
        assertThat(fixture.docker.apiVersion().getVersion()).isEqualTo("1.41");
        assertThat(fixture.client().versionCmd().exec().getApiVersion()).isEqualTo("1.41");
    }

    @Test
    void fiftySequentialListCallsShareOneChannel() {
        String name = DockerRigFixture.uniqueName("reuse");
        String id = fixture.create(name, DockerRigFixture.TICKING).exec().getId();
        fixture.client();
        int before = fixture.docker.transport().channelsOpened();
        for (int i = 0; i < 50; i++) {
            List<Container> listed = fixture.client().listContainersCmd().withShowAll(true).withNameFilter(List.of(name)).exec();
            assertThat(listed).extracting(Container::getId).containsExactly(id);
        }
        // Each response is read to its end, so its channel carries the next request: no new process on the node.
        assertThat(fixture.docker.transport().channelsOpened() - before).isLessThanOrEqualTo(1);
        assertThat(fixture.docker.transport().idleChannels()).isEqualTo(1);
    }

    @Test
    void chunkedListsThatDockerJavaStopsReadingEarlyStillKeepTheirChannel() throws Exception {
        // Enough containers with long labels that Docker sends the list chunked (it does above 2 KB); Jackson stops
        // after the closing bracket, before the last chunk marker, which close() then reads.
        String prefix = DockerRigFixture.uniqueName("chunked");
        for (int i = 0; i < 4; i++) {
            fixture.create(prefix + "-" + i, DockerRigFixture.TICKING).withLabels(java.util.Map.of(DockerRigFixture.TEST_LABEL, "true",
                    "dev.homeport.padding", "x".repeat(1500))).exec();
        }
        DialStdioHttpClient transport = fixture.docker.transport();
        String filter = java.net.URLEncoder.encode("{\"name\":[\"" + prefix + "\"]}", StandardCharsets.UTF_8);
        try (DockerHttpClient.Response raw = transport.execute(get("/v1.41/containers/json?all=1&filters=" + filter))) {
            assertThat(raw.getHeader("Transfer-Encoding")).as("the list is sent chunked").isEqualTo("chunked");
            raw.getBody().readAllBytes();
        }
        int opened = transport.channelsOpened();
        for (int i = 0; i < 20; i++) {
            assertThat(fixture.client().listContainersCmd().withShowAll(true).withNameFilter(List.of(prefix)).exec()).hasSize(4);
        }
        assertThat(transport.channelsOpened()).isEqualTo(opened);
    }

    @Test
    void concurrentCallsUseSeparateChannelsAndOnlyAFewStayIdle() throws Exception {
        // At least one container to list, whatever else the rig's Docker has at the moment.
        fixture.ticking(DockerRigFixture.uniqueName("listed"));
        int openedBefore = fixture.docker.transport().channelsOpened();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                calls.add(pool.submit(() -> fixture.client().listContainersCmd().withShowAll(true).exec().size()));
            }
            for (Future<Integer> call : calls) {
                assertThat(call.get(60, TimeUnit.SECONDS)).isPositive();
            }
        }
        assertThat(fixture.docker.transport().channelsOpened() - openedBefore).isBetween(0, 8);
        assertThat(fixture.docker.transport().idleChannels()).isBetween(1, DialStdioPool.MAX_IDLE);
    }

    @Test
    void aResponseClosedBeforeItsEndClosesItsChannel() throws Exception {
        String id = fixture.ticking(DockerRigFixture.uniqueName("unread"));
        DialStdioHttpClient transport = fixture.docker.transport();
        fixture.client().pingCmd().exec();
        assertThat(transport.idleChannels()).isEqualTo(1);
        int opened = transport.channelsOpened();

        try (DockerHttpClient.Response logs = transport.execute(followLogs(id))) {
            assertThat(logs.getStatusCode()).isEqualTo(200);
            assertThat(transport.idleChannels()).as("the logs request took the idle channel").isZero();
            assertThat(readSome(logs.getBody())).contains("tick");
        }
        assertThat(transport.idleChannels()).as("a stream closed mid-way is not kept").isZero();
        fixture.client().pingCmd().exec();
        assertThat(transport.channelsOpened()).as("the next call opened a new channel").isEqualTo(opened + 1);
        assertThat(transport.idleChannels()).isEqualTo(1);
    }

    @Test
    void aChannelThatDiesMidResponseIsNotReused(Rig rig) throws Exception {
        // The real dial-stdio, which first notes its process id so the test can kill exactly this one.
        String pidFile = "/tmp/homeport-dial-stdio-" + System.nanoTime();
        Command noted = Command.script("echo $$ > \"$1\"; exec docker system dial-stdio", pidFile);
        try (DialStdioHttpClient transport = new DialStdioHttpClient(fixture.node, noted)) {
            String id = fixture.ticking(DockerRigFixture.uniqueName("dies"));
            DockerHttpClient.Response logs = transport.execute(followLogs(id));
            InputStream body = logs.getBody();
            assertThat(readSome(body)).contains("tick");

            fixture.node.exec(Command.script("kill -KILL \"$(cat \"$1\")\"", pidFile)).orThrow("kill dial-stdio");
            assertThatThrownBy(() -> {
                byte[] buffer = new byte[4096];
                while (body.read(buffer) >= 0) {
                    // drain until the broken channel ends the body
                }
            }).isInstanceOf(IOException.class).hasMessageContaining("ended inside");
            logs.close();
            assertThat(transport.idleChannels()).isZero();

            try (DockerHttpClient.Response ping = transport.execute(get("/_ping"))) {
                assertThat(new String(ping.getBody().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("OK");
            }
            assertThat(transport.channelsOpened()).isEqualTo(2);
            assertThat(transport.idleChannels()).isEqualTo(1);
        } finally {
            fixture.node.exec(Command.of("rm", "-f", pidFile));
        }
    }

    @Test
    void aKeptChannelWhoseProcessEndedIsReplaced(Rig rig) throws Exception {
        String pidFile = "/tmp/homeport-dial-stdio-" + System.nanoTime();
        Command noted = Command.script("echo $$ > \"$1\"; exec docker system dial-stdio", pidFile);
        try (DialStdioHttpClient transport = new DialStdioHttpClient(fixture.node, noted)) {
            try (DockerHttpClient.Response ping = transport.execute(get("/_ping"))) {
                ping.getBody().readAllBytes();
            }
            assertThat(transport.idleChannels()).isEqualTo(1);
            fixture.node.exec(Command.script("kill -KILL \"$(cat \"$1\")\"", pidFile)).orThrow("kill dial-stdio");
            try (DockerHttpClient.Response ping = transport.execute(get("/_ping"))) {
                assertThat(new String(ping.getBody().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("OK");
            }
            assertThat(transport.channelsOpened()).isEqualTo(2);
        } finally {
            fixture.node.exec(Command.of("rm", "-f", pidFile));
        }
    }

    @Test
    void closingTheClientEndsARunningStream() throws Exception {
        String id = fixture.ticking(DockerRigFixture.uniqueName("closing"));
        NodeDocker docker = new NodeDocker(fixture.node);
        DockerHttpClient.Response logs = docker.transport().execute(followLogs(id));
        InputStream body = logs.getBody();
        assertThat(readSome(body)).contains("tick");
        docker.close();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThatThrownBy(() -> {
            byte[] buffer = new byte[4096];
            while (body.read(buffer) >= 0) {
                // the stream would tick forever; closing the client must end it
            }
        }).isInstanceOf(IOException.class));
    }

    private DockerHttpClient.Request followLogs(String id) {
        return get("/v" + fixture.docker.apiVersion().getVersion() + "/containers/" + id + "/logs?follow=1&stdout=1");
    }

    private static DockerHttpClient.Request get(String path) {
        return DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.GET).path(path).build();
    }

    /** Reads until the text contains "tick" (a frame header and its line may come in separate reads). */
    private static String readSome(InputStream body) throws IOException {
        StringBuilder text = new StringBuilder();
        byte[] buffer = new byte[256];
        int n;
        while (!text.toString().contains("tick") && text.length() < 4096 && (n = body.read(buffer)) >= 0) {
            text.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
        }
        return text.toString();
    }
}
