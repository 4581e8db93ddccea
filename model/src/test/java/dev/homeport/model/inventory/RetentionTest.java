package dev.homeport.model.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeport.model.DeployOptions;
import dev.homeport.model.Deployment;
import dev.homeport.model.DeploymentState;
import dev.homeport.model.HomeportHome;
import dev.homeport.model.NodeEvent;
import dev.homeport.model.NodeEventKind;
import dev.homeport.model.NodeIdentity;
import dev.homeport.model.RetentionPolicy;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.ValidationException;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.store.Store;
import dev.homeport.model.vault.Vault;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    @TempDir
    Path folder;
    private Store store;
    private Inventory inventory;
    private NodeInventory nodes;
    private DeploymentHistory history;
    private Retention retention;
    private long environmentId;

    @BeforeEach
    void open() {
        HomeportHome home = new HomeportHome(folder);
        store = Store.open(home);
        Vault vault = Vault.openOrCreate(home.vaultKey(), null);
        inventory = new Inventory(store, vault);
        nodes = new NodeInventory(store, vault);
        environmentId = inventory.createEnvironment(inventory.createApplication(inventory.createOrganisation("acme").id(), "shop").id(), "prod").id();
        history = new DeploymentHistory(store);
        retention = new Retention(store, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void theDefaultsHoldUntilAPolicyIsSavedAndABadOneIsRefusedByName() {
        assertThat(retention.policy()).isEqualTo(RetentionPolicy.defaults());

        retention.setPolicy(new RetentionPolicy(30, 5, 14, 200));
        retention.setPolicy(new RetentionPolicy(40, 6, 15, 300));

        assertThat(retention.policy()).isEqualTo(new RetentionPolicy(40, 6, 15, 300));
        assertThat(rows("retention")).isEqualTo(1);
        assertThatThrownBy(() -> new RetentionPolicy(10, 11, 14, 200)).isInstanceOf(ValidationException.class)
                .hasMessage("logs: cannot be more than the deployments kept (10), got 11");
        assertThatThrownBy(() -> new RetentionPolicy(0, 0, 14, 200)).hasMessage("deployments: must be between 1 and 100000, got 0");
        assertThatThrownBy(() -> new RetentionPolicy(10, 1, 0, 200)).hasMessage("eventDays: must be between 1 and 3650, got 0");
    }

    @Test
    void pruningKeepsTheNewestReleasesTheLiveOneOneInProgressAndThoseKeptForRollback() {
        long web = service("web", 2);
        long api = service("api", 6);
        long live = ended(web, DeploymentState.LIVE);            // serving, though older than all that follow
        long stuck = history.queue(web, null, "nginx", "{}").id(); // still in progress
        for (int i = 0; i < 10; i++) {
            ended(web, DeploymentState.FAILED);
        }
        List<Long> apiReleases = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            apiReleases.add(ended(api, DeploymentState.FAILED));
        }
        retention.setPolicy(new RetentionPolicy(4, 2, 90, 1000));

        Retention.Pruned pruned = retention.prune();

        List<Long> webKept = ids(web);
        assertThat(webKept).hasSize(6).contains(live, stuck);
        assertThat(webKept.subList(0, 4)).as("the newest four").allMatch(id -> history.find(id).state() == DeploymentState.FAILED);
        // api keeps 6 releases for rollback, more than the policy's 4.
        assertThat(ids(api)).containsExactlyElementsOf(apiReleases.reversed().subList(0, 6));
        assertThat(pruned.deployments()).isEqualTo(6 + 2);
        // Only the newest two of each service keep their log lines, and the live one (the one in progress has none yet).
        assertThat(webKept).filteredOn(id -> !history.log(id).isEmpty()).containsExactlyInAnyOrder(webKept.get(0), webKept.get(1), live);
        assertThat(ids(api)).filteredOn(id -> !history.log(id).isEmpty()).containsExactly(apiReleases.get(7), apiReleases.get(6));
        assertThat(pruned.logLines()).isEqualTo((8 + 6) * 3);
        assertThat(rows("deployment_log")).isEqualTo((3 + 2) * 3);
        assertThat(retention.prune().nothing()).as("a second pruning finds nothing").isTrue();
    }

    @Test
    void nodeEventsGoWhenTooOldOrBeyondTheNumberKeptPerNode() {
        WorkerNode busy = nodes.add(new WorkerNode(0, "web-1", "203.0.113.7", 22, "deploy", new NodeIdentity.Agent(), null));
        WorkerNode quiet = nodes.add(new WorkerNode(0, "web-2", "203.0.113.8", 22, "deploy", new NodeIdentity.Agent(), null));
        for (int daysAgo = 20; daysAgo >= 0; daysAgo--) {
            at(NOW.minus(Duration.ofDays(daysAgo))).record(busy.id(), NodeEventKind.PROBE, "probe " + daysAgo + " days ago", null);
        }
        at(NOW.minus(Duration.ofDays(11))).record(quiet.id(), NodeEventKind.PROVISION, "old", null);
        at(NOW.minus(Duration.ofDays(9))).record(quiet.id(), NodeEventKind.PROVISION, "recent", null);
        retention.setPolicy(new RetentionPolicy(100, 20, 10, 5));

        Retention.Pruned pruned = retention.prune();

        assertThat(at(NOW).of(busy.id(), 100)).extracting(NodeEvent::summary)
                .containsExactly("probe 0 days ago", "probe 1 days ago", "probe 2 days ago", "probe 3 days ago", "probe 4 days ago");
        assertThat(at(NOW).of(quiet.id(), 100)).extracting(NodeEvent::summary).containsExactly("recent");
        assertThat(pruned.nodeEvents()).isEqualTo(16 + 1);
    }

    @Test
    void aLargePruningGivesTheSpaceBackToTheDiskWhenTheStoreCloses() throws Exception {
        long web = service("web", 1);
        String line = "#7 writing layer sha256:" + "0123456789abcdef".repeat(12);
        for (int i = 0; i < 60; i++) {
            long id = ended(web, DeploymentState.FAILED);
            history.appendLog(id, java.util.Collections.nCopies(200, line));
        }
        HomeportHome home = new HomeportHome(folder);
        store.close();
        long grown = java.nio.file.Files.size(home.storeFile());
        store = Store.open(home);
        retention = new Retention(store, Clock.fixed(NOW, ZoneOffset.UTC));
        retention.setPolicy(new RetentionPolicy(1, 0, 90, 1000));

        assertThat(retention.prune().logLines()).isGreaterThan(Retention.COMPACT_AFTER_ROWS);
        store.close();

        assertThat(java.nio.file.Files.size(home.storeFile())).as("a store of %d bytes after pruning", grown).isLessThan(grown / 4);
        store = Store.open(home);
    }

    private long service(String name, int keepReleases) {
        return inventory.createService(new Service(0, environmentId, name, new ServiceSource.Image("nginx"), 80, null, null, null,
                DeployOptions.defaults().withKeepReleases(keepReleases))).id();
    }

    /** A release with three log lines that ended FAILED, or went LIVE. */
    private long ended(long serviceId, DeploymentState end) {
        Deployment d = history.queue(serviceId, null, "nginx", "{}");
        history.appendLog(d.id(), List.of("pulling", "starting", "checking"));
        DeploymentState[] path = {DeploymentState.QUEUED, DeploymentState.PREPARING, DeploymentState.STARTING,
                DeploymentState.HEALTH_CHECKING, DeploymentState.ROUTING};
        int steps = end == DeploymentState.LIVE ? path.length : 2;
        for (int i = 1; i < steps; i++) {
            history.transition(d.id(), path[i - 1], path[i], null);
        }
        if (end == DeploymentState.LIVE) {
            history.promote(d.id(), DeploymentState.SUPERSEDED, null);
        } else {
            history.transition(d.id(), DeploymentState.PREPARING, end, "no such image");
        }
        return d.id();
    }

    /** The service's releases, newest first. */
    private List<Long> ids(long serviceId) {
        return history.ofService(serviceId).stream().map(Deployment::id).toList();
    }

    private int rows(String table) {
        return store.<Integer>read(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Integer.class).one());
    }

    private NodeHistory at(Instant instant) {
        return new NodeHistory(store, Clock.fixed(instant, ZoneOffset.UTC));
    }
}
