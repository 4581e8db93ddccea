package dev.homeport.ssh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.model.Deployment;
import dev.homeport.model.DeployOptions;
import dev.homeport.model.DeploymentState;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.VariableScope;
import dev.homeport.model.vault.Secret;
import dev.homeport.ssh.proxy.CaddyAdmin;
import dev.homeport.ssh.proxy.CaddyRoutes;
import dev.homeport.ssh.rig.RigHttp;
import dev.homeport.ssh.rig.TestApps;
import dev.homeport.ssh.transport.Prompts;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Secrets and hostile values, a connection killed mid-deploy, and settling deployments a stopped Homeport left behind. */
class DeploySafetyTest extends RigDeployTest {
    private static final String SECRET = "s3cr3t-" + java.util.UUID.randomUUID();

    private Service web(String path) {
        Service service = fixture.service(new Service(0, 0, "web", new ServiceSource.Image(apps.image("v1")), TestApps.PORT, path, null, null,
                DeployOptions.defaults().withDrainSeconds(0).withHealth(null, 60)));
        fixture.inventory.addDomain(service.id(), fixture.domain("web"));
        return service;
    }

    private String env(String name) throws Exception {
        return RigHttp.get("http", fixture.domain("web"), "/cgi-bin/env?" + URLEncoder.encode(name, StandardCharsets.UTF_8), null).body();
    }

    @Test
    void aSecretReachesTheContainerAndNothingElse() throws Exception {
        Service service = web("/health");
        fixture.inventory.setSecret(VariableScope.SERVICE, service.id(), "API_KEY", Secret.of(SECRET));
        fixture.inventory.setVariable(VariableScope.ENVIRONMENT, fixture.environment.id(), "GREETING", "from the environment");
        fixture.inventory.setVariable(VariableScope.ENVIRONMENT, fixture.environment.id(), "MODE", "environment");
        fixture.inventory.setVariable(VariableScope.SERVICE, service.id(), "MODE", "service");

        // Every process's command line on the node (this machine), sampled while the deployment runs.
        Map<String, Boolean> seen = new ConcurrentHashMap<>();
        AtomicBoolean deploying = new AtomicBoolean(true);
        Thread sampler = Thread.ofVirtual().start(() -> {
            while (deploying.get()) {
                try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
                    processes.filter(p -> p.getFileName().toString().matches("\\d+")).forEach(p -> {
                        try {
                            String args = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
                            seen.put(args, args.contains(SECRET));
                        } catch (java.io.IOException gone) {
                            // the process ended
                        }
                    });
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        Deployment live;
        try {
            live = fixture.deployLive(service.id());
        } finally {
            deploying.set(false);
            sampler.join();
        }

        assertThat(env("API_KEY")).isEqualTo(SECRET);
        assertThat(env("GREETING")).isEqualTo("from the environment");
        assertThat(env("MODE")).as("the service's own value wins").isEqualTo("service");
        assertThat(seen).as("command lines seen during the deploy").hasSizeGreaterThan(10).doesNotContainValue(true);
        assertThat(live.configSnapshot()).doesNotContain(SECRET);
        assertThat(String.join("\n", fixture.history.log(live.id()))).doesNotContain(SECRET);
        fixture.store.close(); // flushes every page to the file before it is read
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString()).doesNotContain(SECRET);
            }
        }
    }

    @Test
    void hostileVariableValuesArePassedByteExact() throws Exception {
        Service service = web("/health");
        List<String> values = List.of("it's \"quoted\"", "$(id) `id` ${HOME} $HOME", "line one\nline two\r\nthree", "tab\there; rm -rf /",
                "ünïcödé ✓ 🚢", "--flag=value", "a\\b\\\\c", " leading and trailing ");
        for (int i = 0; i < values.size(); i++) {
            fixture.inventory.setVariable(VariableScope.SERVICE, service.id(), "V" + i, values.get(i));
        }
        fixture.deployLive(service.id());
        for (int i = 0; i < values.size(); i++) {
            assertThat(env("V" + i)).as(values.get(i)).isEqualTo(values.get(i));
        }
    }

    @Test
    void aConnectionKilledMidDeployNeverLeavesItStuckAndTheOldReleaseServes() throws Exception {
        Service service = web("/health");
        fixture.deployLive(service.id());
        // The next release's health path never answers, so it waits in HEALTH_CHECKING while the connection dies.
        fixture.inventory.updateService(new Service(service.id(), service.environmentId(), service.name(), service.source(), service.port(),
                "/never", null, null, service.options().withDrainSeconds(0).withHealth(null, 120)));
        DeployRun run = fixture.deploys.deploy(service.id(), null, Prompts.NONE, DeployListener.NONE);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (fixture.history.find(run.queued().id()).state() != DeploymentState.HEALTH_CHECKING && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        fixture.connections.disconnect(fixture.node.name());

        Deployment ended = run.finished().get(60, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(ended.state()).isIn(DeploymentState.FAILED, DeploymentState.INTERRUPTED);
        assertThat(ended.reason()).isNotBlank();
        assertThat(RigHttp.get("http", fixture.domain("web"), "/", null).body()).isEqualTo("testapp v1");
    }

    @Test
    void deploymentsLeftInProgressAreSettledByWhatTheNodeShows() throws Exception {
        Service service = web("/health");
        Deployment live = fixture.deployLive(service.id());
        // Two releases a stopped Homeport left behind: one never routed, one Caddy already serves.
        Deployment stuck = walkTo(fixture.history.queue(service.id(), fixture.node.id(), "x", live.configSnapshot()), DeploymentState.HEALTH_CHECKING);
        Deployment routed = walkTo(fixture.history.queue(service.id(), fixture.node.id(), "x", live.configSnapshot()), DeploymentState.ROUTING);
        var docker = fixture.clients.docker(fixture.connection()).client();
        ReleaseContainers containers = new ReleaseContainers(docker);
        long key = fixture.inventory.serviceNodeKey(service.id());
        ReleaseContainers.Started started = containers.start(new ReleaseContainers.Spec(fixture.environment.name() + "-web-" + routed.id() + "x",
                live.imageDigest(), Labels.of(key, routed.id(), "acme/shop/" + fixture.environment.name() + "/web"), List.of(),
                TestApps.PORT, dev.homeport.model.RestartPolicy.NO, null, null, List.of()));
        try (CaddyAdmin admin = CaddyAdmin.over(fixture.connection())) {
            new CaddyRoutes(admin).route(new dev.homeport.ssh.proxy.ServiceRoute(key, "web", List.of(fixture.domain("web")),
                    started.upstream(), null));
        }

        List<DeployService.Reconciled> settled = fixture.deploys.reconcile(Prompts.NONE);

        assertThat(settled).extracting(r -> r.deployment().id()).containsExactlyInAnyOrder(stuck.id(), routed.id());
        assertThat(fixture.history.find(stuck.id()).state()).isEqualTo(DeploymentState.INTERRUPTED);
        assertThat(fixture.history.find(stuck.id()).reason()).contains("never took traffic");
        assertThat(fixture.history.find(routed.id()).state()).isEqualTo(DeploymentState.LIVE);
        assertThat(fixture.history.find(live.id()).state()).isEqualTo(DeploymentState.SUPERSEDED);
        assertThat(fixture.deploys.reconcile(Prompts.NONE)).isEmpty();
    }

    private Deployment walkTo(Deployment deployment, DeploymentState target) {
        DeploymentState state = DeploymentState.QUEUED;
        for (DeploymentState next : List.of(DeploymentState.PREPARING, DeploymentState.STARTING, DeploymentState.HEALTH_CHECKING, DeploymentState.ROUTING)) {
            if (state == target) {
                break;
            }
            fixture.history.transition(deployment.id(), state, next, null);
            state = next;
        }
        return fixture.history.find(deployment.id());
    }
}
