package dev.homeport.model.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.model.Deployment;
import dev.homeport.model.DeploymentState;
import dev.homeport.model.HomeportHome;
import dev.homeport.model.NodeIdentity;
import dev.homeport.model.ReleaseMark;
import dev.homeport.model.ReleaseMoment;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.store.Store;
import dev.homeport.model.vault.Vault;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The moments deploy markers show: went live (kept past its retirement), failed, rolled back, crashed after LIVE. */
class ReleaseMomentsTest {
    @TempDir
    Path folder;
    private Store store;
    private DeploymentHistory history;
    private long serviceId;
    private long nodeId;

    @BeforeEach
    void open() {
        HomeportHome home = new HomeportHome(folder);
        store = Store.open(home);
        Vault vault = Vault.openOrCreate(home.vaultKey(), null);
        Inventory inventory = new Inventory(store, vault);
        long env = inventory.createEnvironment(inventory.createApplication(inventory.createOrganisation("acme").id(), "shop").id(), "prod").id();
        serviceId = inventory.createService(new Service(0, env, "web", new ServiceSource.Image("nginx"), 80, null, null, null)).id();
        nodeId = new NodeInventory(store, vault).add(new WorkerNode(0, "n1", "10.0.0.1", 22, "root", new NodeIdentity.KeyFile("/k"), null)).id();
        history = new DeploymentHistory(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Deployment live(DeploymentState retired) {
        Deployment d = history.queue(serviceId, nodeId, "nginx", "{}");
        history.transition(d.id(), DeploymentState.QUEUED, DeploymentState.PREPARING, null);
        history.transition(d.id(), DeploymentState.PREPARING, DeploymentState.STARTING, null);
        history.transition(d.id(), DeploymentState.STARTING, DeploymentState.HEALTH_CHECKING, null);
        history.transition(d.id(), DeploymentState.HEALTH_CHECKING, DeploymentState.ROUTING, null);
        assertThat(history.promote(d.id(), retired, null)).isTrue();
        return history.find(d.id());
    }

    @Test
    void eachReleaseIsMarkedWhenItWentLiveFailedWasRolledBackOrCrashed() throws Exception {
        Deployment first = live(DeploymentState.SUPERSEDED);
        Thread.sleep(5);
        Deployment failed = history.queue(serviceId, nodeId, "nginx:bad", "{}");
        history.transition(failed.id(), DeploymentState.QUEUED, DeploymentState.FAILED, "pull failed");
        Thread.sleep(5);
        Deployment second = live(DeploymentState.SUPERSEDED);
        history.markCrashed(second.id(), "LIVE, then crashed 3 times in 4 s");
        Thread.sleep(5);
        Deployment rollback = live(DeploymentState.ROLLED_BACK);

        List<ReleaseMoment> moments = history.moments(serviceId);
        assertThat(moments).extracting(ReleaseMoment::deploymentId, ReleaseMoment::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple(first.id(), ReleaseMoment.Kind.LIVE),
                org.assertj.core.groups.Tuple.tuple(failed.id(), ReleaseMoment.Kind.FAILED),
                org.assertj.core.groups.Tuple.tuple(second.id(), ReleaseMoment.Kind.LIVE),
                org.assertj.core.groups.Tuple.tuple(second.id(), ReleaseMoment.Kind.CRASHED),
                org.assertj.core.groups.Tuple.tuple(second.id(), ReleaseMoment.Kind.ROLLED_BACK),
                org.assertj.core.groups.Tuple.tuple(rollback.id(), ReleaseMoment.Kind.LIVE));
        // The first release's finished_at moved when it was retired; its LIVE mark kept when it went live.
        assertThat(history.find(first.id()).finishedAt()).isAfter(first.finishedAt());
        assertThat(moments.getFirst().at()).isEqualTo(first.finishedAt());
        assertThat(moments.get(3).note()).isEqualTo("LIVE, then crashed 3 times in 4 s");
        assertThat(history.marks(second.id())).extracting(ReleaseMark::kind).containsExactly(ReleaseMark.Kind.LIVE, ReleaseMark.Kind.CRASHED);
        assertThat(history.momentsOnNode(nodeId, first.createdAt())).hasSameSizeAs(moments);
        assertThat(history.momentsOnNode(nodeId, Instant.now().plusSeconds(60))).isEmpty();
    }
}
