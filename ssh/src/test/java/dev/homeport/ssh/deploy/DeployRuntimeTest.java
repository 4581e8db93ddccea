package dev.homeport.ssh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.homeport.model.DeployOptions;
import dev.homeport.model.Deployment;
import dev.homeport.model.DeploymentState;
import dev.homeport.model.HealthGate;
import dev.homeport.model.RestartPolicy;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.Volume;
import dev.homeport.ssh.rig.RigHttp;
import dev.homeport.ssh.rig.TestApps;
import dev.homeport.ssh.transport.Prompts;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How releases run on the rig: limits and volumes, each health check, kept releases, the service actions and its logs. */
class DeployRuntimeTest extends RigDeployTest {
    private Service service(String name, String image, Integer port, DeployOptions options, Double cpus, Integer memoryMb) {
        return fixture.service(new Service(0, 0, name, new ServiceSource.Image(image), port, "/health", cpus, memoryMb, options));
    }

    private InspectContainerResponse inspect(long serviceId, long deploymentId) {
        String id = fixture.container(serviceId, deploymentId).orElseThrow().getId();
        return fixture.clients.docker(fixture.connection()).client().inspectContainerCmd(id).exec();
    }

    @Test
    void aReleaseRunsWithItsLimitsRestartPolicyVolumesLabelsAndNetwork() throws Exception {
        String volume = "homeport-test-" + fixture.unique;
        Service service = service("limited", apps.image("v1"), TestApps.PORT, DeployOptions.defaults().withRestart(RestartPolicy.ALWAYS)
                .withVolumes(List.of(new Volume(volume, "/data", false))), 0.5, 64);
        try {
            Deployment live = fixture.deployLive(service.id());
            InspectContainerResponse container = inspect(service.id(), live.id());
            assertThat(container.getHostConfig().getNanoCPUs()).isEqualTo(500_000_000L);
            assertThat(container.getHostConfig().getMemory()).isEqualTo(64L * 1024 * 1024);
            assertThat(container.getHostConfig().getRestartPolicy().getName()).isEqualTo("always");
            assertThat(container.getMounts()).anySatisfy(m -> {
                assertThat(m.getName()).isEqualTo(volume);
                assertThat(m.getDestination().getPath()).isEqualTo("/data");
            });
            assertThat(container.getNetworkSettings().getNetworks()).containsKey("homeport");
            assertThat(container.getConfig().getLabels()).containsEntry("dev.homeport.managed", "true")
                    .containsEntry("dev.homeport.deployment", Long.toString(live.id()))
                    .containsEntry("dev.homeport.path", "acme/shop/" + fixture.environment.name() + "/limited");
            // Published on loopback only.
            assertThat(container.getHostConfig().getPortBindings().getBindings().values()).allSatisfy(bindings ->
                    assertThat(bindings).allSatisfy(b -> assertThat(b.getHostIp()).isEqualTo("127.0.0.1")));
        } finally {
            fixture.close();
            new ProcessBuilder("docker", "volume", "rm", "-f", volume).start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void eachHealthCheckDecidesAsItSays() throws Exception {
        Service tcp = service("tcp", apps.image("v1"), TestApps.PORT, DeployOptions.defaults().withHealth(HealthGate.TCP, 30), null, null);
        assertThat(fixture.deploy(tcp.id()).state()).isEqualTo(DeploymentState.LIVE);

        Service healthy = service("healthy", apps.healthcheckImage("v1", true), TestApps.PORT,
                DeployOptions.defaults().withHealth(HealthGate.IMAGE, 60), null, null);
        assertThat(fixture.deploy(healthy.id()).state()).isEqualTo(DeploymentState.LIVE);

        Service unhealthy = service("unhealthy", apps.healthcheckImage("v1", false), TestApps.PORT,
                DeployOptions.defaults().withHealth(HealthGate.IMAGE, 60), null, null);
        Deployment failed = fixture.deploy(unhealthy.id());
        assertThat(failed.state()).isEqualTo(DeploymentState.FAILED);
        assertThat(failed.reason()).contains("HEALTHCHECK reports unhealthy");

        Service noCheck = service("nocheck", apps.image("v1"), TestApps.PORT, DeployOptions.defaults().withHealth(HealthGate.IMAGE, 30), null, null);
        assertThat(fixture.deploy(noCheck.id()).reason()).contains("the image has no HEALTHCHECK");

        // No port: the release only has to keep running, and gets no route.
        Service worker = service("worker", apps.image("v1"), null, DeployOptions.defaults(), null, null);
        Deployment running = fixture.deployLive(worker.id());
        assertThat(fixture.history.log(running.id())).contains("The service has no port: no route.");
    }

    @Test
    void onlyTheNewestReleasesAreKeptAndTheOldOnesStop() throws Exception {
        Service service = service("kept", apps.image("v1"), TestApps.PORT, DeployOptions.defaults().withKeepReleases(2).withDrainSeconds(0), null, null);
        fixture.inventory.addDomain(service.id(), fixture.domain("kept"));
        Deployment first = fixture.deployLive(service.id());
        Deployment second = fixture.deployLive(service.id());
        assertThat(inspect(service.id(), first.id()).getState().getRunning()).isFalse();
        Deployment third = fixture.deployLive(service.id());

        assertThat(fixture.container(service.id(), first.id())).isEmpty();
        assertThat(inspect(service.id(), second.id()).getState().getRunning()).isFalse();
        assertThat(inspect(service.id(), third.id()).getState().getRunning()).isTrue();
    }

    @Test
    void stopStartRestartAndLogsWorkOnTheLiveRelease() throws Exception {
        Service service = service("actions", apps.image("v1"), TestApps.PORT, DeployOptions.defaults(), null, null);
        fixture.inventory.addDomain(service.id(), fixture.domain("actions"));
        Deployment live = fixture.deployLive(service.id());
        RigHttp.get("http", fixture.domain("actions"), "/", null);

        fixture.deploys.stop(service.id(), Prompts.NONE);
        assertThat(inspect(service.id(), live.id()).getState().getRunning()).isFalse();
        fixture.deploys.start(service.id(), Prompts.NONE);
        assertThat(inspect(service.id(), live.id()).getState().getRunning()).isTrue();
        String startedAt = inspect(service.id(), live.id()).getState().getStartedAt();
        fixture.deploys.restart(service.id(), Prompts.NONE);
        assertThat(inspect(service.id(), live.id()).getState().getStartedAt()).isNotEqualTo(startedAt);

        List<String> lines = new CopyOnWriteArrayList<>();
        var logs = fixture.deploys.logs(service.id(), 50, false, Prompts.NONE, lines::add);
        logs.awaitCompletion(20, TimeUnit.SECONDS);
        assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(line).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d.*"));
    }
}
