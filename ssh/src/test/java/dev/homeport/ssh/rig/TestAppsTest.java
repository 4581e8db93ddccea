package dev.homeport.ssh.rig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.homeport.ssh.docker.NodeDocker;
import dev.homeport.ssh.transport.NodeConnections;
import dev.homeport.ssh.transport.Prompts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The test-app images do what deploy tests rely on, run on the rig's real Docker through Homeport's SSH transport. */
@ExtendWith(RigExtension.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TestAppsTest {
    private static final String TRICKY = "it's \"quoted\" $HOME ${PATH} `id` $(id) \\n \\\\ %s %%\n"
            + "second line\r\n\ttab; ünïcödé ✓ 🚢 \u00a0end";

    @TempDir
    Path folder;
    private TestApps apps;
    private NodeConnections connections;
    private NodeDocker docker;
    private final List<String> containers = new ArrayList<>();
    private final List<String> images = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void connect(Rig rig) {
        apps = new TestApps(rig);
        connections = new NodeConnections(RigTargets.settings(rig, folder));
        docker = new NodeDocker(connections.to(RigTargets.rig(rig), Prompts.NONE));
    }

    @AfterEach
    void cleanUp() {
        try {
            for (String id : containers) {
                try {
                    client().removeContainerCmd(id).withForce(true).exec();
                } catch (NotFoundException gone) {
                    // removed by the test
                }
            }
            images.forEach(apps::removeImages);
        } finally {
            docker.close();
            connections.close();
        }
    }

    @Test
    void theAppAnswersItsPagesAndItsHealth() throws Exception {
        String ip = start(apps.image("1.0"), List.of());

        HttpResponse<byte[]> root = get(ip, "/");
        assertThat(root.statusCode()).isEqualTo(200);
        assertThat(text(root)).isEqualTo("testapp 1.0");
        HttpResponse<byte[]> health = get(ip, "/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(text(health)).isEqualTo("ok");
        assertThat(get(ip, "/cgi-bin/env?HOMEPORT_NOT_SET").statusCode()).isEqualTo(404);
        assertThat(get(ip, "/cgi-bin/env?not-a-name").statusCode()).isEqualTo(400);
    }

    @Test
    void anEnvironmentVariableComesBackByteForByte() throws Exception {
        String ip = start(apps.image("1.0"), List.of("TRICKY=" + TRICKY, "EMPTY="));

        HttpResponse<byte[]> tricky = get(ip, "/cgi-bin/env?TRICKY");
        assertThat(tricky.statusCode()).isEqualTo(200);
        assertThat(tricky.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(tricky.body()).isEqualTo(TRICKY.getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> empty = get(ip, "/cgi-bin/env?EMPTY");
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(empty.body()).isEmpty();
    }

    @Test
    void versionsDifferOnlyInTheirPage() throws Exception {
        String ip = start(apps.image("2.0-rc.1"), List.of());
        assertThat(text(get(ip, "/"))).isEqualTo("testapp 2.0-rc.1");
        assertThat(apps.image("2.0-rc.1")).isEqualTo("homeport/testapp:2.0-rc.1");
        assertThatThrownBy(() -> apps.image("1.0 beta")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void manyRequestsAtOnceAreAllAnswered() throws Exception {
        String ip = start(apps.image("1.0"), List.of("WHO=everyone"));
        List<CompletableFuture<HttpResponse<byte[]>>> requests = IntStream.range(0, 40)
                .mapToObj(i -> http.sendAsync(request(ip, i % 2 == 0 ? "/cgi-bin/env?WHO" : "/"), HttpResponse.BodyHandlers.ofByteArray()))
                .toList();
        for (CompletableFuture<HttpResponse<byte[]>> request : requests) {
            assertThat(request.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void sigtermStopsTheAppAtOnce() throws Exception {
        String image = apps.image("1.0");
        start(image, List.of());
        String id = containers.getLast();
        assertThat(Processes.run("docker", "image", "inspect", "-f", "{{.Config.StopSignal}}", image)).isEmpty(); // SIGTERM, the default

        long started = System.nanoTime();
        client().stopContainerCmd(id).withTimeout(10).exec();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).isLessThan(Duration.ofSeconds(2));
        InspectContainerResponse.ContainerState state = client().inspectContainerCmd(id).exec().getState();
        assertThat(state.getRunning()).isFalse();
        assertThat(state.getExitCodeLong()).as("exited on its own, not killed").isZero();
    }

    @Test
    void theBrokenAppRunsButFailsEveryHealthGate() throws Exception {
        String ip = start(apps.brokenImage(), List.of());
        HttpResponse<byte[]> root = get(ip, "/");
        assertThat(root.statusCode()).isEqualTo(500);
        assertThat(text(root)).isEqualTo("broken");
        assertThat(get(ip, "/health").statusCode()).isEqualTo(404);
        assertThat(client().inspectContainerCmd(containers.getLast()).exec().getState().getRunning()).isTrue();
    }

    @Test
    void healthcheckImagesTurnHealthyOrUnhealthy() throws Exception {
        start(apps.healthcheckImage("1.0", true), List.of());
        String healthy = containers.getLast();
        start(apps.healthcheckImage("1.0", false), List.of());
        String unhealthy = containers.getLast();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(health(healthy)).isEqualTo("healthy");
            assertThat(health(unhealthy)).isEqualTo("unhealthy");
        });
    }

    @Test
    void theFolderAppLeavesWhatDockerignoreExcludesOutOfTheBuild() throws Exception {
        Path app = apps.folderApp(folder, "3.1");
        assertThat(app.resolve("secret.txt")).exists();
        assertThat(app.resolve("node_modules/left-pad/index.js")).exists();
        String tag = "homeport-test/folder-app-" + UUID.randomUUID().toString().substring(0, 8);
        images.add(tag);

        Processes.run("docker", "build", "-q", "--force-rm", "-t", tag, app.toString());
        String ip = start(tag, List.of("FROM_FOLDER=yes"));

        assertThat(text(get(ip, "/"))).isEqualTo("testapp 3.1");
        assertThat(text(get(ip, "/health"))).isEqualTo("ok");
        assertThat(text(get(ip, "/cgi-bin/env?FROM_FOLDER"))).isEqualTo("yes");
        assertThat(text(get(ip, "/files")).lines()).containsExactly(
                "./.dockerignore", "./Dockerfile", "./www/cgi-bin/env", "./www/health", "./www/index.html");
    }

    @Test
    void theFolderAppsBuildFailsWhenIgnoredFilesAreSent() throws IOException {
        Path app = apps.folderApp(folder, "3.1");
        // Without the .dockerignore, the secret reaches the build, and the Dockerfile's guard stops it.
        Files.delete(app.resolve(".dockerignore"));
        String tag = "homeport-test/folder-app-" + UUID.randomUUID().toString().substring(0, 8);
        images.add(tag);
        Set<String> danglingBefore = dangling();
        Processes.Result leaky = Processes.call(List.of("docker", "build", "-q", "--force-rm", "-t", tag, app.toString()), null);
        assertThat(leaky.exit()).isNotZero();
        assertThat(leaky.out() + leaky.err()).contains("files excluded by .dockerignore were sent to the build");
        // The failed build leaves its COPY step behind as an untagged image; without -f, rmi spares any in use.
        for (String left : dangling()) {
            if (!danglingBefore.contains(left)) {
                Processes.call(List.of("docker", "rmi", left), null);
            }
        }
    }

    @Test
    void aSecondBuildReusesTheImage() {
        String first = imageId(apps.image("1.0"));
        apps.removeImages("homeport/testapp:never-built");
        assertThat(imageId(apps.image("1.0"))).isEqualTo(first);
        assertThat(client().inspectImageCmd(TestApps.BASE).exec().getConfig().getLabels())
                .containsEntry(TestApps.LABEL, "true").containsKey(TestApps.INPUTS_LABEL)
                .doesNotContainKeys("dev.homeport.test");
    }

    private DockerClient client() {
        return docker.client();
    }

    /** Runs the image and returns the container's bridge IP once the app answers on 8080. */
    private String start(String image, List<String> env) {
        String id = client().createContainerCmd(image)
                .withName("homeport-test-testapp-" + UUID.randomUUID().toString().substring(0, 8))
                .withLabels(Map.of("dev.homeport.test", "true"))
                .withEnv(env)
                .exec().getId();
        containers.add(id);
        client().startContainerCmd(id).exec();
        String ip = client().inspectContainerCmd(id).exec().getNetworkSettings().getNetworks().get("bridge").getIpAddress();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> get(ip, "/health") != null);
        return ip;
    }

    private static Set<String> dangling() {
        return Set.copyOf(Processes.run("docker", "images", "-q", "--filter", "dangling=true").lines().toList());
    }

    private String health(String id) {
        return client().inspectContainerCmd(id).exec().getState().getHealth().getStatus();
    }

    private String imageId(String tag) {
        return client().inspectImageCmd(tag).exec().getId();
    }

    private HttpRequest request(String ip, String path) {
        return HttpRequest.newBuilder(URI.create("http://" + ip + ":" + TestApps.PORT + path)).timeout(Duration.ofSeconds(10)).build();
    }

    private HttpResponse<byte[]> get(String ip, String path) throws IOException, InterruptedException {
        return http.send(request(ip, path), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}
