package dev.homeport.ssh.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import dev.homeport.ssh.docker.ContainerSummary.Health;
import dev.homeport.ssh.docker.ContainerSummary.State;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** docker-java over Homeport's SSH transport against the rig's real Docker: the container lifecycle and the lister. */
@ExtendWith(RigExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DockerContainersTest {
    @TempDir
    Path folder;
    private DockerRigFixture fixture;
    private ContainerLister lister;

    @BeforeEach
    void connect(Rig rig) {
        fixture = new DockerRigFixture(rig, folder);
        lister = new ContainerLister(fixture.client());
    }

    @AfterEach
    void cleanUp() {
        fixture.close();
    }

    @Test
    void createsStartsStopsAndRemovesAContainerAndListsItThroughout() {
        String name = DockerRigFixture.uniqueName("lifecycle");
        String id = fixture.create(name, DockerRigFixture.TICKING).exec().getId();
        assertThat(find(name)).get().extracting(ContainerSummary::id, ContainerSummary::state, ContainerSummary::image)
                .containsExactly(id, State.CREATED, fixture.rig.baseImage());

        fixture.client().startContainerCmd(id).exec();
        assertThat(find(name)).get().extracting(ContainerSummary::state).isEqualTo(State.RUNNING);
        assertThat(fixture.client().inspectContainerCmd(id).exec().getState().getRunning()).isTrue();

        fixture.client().stopContainerCmd(id).withTimeout(1).exec();
        ContainerSummary stopped = find(name).orElseThrow();
        assertThat(stopped.state()).as("stopped containers are listed too").isEqualTo(State.EXITED);
        assertThat(stopped.health()).isEqualTo(Health.NONE);

        fixture.client().removeContainerCmd(id).exec();
        assertThat(find(name)).isEmpty();
        assertThatThrownBy(() -> fixture.client().inspectContainerCmd(id).exec()).isInstanceOf(NotFoundException.class);
    }

    @Test
    void summaryCarriesPublishedPortsHomeportLabelsAndHealth() {
        String name = DockerRigFixture.uniqueName("summary");
        ExposedPort http = ExposedPort.tcp(8080);
        Ports bindings = new Ports();
        bindings.bind(http, Ports.Binding.bindIp("127.0.0.1"));
        String id = fixture.create(name, DockerRigFixture.TICKING)
                .withLabels(Map.of(DockerRigFixture.TEST_LABEL, "true", "dev.homeport.service", "web", "org.example.other", "x"))
                .withExposedPorts(http, ExposedPort.tcp(9090))
                .withHostConfig(HostConfig.newHostConfig().withPortBindings(new PortBinding(Ports.Binding.bindIp("127.0.0.1"), http)))
                .withHealthcheck(new HealthCheck().withTest(List.of("CMD-SHELL", "true")).withInterval(500_000_000L).withRetries(1))
                .exec().getId();
        fixture.client().startContainerCmd(id).exec();

        await().atMost(Duration.ofSeconds(30)).until(() -> find(name).orElseThrow().health() == Health.HEALTHY);
        ContainerSummary summary = find(name).orElseThrow();
        assertThat(summary.name()).isEqualTo(name);
        assertThat(summary.state()).isEqualTo(State.RUNNING);
        assertThat(summary.status()).contains("(healthy)");
        // The rig's base image adds dev.homeport.rig* labels of its own, which containers inherit.
        assertThat(summary.homeportLabels()).containsAllEntriesOf(Map.of(DockerRigFixture.TEST_LABEL, "true", "dev.homeport.service", "web"))
                .doesNotContainKey("org.example.other")
                .allSatisfy((key, value) -> assertThat(key).startsWith("dev.homeport."));
        assertThat(summary.ports()).as("only the published port, not the merely exposed 9090").singleElement().satisfies(port -> {
            assertThat(port.hostIp()).isEqualTo("127.0.0.1");
            assertThat(port.hostPort()).isPositive();
            assertThat(port.containerPort()).isEqualTo(8080);
            assertThat(port.protocol()).isEqualTo("tcp");
        });
    }

    @Test
    void aFailingHealthCheckShowsAsUnhealthy() {
        String name = DockerRigFixture.uniqueName("unhealthy");
        String id = fixture.create(name, DockerRigFixture.TICKING)
                .withHealthcheck(new HealthCheck().withTest(List.of("CMD-SHELL", "exit 1")).withInterval(500_000_000L).withRetries(1))
                .exec().getId();
        fixture.client().startContainerCmd(id).exec();
        await().atMost(Duration.ofSeconds(30)).until(() -> find(name).orElseThrow().health() == Health.UNHEALTHY);
    }

    private Optional<ContainerSummary> find(String name) {
        return lister.withLabel(DockerRigFixture.TEST_LABEL + "=true").stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
