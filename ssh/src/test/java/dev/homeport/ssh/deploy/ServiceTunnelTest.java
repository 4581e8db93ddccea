package dev.homeport.ssh.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.homeport.model.DeployOptions;
import dev.homeport.model.Deployment;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.ssh.rig.TestApps;
import dev.homeport.ssh.transport.Prompts;
import dev.homeport.ssh.tunnel.Tunnel;
import dev.homeport.ssh.tunnel.TunnelTarget;
import dev.homeport.ssh.tunnel.Tunnels;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A tunnel to a service deployed on the rig's node answers HTTP on a local port, from the live release's container. */
class ServiceTunnelTest extends RigDeployTest {
    @Test
    void aTunnelToTheLiveReleaseAnswersHttpOnALocalPort() throws Exception {
        Service service = fixture.service(new Service(0, 0, "tunneled", new ServiceSource.Image(apps.image("v1")), TestApps.PORT,
                "/health", null, null, DeployOptions.defaults()));
        String path = "acme/shop/" + fixture.environment.name() + "/tunneled";
        assertThatThrownBy(() -> fixture.deploys.tunnelTarget(service.id(), null, Prompts.NONE))
                .isInstanceOf(DeployException.class).hasMessageContaining(path + " has no live release");

        Deployment live = fixture.deployLive(service.id());
        TunnelTarget target = fixture.deploys.tunnelTarget(service.id(), null, Prompts.NONE);
        var container = fixture.clients.docker(fixture.connection()).client()
                .inspectContainerCmd(fixture.container(service.id(), live.id()).orElseThrow().getId()).exec();
        assertThat(target.node().name()).isEqualTo("rig");
        assertThat(target.host()).isEqualTo(container.getNetworkSettings().getNetworks().get("homeport").getIpAddress());
        assertThat(target.port()).isEqualTo(TestApps.PORT);
        assertThat(target.what()).isEqualTo(path + ":8080 on rig");
        assertThat(target.http()).isTrue();

        try (Tunnels tunnels = new Tunnels(fixture.nodeService); HttpClient http = HttpClient.newHttpClient()) {
            Tunnel tunnel = tunnels.open(target, null, Prompts.NONE, Tunnel.Listener.NONE);
            assertThat(tunnels.open()).containsExactly(tunnel);
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(tunnel.localUrl("http") + "/"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).isEqualTo("testapp v1");
            assertThat(tunnel.stats().total()).isEqualTo(1);
            // Counted just after each packet is handed on: the client may have read the answer a moment before.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(
                    () -> assertThat(tunnel.stats().received()).isGreaterThan(page.body().length()));

            // A stopped release cannot be reached: said before any port is opened.
            fixture.deploys.stop(service.id(), Prompts.NONE);
            assertThatThrownBy(() -> fixture.deploys.tunnelTarget(service.id(), null, Prompts.NONE))
                    .isInstanceOf(DeployException.class).hasMessageContaining(path + " is not running on rig").hasMessageContaining("start it first");
        }
    }

    @Test
    void aServiceWithoutAPortAsksForOne() {
        Service worker = fixture.service(new Service(0, 0, "worker", new ServiceSource.Image(apps.image("v1")), null, null, null, null,
                DeployOptions.defaults()));
        assertThatThrownBy(() -> fixture.deploys.tunnelTarget(worker.id(), null, Prompts.NONE))
                .isInstanceOf(DeployException.class).hasMessageContaining("has no port of its own")
                .hasMessageContaining("/worker:PORT");
    }
}
