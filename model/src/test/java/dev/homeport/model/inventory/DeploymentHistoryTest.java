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
                {DeploymentState.STARTING, DeploymentState.HEALTH_CHECKING}, {DeploymentState.HEALTH_CHECKING, DeploymentState.ROUTING},
                {DeploymentState.ROUTING, DeploymentState.LIVE}}) {
            assertThat(history.transition(d.id(), step[0], step[1], null)).as(step[0] + " → " + step[1]).isTrue();
        }
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
}
