package dev.homeport.model.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeport.model.HomeportHome;
import dev.homeport.model.NodeEvent;
import dev.homeport.model.NodeEventKind;
import dev.homeport.model.NodeIdentity;
import dev.homeport.model.ValidationException;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.store.Store;
import dev.homeport.model.vault.Vault;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeHistoryTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    @TempDir
    Path folder;
    private Store store;
    private NodeInventory nodes;
    private NodeHistory history;
    private WorkerNode node;

    @BeforeEach
    void open() {
        HomeportHome home = new HomeportHome(folder);
        store = Store.open(home);
        nodes = new NodeInventory(store, Vault.openOrCreate(home.vaultKey(), null));
        node = nodes.add(new WorkerNode(0, "web-1", "203.0.113.7", 22, "deploy", new NodeIdentity.Agent(), null));
        history = new NodeHistory(store, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void eventsAreKeptPerNodeNewestFirst() {
        history.record(node.id(), NodeEventKind.PROBE, "probe: 2 checks not OK", "caddy: FAILED not installed");
        NodeEvent provision = history.record(node.id(), NodeEventKind.PROVISION, "installed caddy 2.6.2", "caddy: installed caddy 2.6.2\nnetdata: nothing changed");
        WorkerNode other = nodes.add(new WorkerNode(0, "web-2", "203.0.113.8", 22, "deploy", new NodeIdentity.Agent(), null));
        history.record(other.id(), NodeEventKind.PROBE, "probe: all OK", null);

        assertThat(provision.at()).isEqualTo(NOW);
        assertThat(provision.detail()).isEqualTo("caddy: installed caddy 2.6.2\nnetdata: nothing changed");
        assertThat(history.of(node.id(), 10)).extracting(NodeEvent::kind, NodeEvent::summary).containsExactly(
                org.assertj.core.groups.Tuple.tuple(NodeEventKind.PROVISION, "installed caddy 2.6.2"),
                org.assertj.core.groups.Tuple.tuple(NodeEventKind.PROBE, "probe: 2 checks not OK"));
        assertThat(history.of(node.id(), 1)).extracting(NodeEvent::id).containsExactly(provision.id());
        assertThat(history.of(other.id(), 10)).singleElement().extracting(NodeEvent::detail).isNull();
    }

    @Test
    void removingTheNodeRemovesItsHistory() {
        history.record(node.id(), NodeEventKind.PROVISION, "nothing changed", null);
        nodes.remove(node.id());
        assertThat(history.of(node.id(), 10)).isEmpty();
        int left = store.read(h -> h.createQuery("SELECT COUNT(*) FROM node_event").mapTo(Integer.class).one());
        assertThat(left).isZero();
    }

    @Test
    void aBadEventOrAnUnknownNodeChangesNothing() {
        assertThatThrownBy(() -> history.record(node.id(), NodeEventKind.PROBE, " ", null))
                .isInstanceOf(ValidationException.class).hasMessageContaining("summary");
        assertThatThrownBy(() -> history.record(node.id() + 99, NodeEventKind.PROBE, "probe", null))
                .isInstanceOf(NotFoundException.class);
        assertThat(history.of(node.id(), 10)).isEmpty();
    }
}
