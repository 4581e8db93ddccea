package dev.homeport.ssh.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Container;
import dev.homeport.model.CrashLoopPolicy;
import dev.homeport.model.DeployOptions;
import dev.homeport.model.Deployment;
import dev.homeport.model.DeploymentState;
import dev.homeport.model.ReleaseMark;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.inventory.DeploymentHistory;
import dev.homeport.model.inventory.KeyInventory;
import dev.homeport.model.inventory.Retention;
import dev.homeport.model.vault.Vault;
import dev.homeport.ssh.deploy.CrashWatch;
import dev.homeport.ssh.deploy.DeployListener;
import dev.homeport.ssh.deploy.DeployService;
import dev.homeport.ssh.docker.ContainerExec;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.TestApps;
import dev.homeport.ssh.transport.Prompts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash loop of a release whose replicas run on three nodes: one exit on each node is one loop of three exits,
 * as the release counts them, although no node saw more than one. Swarm replaces each crashed task, so none is down.
 */
@ExtendWith(RigExtension.class)
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class ClusterCrashWatchTest {
    @TempDir
    Path folder;
    ClusterFixture fixture;
    DeploymentHistory history;
    DeployService deploys;
    CrashWatch watch;
    final List<CrashWatch.Crash> crashes = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp(Rig rig) {
        fixture = new ClusterFixture(rig, folder);
        history = new DeploymentHistory(fixture.store);
        KeyInventory keys = new KeyInventory(fixture.store, Vault.openOrCreate(new dev.homeport.model.HomeportHome(folder.resolve("home")).vaultKey(), null));
        deploys = new DeployService(fixture.inventory, fixture.nodes, keys, history, fixture.nodeService, fixture.clients, new Retention(fixture.store));
        new TestApps(rig).base();
        fixture.cluster.loadFromRig(TestApps.BASE, 1); // the folder app's Dockerfile starts FROM it, and node 1 builds
        fixture.attachAll();
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        try {
            if (watch != null) {
                watch.close();
            }
        } finally {
            fixture.close();
        }
    }

    @Test
    void oneExitOnEachNodeIsOneCrashLoopOfTheRelease() throws Exception {
        Path app = TestApps.writeFolderApp(folder.resolve("app"), "k1");
        Service web = fixture.inventory.createService(new Service(0, fixture.environment.id(), "spread",
                new ServiceSource.Folder(app.toString()), TestApps.PORT, "/health", null, null,
                DeployOptions.defaults().withReplicas(3).withHealth(null, 15)));
        Deployment live = deploys.deploy(web.id(), null, Prompts.NONE, DeployListener.NONE).await();
        assertThat(live.state()).as(live.reason() + "\n" + String.join("\n", history.log(live.id()))).isEqualTo(DeploymentState.LIVE);
        ClusterFixture.await("a replica of the release on every node", () -> nodesRunning(live).size() == 3);

        watch = new CrashWatch(fixture.inventory, history, fixture.nodeService, fixture.clients,
                () -> new CrashLoopPolicy(3, Duration.ofMinutes(2)), crashes::add);
        for (int n = 1; n <= 3; n++) {
            watch.watch(fixture.node(n));
        }
        ClusterFixture.await("the crash watch listening on every node",
                () -> watch.listening("n1") && watch.listening("n2") && watch.listening("n3"));

        for (int n = 1; n <= 3; n++) {
            crashReplicaOn(n, live);
        }
        ClusterFixture.await("a crash loop reported", () -> crashes.stream().anyMatch(c -> c.kind() == CrashWatch.Kind.CRASH_LOOP));
        CrashWatch.Crash loop = crashes.stream().filter(c -> c.kind() == CrashWatch.Kind.CRASH_LOOP).findFirst().orElseThrow();
        assertThat(loop.deploymentId()).isEqualTo(live.id());
        assertThat(loop.crashes()).as("one exit on each of three nodes").isEqualTo(3);
        assertThat(loop.note()).matches("LIVE, then crashed 3 times in \\d+ s");
        assertThat(crashes).as("Swarm replaces a crashed task: never down").noneMatch(c -> c.kind() == CrashWatch.Kind.DOWN);
        ClusterFixture.await("the release marked", () -> history.marks(live.id()).size() == 2);
        assertThat(history.marks(live.id())).extracting(ReleaseMark::kind).containsExactly(ReleaseMark.Kind.LIVE, ReleaseMark.Kind.CRASHED);
        assertThat(crashes).as("reported once, though three nodes saw exits").filteredOn(c -> c.kind() == CrashWatch.Kind.CRASH_LOOP).hasSize(1);
    }

    /** The nodes, by number, that run a replica of the release now. */
    private Set<Integer> nodesRunning(Deployment release) {
        Set<Integer> nodes = new HashSet<>();
        for (int n = 1; n <= 3; n++) {
            if (replicaOn(n, release) != null) {
                nodes.add(n);
            }
        }
        return nodes;
    }

    private Container replicaOn(int n, Deployment release) {
        return fixture.cluster.docker(n).listContainersCmd()
                .withLabelFilter(Map.of("dev.homeport.deployment", Long.toString(release.id()))).exec().stream().findFirst().orElse(null);
    }

    /**
     * Ends the replica's web server from inside its container, so PID 1 exits (137) with no {@code docker kill}: to Docker,
     * a crash nobody asked for.
     */
    private void crashReplicaOn(int n, Deployment release) {
        Container replica = replicaOn(n, release);
        assertThat(replica).as("a replica on node %d", n).isNotNull();
        ContainerExec.Result result = ContainerExec.run(fixture.cluster.docker(n), replica.getId(),
                List.of("sh", "-c", "kill -KILL $(cat /proc/1/task/1/children)"), null, Duration.ofSeconds(20));
        assertThat(result.exitCode()).as(result.output()).isZero();
    }
}
