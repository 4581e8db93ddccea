package dev.homeport.ssh.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.command.ExecCreateCmdResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Task;
import dev.homeport.model.DeployOptions;
import dev.homeport.model.Deployment;
import dev.homeport.model.DeploymentState;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.inventory.DeploymentHistory;
import dev.homeport.model.inventory.KeyInventory;
import dev.homeport.model.inventory.Retention;
import dev.homeport.model.vault.Vault;
import dev.homeport.ssh.deploy.DeployListener;
import dev.homeport.ssh.deploy.DeployService;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.RigHttp;
import dev.homeport.ssh.rig.RigLoad;
import dev.homeport.ssh.rig.TestApps;
import dev.homeport.ssh.transport.Prompts;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Releases of a service as the replicas of one Swarm service on the rig's three-node cluster. */
@ExtendWith(RigExtension.class)
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class ClusterDeployTest {
    private static final String DOMAIN = "web.cluster.test";
    /** A secret value no shell may parse. */
    private static final String SECRET = "p@ss 'w\"$(touch /tmp/x)` ;";
    @TempDir
    Path folder;
    ClusterFixture fixture;
    DeploymentHistory history;
    DeployService deploys;
    TestApps apps;

    @BeforeEach
    void setUp(Rig rig) {
        fixture = new ClusterFixture(rig, folder);
        history = new DeploymentHistory(fixture.store);
        KeyInventory keys = new KeyInventory(fixture.store, Vault.openOrCreate(new dev.homeport.model.HomeportHome(folder.resolve("home")).vaultKey(), null));
        deploys = new DeployService(fixture.inventory, fixture.nodes, keys, history, fixture.nodeService, fixture.clients, new Retention(fixture.store));
        apps = new TestApps(rig);
        apps.base();
        fixture.cluster.loadFromRig(TestApps.BASE, 1); // the folder app's Dockerfile starts FROM it, and node 1 builds
        fixture.attach(1);
        fixture.attach(2);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        try {
            fixture.removeEdge();
        } finally {
            fixture.close();
        }
    }

    @Test
    void releasesRollOutToEveryReplicaAndAFailingOneIsRolledBack() throws Exception {
        Path app = TestApps.writeFolderApp(folder.resolve("app"), "c1");
        Service web = fixture.inventory.createService(new Service(0, fixture.environment.id(), "web",
                new ServiceSource.Folder(app.toString()), TestApps.PORT, "/health", null, null,
                DeployOptions.defaults().withReplicas(3).withHealth(null, 15)));
        fixture.inventory.addDomain(web.id(), DOMAIN);

        Deployment first = deploy(web);
        assertThat(first.state()).as(reason(first)).isEqualTo(DeploymentState.LIVE);
        ClusterFixture.await("3 replicas of the release running", () -> runningReleases().equals(Map.of(first.id(), 3L)));
        // A third node joins after the release: it is given the live image and the domain's route.
        fixture.attach(3);
        List<String> caughtUp = new java.util.ArrayList<>();
        deploys.catchUp(fixture.environment.id(), fixture.node(3), Prompts.NONE, caughtUp::add);
        assertThat(caughtUp).contains("n3 now answers " + DOMAIN + ".");
        for (int n = 1; n <= 3; n++) {
            assertThat(fixture.cluster.docker(n).inspectImageCmd(first.imageDigest()).exec().getId()).isEqualTo(first.imageDigest());
        }
        // The replicas answer each other by the service's name on the cluster's overlay network, and every node answers the domain.
        assertThat(fetchFromAReplica("/")).isEqualTo("testapp c1");
        assertEveryNodeServes("testapp c1");
        // One certificate authority signs the domain on every node, the node that joined later included.
        String root = fixture.clusters.rootCertificate(fixture.environment.id(), Prompts.NONE).orElseThrow();
        for (int n = 1; n <= fixture.cluster.size(); n++) {
            assertThat(RigHttp.get(fixture.cluster.host(n), "https", DOMAIN, "/", root, java.time.Duration.ofSeconds(10)).body())
                    .as("https on node %d", n).isEqualTo("testapp c1");
        }
        // From another host (this machine, on the nodes' network) only Caddy answers: the replicas' port is published nowhere.
        for (int n = 1; n <= fixture.cluster.size(); n++) {
            String host = fixture.cluster.host(n);
            assertThatThrownBy(() -> {
                try (java.net.Socket socket = new java.net.Socket()) {
                    socket.connect(new java.net.InetSocketAddress(host, TestApps.PORT), 2000);
                }
            }).as("port %d of node %d", TestApps.PORT, n).isInstanceOf(java.io.IOException.class);
        }

        TestApps.writeFolderApp(folder.resolve("app"), "c2");
        Deployment second;
        RigLoad.Result load;
        try (RigLoad traffic = RigLoad.start(List.of(fixture.cluster.host(1), fixture.cluster.host(2), fixture.cluster.host(3)), DOMAIN, "/", 3)) {
            second = deploy(web);
            load = traffic.stop();
        }
        assertThat(second.state()).as(reason(second)).isEqualTo(DeploymentState.LIVE);
        // The rolling update under steady requests to every node: none failed, and both releases answered.
        assertThat(load.failures()).as(load.toString()).isZero();
        assertThat(load.bodies()).containsKeys("testapp c1", "testapp c2");
        assertThat(history.log(second.id())).anyMatch(line -> line.contains("Updating the Swarm service"));
        ClusterFixture.await("3 replicas of the release running", () -> runningReleases().equals(Map.of(second.id(), 3L)));
        assertThat(fetchFromAReplica("/")).isEqualTo("testapp c2");
        assertEveryNodeServes("testapp c2");
        assertThat(history.find(first.id()).state()).isEqualTo(DeploymentState.SUPERSEDED);

        // A release whose health check never passes: Swarm takes the service back, and release 2 keeps serving.
        fixture.inventory.updateService(withHealthPath(web, "/no-such-page"));
        TestApps.writeFolderApp(folder.resolve("app"), "c3");
        Deployment broken = deploy(web);
        assertThat(broken.state()).isEqualTo(DeploymentState.FAILED);
        assertThat(broken.reason()).contains("health check failed");
        ClusterFixture.await("release 2 on all three replicas again", () -> runningReleases().equals(Map.of(second.id(), 3L)));
        assertThat(history.live(web.id()).orElseThrow().id()).isEqualTo(second.id());

        // The next release after a failed one goes through (the failed update's status does not linger).
        fixture.inventory.updateService(withHealthPath(web, "/health"));
        Deployment rolledBack = deploys.rollback(web.id(), first.id(), Prompts.NONE, DeployListener.NONE).await();
        assertThat(rolledBack.state()).as(reason(rolledBack)).isEqualTo(DeploymentState.LIVE);
        ClusterFixture.await("3 replicas of the release running", () -> runningReleases().equals(Map.of(rolledBack.id(), 3L)));
        assertThat(fetchFromAReplica("/")).isEqualTo("testapp c1");
        assertEveryNodeServes("testapp c1");
    }

    @Test
    void replicasScaleStopStartAndGoWithTheService() throws Exception {
        fixture.attach(3);
        Path app = folder.resolve("worker");
        java.nio.file.Files.createDirectories(app);
        // A worker whose image has no shell and no tool to check its health with (no sh, bash, busybox, wget, curl or nc):
        // it says hello (and its secret) once, answers HTTP on 8080, and exits at once on SIGTERM. The replicas borrow
        // the node's static busybox for both.
        java.nio.file.Files.writeString(app.resolve("server.pl"), """
                $| = 1; $SIG{TERM} = sub { exit 0 }; $SIG{CHLD} = 'IGNORE';
                open my $f, '<', '/etc/hostname'; my $h = <$f>; chomp $h;
                print "hello from $h with $ENV{API_TOKEN}\n";
                use IO::Socket::INET;
                my $s = IO::Socket::INET->new(LocalPort => 8080, Listen => 16, ReuseAddr => 1) or die "listen: $!";
                while (1) { my $c = $s->accept or next;
                  if (fork() == 0) { while (defined(my $l = <$c>)) { last if $l =~ /^\\r?\\n$/ }
                    print $c "HTTP/1.1 200 OK\\r\\nContent-Length: 6\\r\\nConnection: close\\r\\n\\r\\nworker"; close $c; exit 0 }
                  close $c }
                """);
        java.nio.file.Files.writeString(app.resolve("Dockerfile"), "FROM " + TestApps.BASE + "\n"
                + "COPY server.pl /server.pl\n"
                + "RUN [\"/bin/rm\", \"-f\", \"/bin/sh\", \"/usr/bin/sh\", \"/bin/dash\", \"/usr/bin/dash\", \"/bin/bash\", \"/usr/bin/bash\","
                + " \"/bin/busybox\", \"/usr/bin/busybox\", \"/usr/bin/wget\", \"/usr/bin/curl\", \"/bin/nc\", \"/usr/bin/nc\"]\n"
                + "CMD [\"perl\", \"/server.pl\"]\n");
        Service worker = fixture.inventory.createService(new Service(0, fixture.environment.id(), "worker",
                new ServiceSource.Folder(app.toString()), 8080, "/", null, null, DeployOptions.defaults().withReplicas(2).withPinnedNode("n2")));
        fixture.inventory.setVariable(dev.homeport.model.VariableScope.SERVICE, worker.id(), "MODE", "plain");
        fixture.inventory.setSecret(dev.homeport.model.VariableScope.SERVICE, worker.id(), "API_TOKEN", dev.homeport.model.vault.Secret.of(SECRET));
        Deployment live = deploy(worker);
        assertThat(live.state()).as(reason(live)).isEqualTo(DeploymentState.LIVE);
        ClusterFixture.await("2 replicas of the release running", () -> runningReleases().equals(Map.of(live.id(), 2L)));

        // The secret reaches the replica's process as a variable, and only the plain one is in the service's spec.
        var spec = fixture.cluster.docker(1).listServicesCmd().exec().stream().filter(s -> s.getSpec().getName().startsWith("prod-worker-"))
                .findFirst().orElseThrow().getSpec();
        assertThat(spec.getTaskTemplate().getContainerSpec().getEnv()).containsExactly("MODE=plain");
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(spec)).doesNotContain(SECRET);
        assertThat(processEnvironment("prod-worker-")).contains("API_TOKEN=" + SECRET, "MODE=plain");
        assertThat(spec.getTaskTemplate().getContainerSpec().getHealthCheck().getTest()).startsWith("CMD", "/.homeport/busybox", "wget");
        assertThat(spec.getTaskTemplate().getContainerSpec().getCommand()).startsWith("/.homeport/busybox", "sh", "-c");

        assertThat(deploys.scale(worker.id(), 3, Prompts.NONE)).contains("3 replicas");
        ClusterFixture.await("three replicas", () -> runningReleases().equals(Map.of(live.id(), 3L)));
        // Pinned to n2: every replica runs there.
        String serviceId = fixture.cluster.docker(1).listServicesCmd().exec().stream()
                .filter(s -> s.getSpec().getName().startsWith("prod-worker-")).findFirst().orElseThrow().getId();
        String n2 = fixture.swarmNodeId(2);
        // runningOn lists the tasks Swarm wants running; one just placed may not be on a node yet.
        ClusterFixture.await("three replicas on n2", () -> fixture.runningOn(serviceId).equals(List.of(n2, n2, n2)));
        assertThat(fixture.inventory.service(worker.id()).options().replicas()).isEqualTo(3);
        assertThat(history.ofService(worker.id())).hasSize(1); // no new release

        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        ClusterFixture.await("a hello from each replica in the logs", () -> {
            lines.clear();
            try (var logs = deploys.logs(worker.id(), 50, false, Prompts.NONE, lines::add)) {
                logs.awaitCompletion(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return lines.stream().filter(line -> line.contains("hello from")).count() >= 3;
        });
        assertThat(lines).allMatch(line -> line.matches("\\S+ worker\\.[0-9]+@n[1-3] .*"), "each line led by its replica");
        assertThat(String.join("\n", lines)).doesNotContain(SECRET).contains("with ••••••");

        deploys.stop(worker.id(), Prompts.NONE);
        ClusterFixture.await("no replica", () -> runningReleases().isEmpty());
        deploys.start(worker.id(), Prompts.NONE);
        ClusterFixture.await("three replicas again", () -> runningReleases().equals(Map.of(live.id(), 3L)));

        var undeploy = new dev.homeport.ssh.deploy.Undeploy(fixture.inventory, fixture.nodes, history, fixture.nodeService, fixture.clients, deploys,
                new dev.homeport.model.inventory.Backups(fixture.store, Vault.openOrCreate(new dev.homeport.model.HomeportHome(folder.resolve("home")).vaultKey(), null)), dev.homeport.ssh.backup.BackupCron.LINES);
        var plan = undeploy.plan(new dev.homeport.model.inventory.Ref(dev.homeport.model.inventory.Level.SERVICE, worker.id()), false, Prompts.NONE);
        assertThat(plan.describe()).anySatisfy(line -> assertThat(line).startsWith("Swarm service on the cluster: prod-worker-"));
        var result = undeploy.deleteAfter(plan, Prompts.NONE, line -> { });
        assertThat(result.failed()).isEmpty();
        assertThat(result.deleted()).isTrue();
        assertThat(fixture.cluster.docker(1).listServicesCmd().exec()).isEmpty();
        assertThat(fixture.cluster.docker(1).listSecretsCmd().exec()).isEmpty();
        for (int n = 1; n <= 3; n++) {
            assertThat(fixture.cluster.docker(n).listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of("dev.homeport.managed", "true")).exec()).as("containers left on node %d", n).isEmpty();
        }
    }

    /** The domain, asked of each node's Caddy, answers from the replicas. */
    private void assertEveryNodeServes(String body) throws java.io.IOException {
        for (int n = 1; n <= fixture.cluster.size(); n++) {
            assertThat(RigHttp.get(fixture.cluster.host(n), "http", DOMAIN, "/", null, java.time.Duration.ofSeconds(10)).body())
                    .as("node %d", n).isEqualTo(body);
        }
    }

    private Service withHealthPath(Service service, String path) {
        Service now = fixture.inventory.service(service.id());
        return new Service(now.id(), now.environmentId(), now.name(), now.source(), now.port(), path, now.cpuLimit(), now.memoryLimitMb(),
                now.options());
    }

    private Deployment deploy(Service service) throws InterruptedException {
        return deploys.deploy(service.id(), null, Prompts.NONE, DeployListener.NONE).await();
    }

    private String reason(Deployment deployment) {
        return deployment.reason() + "\n" + String.join("\n", history.log(deployment.id()));
    }

    /** Running replicas of the cluster's Homeport services, counted by the deployment they run. */
    private Map<Long, Long> runningReleases() {
        return fixture.cluster.runningTasks(null).stream()
                .filter(task -> task.getSpec().getContainerSpec().getLabels() != null
                        && task.getSpec().getContainerSpec().getLabels().containsKey("dev.homeport.deployment")) // not the edge's
                .collect(java.util.stream.Collectors.groupingBy(ClusterDeployTest::deploymentOf, java.util.stream.Collectors.counting()));
    }

    private static long deploymentOf(Task task) {
        return Long.parseLong(task.getSpec().getContainerSpec().getLabels().get("dev.homeport.deployment"));
    }

    /** The environment of PID 1 in a replica of the Swarm service whose name starts so: what the image's command runs with. */
    private List<String> processEnvironment(String servicePrefix) throws InterruptedException {
        for (int n = 1; n <= fixture.cluster.size(); n++) {
            var docker = fixture.cluster.docker(n);
            for (Container replica : docker.listContainersCmd().withLabelFilter(Map.of("dev.homeport.managed", "true")).exec()) {
                if (replica.getLabels().getOrDefault("com.docker.swarm.service.name", "").startsWith(servicePrefix)) {
                    return List.of(exec(docker, replica, "cat", "/proc/1/environ").split("\0"));
                }
            }
        }
        throw new AssertionError("no replica of " + servicePrefix);
    }

    /** GET of the service by its name on the overlay network, from inside one of its replicas (on whichever node has one). */
    private String fetchFromAReplica(String path) throws InterruptedException {
        for (int n = 1; n <= fixture.cluster.size(); n++) {
            var docker = fixture.cluster.docker(n);
            List<Container> replicas = docker.listContainersCmd().withLabelFilter(Map.of("dev.homeport.managed", "true")).exec();
            if (!replicas.isEmpty()) {
                return fetch(docker, replicas.getFirst(), path);
            }
        }
        throw new AssertionError("no node runs a replica");
    }

    private String fetch(com.github.dockerjava.api.DockerClient docker, Container replica, String path) throws InterruptedException {
        String service = replica.getLabels().get("com.docker.swarm.service.name");
        assertThat(service).startsWith(fixture.inventory.environment(fixture.environment.id()).name() + "-web-");
        return exec(docker, replica, "busybox", "wget", "-q", "-O", "-", "http://" + service + ":" + TestApps.PORT + path);
    }

    private static String exec(com.github.dockerjava.api.DockerClient docker, Container replica, String... command) throws InterruptedException {
        ExecCreateCmdResponse exec = docker.execCreateCmd(replica.getId()).withAttachStdout(true).withAttachStderr(true)
                .withCmd(command).exec();
        var out = new java.io.ByteArrayOutputStream();
        docker.execStartCmd(exec.getId()).exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<com.github.dockerjava.api.model.Frame>() {
            @Override
            public void onNext(com.github.dockerjava.api.model.Frame frame) {
                out.writeBytes(frame.getPayload());
            }
        }).awaitCompletion(20, TimeUnit.SECONDS);
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
