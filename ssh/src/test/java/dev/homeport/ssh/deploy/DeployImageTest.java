package dev.homeport.ssh.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeport.model.Deployment;
import dev.homeport.model.DeploymentState;
import dev.homeport.model.Organisation;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.ssh.proxy.CaddyAdmin;
import dev.homeport.ssh.proxy.CaddyRoutes;
import dev.homeport.ssh.proxy.ServiceRoute;
import dev.homeport.ssh.rig.RigHttp;
import dev.homeport.ssh.rig.RigLoad;
import dev.homeport.ssh.rig.RigRegistry;
import dev.homeport.ssh.rig.TestApps;
import dev.homeport.ssh.transport.Prompts;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Image services on the rig, through real Docker and Caddy: deploy, redeploy under load, a failing release, rollback. */
class DeployImageTest extends RigDeployTest {
    private Service web(String image) {
        Service service = fixture.service(new Service(0, 0, "web", new ServiceSource.Image(image), TestApps.PORT, "/health", null, null,
                dev.homeport.model.DeployOptions.defaults().withDrainSeconds(1)));
        fixture.inventory.addDomain(service.id(), fixture.domain("web"));
        return service;
    }

    private Service switchImage(Service service, String image) {
        return fixture.inventory.updateService(new Service(service.id(), service.environmentId(), service.name(), new ServiceSource.Image(image),
                service.port(), service.healthCheckPath(), service.cpuLimit(), service.memoryLimitMb(), service.options()));
    }

    private String caddyRoot() {
        try (CaddyAdmin admin = CaddyAdmin.over(fixture.connection())) {
            return new CaddyRoutes(admin).internalRootCertificate();
        }
    }

    @Test
    void anImageDeploysAndIsServedByItsDomainOverHttpAndHttps() throws Exception {
        Service service = web(apps.image("v1"));
        Deployment live = fixture.deployLive(service.id());

        assertThat(live.imageDigest()).startsWith("sha256:");
        assertThat(fixture.history.log(live.id())).anyMatch(line -> line.contains("Health check passed"));
        String domain = fixture.domain("web");
        assertThat(RigHttp.get("http", domain, "/", null).body()).isEqualTo("testapp v1");
        assertThat(RigHttp.get("https", domain, "/", caddyRoot()).body()).isEqualTo("testapp v1");
        assertThat(fixture.container(service.id(), live.id()))
                .hasValueSatisfying(c -> assertThat(c.getNames()).singleElement().asString().matches("/" + fixture.environment.name() + "-web-" + live.id() + "[0-9a-z]{4}"));
    }

    @Test
    void aPrivateRegistryImageIsPulledWithTheOrganisationsLoginAndRefusedWithoutIt() throws Exception {
        try (RigRegistry registry = new RigRegistry()) {
            String image = registry.push(apps.image("v1"), "private/testapp:r1");
            long organisation = fixture.inventory.organisations().getFirst().id();
            var login = fixture.inventory.setRegistryCredential(organisation, registry.address(), registry.user,
                    dev.homeport.model.vault.Secret.of(registry.password));

            Service anonymous = fixture.service(new Service(0, 0, "anon", new ServiceSource.Image(image), TestApps.PORT, "/health", null, null,
                    dev.homeport.model.DeployOptions.defaults()));
            Deployment refused = fixture.deploy(anonymous.id());
            assertThat(refused.state()).isEqualTo(DeploymentState.FAILED);
            assertThat(refused.reason()).startsWith("Cannot pull " + image).contains("basic auth credentials");

            Service web = fixture.service(new Service(0, 0, "priv", new ServiceSource.Image(image, login.id()), TestApps.PORT, "/health", null,
                    null, dev.homeport.model.DeployOptions.defaults()));
            fixture.inventory.addDomain(web.id(), fixture.domain("priv"));
            Deployment live = fixture.deployLive(web.id());
            assertThat(fixture.history.log(live.id())).anyMatch(line -> line.startsWith("Pulling " + image + " as tester on " + registry.address()));
            assertThat(RigHttp.get("http", fixture.domain("priv"), "/", null).body()).isEqualTo("testapp v1");
            assertThat(String.join("\n", fixture.history.log(live.id()))).doesNotContain(registry.password);
        }
    }

    @Test
    void aPublicNameGetsItsCertificateFromTheOrganisationsAcmeCaFromTheNextDeploy() throws Exception {
        long organisation = fixture.inventory.organisations().getFirst().id();
        fixture.inventory.setAcme(organisation, "ops@example.com", Organisation.LETS_ENCRYPT_STAGING);
        Service service = web(apps.image("v1"));
        // A name no CA will sign (example.com): the order fails in Caddy's background, the route is what counts here.
        String publicName = "web-" + fixture.unique + ".example.com";
        fixture.inventory.addDomain(service.id(), publicName);
        long key = fixture.inventory.serviceNodeKey(service.id());

        fixture.deployLive(service.id());
        assertThat(route(key)).hasValueSatisfying(route -> {
            assertThat(route.publicHostnames()).containsExactly(publicName);
            assertThat(route.acmeEmail()).isEqualTo("ops@example.com");
            assertThat(route.acmeDirectory()).isEqualTo(Organisation.LETS_ENCRYPT_STAGING);
        });

        fixture.inventory.setAcmeDirectory(organisation, null);
        assertThat(route(key)).get().extracting(ServiceRoute::acmeDirectory).as("changed at the next deploy, not before")
                .isEqualTo(Organisation.LETS_ENCRYPT_STAGING);
        fixture.deployLive(service.id());
        assertThat(route(key)).get().extracting(ServiceRoute::acmeDirectory).as("Let's Encrypt, Caddy's default").isNull();
        assertThat(RigHttp.get("http", fixture.domain("web"), "/", null).body()).isEqualTo("testapp v1");
    }

    private java.util.Optional<ServiceRoute> route(long serviceKey) {
        try (CaddyAdmin admin = CaddyAdmin.over(fixture.connection())) {
            return new CaddyRoutes(admin).current(serviceKey);
        }
    }

    @Test
    void aRedeployUnderSteadyTrafficDropsNoRequest() throws Exception {
        Service service = web(apps.image("v1"));
        Deployment first = fixture.deployLive(service.id());
        switchImage(service, apps.image("v2"));

        RigLoad.Result result;
        try (RigLoad load = RigLoad.start(fixture.domain("web"), "/", 4)) {
            Thread.sleep(300);
            fixture.deployLive(service.id());
            Thread.sleep(1500); // past the drain: the old container is stopped by now
            result = load.stop();
        }
        assertThat(result.failures()).as(result.toString()).isZero();
        assertThat(result.bodies()).containsKeys("testapp v1", "testapp v2");
        assertThat(fixture.history.find(first.id()).state()).isEqualTo(DeploymentState.SUPERSEDED);
        assertThat(RigHttp.get("http", fixture.domain("web"), "/", null).body()).isEqualTo("testapp v2");
    }

    @Test
    void aReleaseThatFailsItsHealthCheckLeavesThePreviousOneServing() throws Exception {
        Service service = web(apps.image("v1"));
        Deployment first = fixture.deployLive(service.id());
        Service broken = switchImage(service, apps.brokenImage());
        fixture.inventory.updateService(broken.withOptions(broken.options().withHealth(null, 4)));

        Deployment failed = fixture.deploy(service.id());

        assertThat(failed.state()).isEqualTo(DeploymentState.FAILED);
        assertThat(failed.reason()).contains("The health check failed").contains("HTTP 404").contains("previous release keeps serving");
        assertThat(fixture.history.find(first.id()).state()).isEqualTo(DeploymentState.LIVE);
        assertThat(RigHttp.get("http", fixture.domain("web"), "/", null).body()).isEqualTo("testapp v1");
        // The failed container is kept, stopped, for its logs.
        assertThat(fixture.container(service.id(), failed.id()))
                .hasValueSatisfying(c -> assertThat(c.getState()).isEqualTo("exited"));
    }

    @Test
    void rollbackRestoresThePreviousResponse() throws Exception {
        Service service = web(apps.image("v1"));
        Deployment first = fixture.deployLive(service.id());
        switchImage(service, apps.image("v2"));
        Deployment second = fixture.deployLive(service.id());
        assertThat(RigHttp.get("http", fixture.domain("web"), "/", null).body()).isEqualTo("testapp v2");

        Deployment back = fixture.deploys.rollback(service.id(), null, Prompts.NONE, DeployListener.NONE).await();

        assertThat(back.state()).isEqualTo(DeploymentState.LIVE);
        assertThat(back.imageDigest()).isEqualTo(first.imageDigest());
        assertThat(fixture.history.find(second.id()).state()).isEqualTo(DeploymentState.ROLLED_BACK);
        assertThat(RigHttp.get("http", fixture.domain("web"), "/", null).body()).isEqualTo("testapp v1");
        assertThatThrownBy(() -> fixture.deploys.rollback(service.id(), back.id(), Prompts.NONE, DeployListener.NONE))
                .hasMessageContaining("is the live release already");
    }

    @Test
    void aSecondDeploymentOfTheSameServiceIsRefusedAndCancelKeepsThePreviousRelease() throws Exception {
        Service service = web(apps.image("v1"));
        fixture.deployLive(service.id());
        // v2 whose health path never answers: the deployment waits in HEALTH_CHECKING.
        Service slow = switchImage(service, apps.image("v2"));
        fixture.inventory.updateService(new Service(slow.id(), slow.environmentId(), slow.name(), slow.source(), slow.port(), "/never",
                null, null, slow.options().withHealth(null, 120)));

        DeployRun run = fixture.deploys.deploy(service.id(), null, Prompts.NONE, DeployListener.NONE);
        assertThatThrownBy(() -> fixture.deploys.deploy(service.id(), null, Prompts.NONE, DeployListener.NONE))
                .isInstanceOf(DeployException.class).hasMessageContaining("is already deploying: deployment #" + run.queued().id());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (fixture.history.find(run.queued().id()).state() != DeploymentState.HEALTH_CHECKING && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(run.cancel()).isTrue();
        Deployment cancelled = run.await();

        assertThat(cancelled.state()).isEqualTo(DeploymentState.FAILED);
        assertThat(cancelled.reason()).contains("Cancelled");
        assertThat(RigHttp.get("http", fixture.domain("web"), "/", null).body()).isEqualTo("testapp v1");
        assertThat(fixture.container(service.id(), cancelled.id())).isEmpty();
    }
}
