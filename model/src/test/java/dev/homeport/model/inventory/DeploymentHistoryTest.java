package dev.homeport.model.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeport.model.Deployment;
import dev.homeport.model.DeploymentState;
import dev.homeport.model.HomeportHome;
import dev.homeport.model.Organisation;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.store.Store;
import dev.homeport.model.store.StoreException;
import dev.homeport.model.vault.Vault;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeploymentHistoryTest {
    @TempDir
    Path folder;
    private Store store;
    private DeploymentHistory history;
    private long serviceId;

    @BeforeEach
    void open() {
        HomeportHome home = new HomeportHome(folder);
        store = Store.open(home);
        Inventory inventory = new Inventory(store, Vault.openOrCreate(home.vaultKey(), null));
        Organisation acme = inventory.createOrganisation("acme");
        long env = inventory.createEnvironment(inventory.createApplication(acme.id(), "shop").id(), "prod").id();
        serviceId = inventory.createService(new Service(0, env, "web", new ServiceSource.Image("nginx"), 80, null, null, null)).id();
        history = new DeploymentHistory(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aDeploymentWalksTheStateMachineAndKeepsItsLog() {
        Deployment d = history.queue(serviceId, null, "nginx:1.27", "{\"port\":80}");
        assertThat(d.state()).isEqualTo(DeploymentState.QUEUED);
        for (DeploymentState[] step : new DeploymentState[][] {
                {DeploymentState.QUEUED, DeploymentState.PREPARING}, {DeploymentState.PREPARING, DeploymentState.STARTING},
                {DeploymentState.STARTING, DeploymentState.HEALTH_CHECKING}, {DeploymentState.HEALTH_CHECKING, DeploymentState.ROUTING}}) {
            assertThat(history.transition(d.id(), step[0], step[1], null)).as(step[0] + " → " + step[1]).isTrue();
        }
        assertThat(history.promote(d.id(), DeploymentState.SUPERSEDED, null)).as("ROUTING → LIVE").isTrue();
        history.appendLog(d.id(), "pulling nginx:1.27");
        history.appendLog(d.id(), "started");
        Deployment live = history.find(d.id());
        assertThat(live.state()).isEqualTo(DeploymentState.LIVE);
        assertThat(live.finishedAt()).isNotNull();
        assertThat(live.configSnapshot()).isEqualTo("{\"port\":80}");
        assertThat(history.log(d.id())).containsExactly("pulling nginx:1.27", "started");
    }

    @Test
    void aMoveFromAStaleStateChangesNothing() {
        Deployment d = history.queue(serviceId, null, "nginx", "{}");
        assertThat(history.transition(d.id(), DeploymentState.QUEUED, DeploymentState.FAILED, "pull failed: no such image")).isTrue();
        assertThat(history.transition(d.id(), DeploymentState.QUEUED, DeploymentState.PREPARING, null)).isFalse();
        Deployment failed = history.find(d.id());
        assertThat(failed.state()).isEqualTo(DeploymentState.FAILED);
        assertThat(failed.reason()).isEqualTo("pull failed: no such image");
        assertThatThrownBy(() -> history.transition(d.id(), DeploymentState.FAILED, DeploymentState.LIVE, null))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void twoQuickActorsCannotBothMoveIt() throws Exception {
        Deployment d = history.queue(serviceId, null, "nginx", "{}");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> attempts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                attempts.add(pool.submit((Callable<Boolean>) () -> history.transition(d.id(), DeploymentState.QUEUED, DeploymentState.PREPARING, null)));
            }
            int won = 0;
            for (Future<Boolean> attempt : attempts) {
                won += attempt.get() ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
        } finally {
            pool.shutdown();
        }
        assertThat(history.inProgress()).extracting(Deployment::id).containsExactly(d.id());
        assertThat(history.recent(10)).hasSize(1);
        assertThat(history.ofService(serviceId)).hasSize(1);
    }

    @Test
    void promotingARoutedReleaseRetiresTheLiveOneInTheSameWrite() {
        long first = routed();
        assertThat(history.promote(first, DeploymentState.SUPERSEDED, null)).isTrue();
        long second = routed();

        assertThat(history.promote(second, DeploymentState.ROLLED_BACK, null)).isTrue();

        assertThat(liveIds()).containsExactly(second);
        Deployment retired = history.find(first);
        assertThat(retired.state()).isEqualTo(DeploymentState.ROLLED_BACK);
        assertThat(retired.reason()).isEqualTo("replaced by deployment #" + second);
        assertThat(history.promote(second, DeploymentState.SUPERSEDED, null)).as("no longer ROUTING").isFalse();
    }

    @Test
    void noMoveButAPromotionMakesAReleaseLive() {
        long live = routed();
        store.update(h -> h.execute("UPDATE deployment SET state = 'LIVE' WHERE id = ?", live));
        long next = routed();

        // Before promotions, this move left two LIVE rows until a second write retired the old one.
        assertThatThrownBy(() -> history.transition(next, DeploymentState.ROUTING, DeploymentState.LIVE, null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("promote");

        assertThat(liveIds()).containsExactly(live);
        assertThat(history.find(next).state()).isEqualTo(DeploymentState.ROUTING);
    }

    @Test
    void theStoreItselfRefusesASecondLiveRelease() {
        long first = routed();
        long second = routed();

        assertThatThrownBy(() -> store.update(h -> h.execute("UPDATE deployment SET state = 'LIVE' WHERE id IN (?, ?)", first, second)))
                .isInstanceOf(StoreException.class).hasMessageContaining("one live release");

        assertThat(liveIds()).isEmpty();
        store.update(h -> h.execute("UPDATE deployment SET state = 'LIVE' WHERE id = ?", first));
        assertThat(liveIds()).containsExactly(first);
    }

    @Test
    void aPromotionThatFailsHalfwayKeepsTheOldReleaseLive() {
        long old = routed();
        history.promote(old, DeploymentState.SUPERSEDED, null);
        long next = routed();

        // The retirement runs first; the promotion's own update then breaks a real constraint
        // (the reason column holds 8192 characters), so the transaction must undo the retirement too.
        assertThatThrownBy(() -> history.promote(next, DeploymentState.SUPERSEDED, "x".repeat(9000))).isInstanceOf(StoreException.class);

        assertThat(liveIds()).containsExactly(old);
        assertThat(history.find(old).reason()).isNull();
        assertThat(history.find(next).state()).isEqualTo(DeploymentState.ROUTING);
        assertThat(history.promote(next, DeploymentState.SUPERSEDED, null)).isTrue();
        assertThat(liveIds()).containsExactly(next);
    }

    /** A new release of the service, walked to ROUTING. */
    private long routed() {
        long id = history.queue(serviceId, null, "nginx", "{}").id();
        DeploymentState[] path = {DeploymentState.QUEUED, DeploymentState.PREPARING, DeploymentState.STARTING,
                DeploymentState.HEALTH_CHECKING, DeploymentState.ROUTING};
        for (int i = 1; i < path.length; i++) {
            assertThat(history.transition(id, path[i - 1], path[i], null)).isTrue();
        }
        return id;
    }

    /** The LIVE rows as the store holds them, read straight from the table. */
    private List<Long> liveIds() {
        return store.read(h -> h.createQuery("SELECT id FROM deployment WHERE service_id = :s AND state = 'LIVE'")
                .bind("s", serviceId).mapTo(Long.class).list());
    }
}
