package dev.homeport.ssh.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeport.model.ClusterEngine;
import dev.homeport.model.DatabaseEngine;
import dev.homeport.model.Deployment;
import dev.homeport.model.DeploymentState;
import dev.homeport.model.EnvironmentCluster;
import dev.homeport.model.HomeportHome;
import dev.homeport.model.NodeIdentity;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.inventory.DeploymentHistory;
import dev.homeport.model.inventory.Inventory;
import dev.homeport.model.inventory.NodeInventory;
import dev.homeport.model.store.Store;
import dev.homeport.model.vault.Vault;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one decision of which node a service's containers and data are on, read from a real store (H2): the decision asks
 * no node, so none is reached here. The cluster tests (ClusterVolumeBackupTest, ClusterDatabaseTest) back up and restore
 * on the node it names.
 */
class ServiceNodesTest {
    @TempDir
    Path folder;
    private Store store;
    private Inventory inventory;
    private NodeInventory nodes;
    private DeploymentHistory history;
    private ServiceNodes serviceNodes;
    private long environment;
    private WorkerNode n1;
    private WorkerNode n2;
    private WorkerNode n3;

    @BeforeEach
    void open() {
        HomeportHome home = new HomeportHome(folder);
        store = Store.open(home);
        Vault vault = Vault.openOrCreate(home.vaultKey(), null);
        inventory = new Inventory(store, vault);
        nodes = new NodeInventory(store, vault);
        history = new DeploymentHistory(store);
        serviceNodes = new ServiceNodes(inventory, nodes, history);
        environment = inventory.createEnvironment(inventory.createApplication(inventory.createOrganisation("acme").id(), "shop").id(), "prod").id();
        n1 = node("n1", "10.0.0.1");
        n2 = node("n2", "10.0.0.2");
        n3 = node("n3", "10.0.0.3");
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void inAOneNodeEnvironmentItIsTheNodeOfTheLiveReleaseElseTheOnlyNode() {
        nodes.attach(n1.id(), environment);
        Service web = web(null);
        long db = inventory.databases().create(environment, "db", DatabaseEngine.POSTGRES, null).serviceId();
        assertThat(serviceNodes.onCluster(web.id())).isFalse();
        assertThat(serviceNodes.dataNode(web.id())).isEqualTo(n1);
        assertThat(serviceNodes.dataNode(db)).isEqualTo(n1);

        // Two nodes, no cluster: the live release says which; without one there is no telling.
        nodes.attach(n2.id(), environment);
        assertThatThrownBy(() -> serviceNodes.dataNode(web.id())).isInstanceOf(DeployException.class)
                .hasMessageContaining("has 2 nodes (n1, n2); name the one to deploy to");
        live(web.id(), n2);
        assertThat(serviceNodes.dataNode(web.id())).isEqualTo(n2);
        // A pin is for a cluster: without one, the node the service runs on is its node.
        Service pinned = inventory.updateService(inventory.service(web.id()).withOptions(web.options().withPinnedNode("n1")));
        assertThat(serviceNodes.dataNode(pinned.id())).isEqualTo(n2);
    }

    @Test
    void onAClusterItIsThePinnedNodeOfADatabaseOrOfAnyOtherService() {
        Service web = web("n2");
        long db = inventory.databases().create(environment, "db", DatabaseEngine.POSTGRES, null).serviceId();
        pin(db, "n2");
        live(web.id(), n1); // before its environment became a cluster: the pin decides now
        cluster(n1, n2);
        assertThat(serviceNodes.onCluster(web.id())).isTrue();
        assertThat(serviceNodes.dataNode(web.id())).isEqualTo(n2);
        assertThat(serviceNodes.dataNode(db)).isEqualTo(n2);

        pin(web.id(), "n3");
        assertThatThrownBy(() -> serviceNodes.dataNode(web.id())).isInstanceOf(DeployException.class)
                .hasMessage("'web' is pinned to n3, which is not a node of its environment's cluster: attach it, or pin the service"
                        + " to one that is.");
    }

    @Test
    void onAClusterAnUnpinnedServiceHasNoOneNodeAndIsRefusedWithHowToPinIt() {
        Service web = web(null);
        long db = inventory.databases().create(environment, "db", DatabaseEngine.POSTGRES, null).serviceId();
        cluster(n1, n2);
        assertThatThrownBy(() -> serviceNodes.dataNode(web.id())).isInstanceOf(DeployException.class)
                .hasMessageContaining("'web' runs on a cluster, where each node keeps its own copy of a named volume")
                .hasMessageContaining("homeport service set SERVICE --pin NODE");
        assertThatThrownBy(() -> serviceNodes.dataNode(db)).isInstanceOf(DeployException.class)
                .hasMessageContaining("'db' runs on a cluster and has no node yet: its first deploy pins it")
                .hasMessageContaining("homeport service set SERVICE --pin NODE");
    }

    private WorkerNode node(String name, String host) {
        return nodes.add(new WorkerNode(0, name, host, 22, "root", new NodeIdentity.KeyFile("/k"), null));
    }

    private Service web(String pinnedNode) {
        Service draft = new Service(0, environment, "web", new ServiceSource.Image("nginx:1.27"), 80, null, null, null);
        return inventory.createService(draft.withOptions(draft.options().withPinnedNode(pinnedNode)));
    }

    private void pin(long serviceId, String node) {
        Service service = inventory.service(serviceId);
        inventory.updateService(service.withOptions(service.options().withPinnedNode(node)));
    }

    /** The store says the environment's nodes form a Swarm cluster (as attaching them through SwarmClusters records it). */
    private void cluster(WorkerNode... members) {
        for (WorkerNode member : members) {
            nodes.attach(member.id(), new EnvironmentCluster(environment, ClusterEngine.SWARM, "test-cluster"));
        }
    }

    /** A release of the service recorded LIVE on {@code node}. */
    private void live(long serviceId, WorkerNode node) {
        Deployment d = history.queue(serviceId, node.id(), "nginx:1.27", "{\"port\":80}");
        for (DeploymentState[] step : new DeploymentState[][] {
                {DeploymentState.QUEUED, DeploymentState.PREPARING}, {DeploymentState.PREPARING, DeploymentState.STARTING},
                {DeploymentState.STARTING, DeploymentState.HEALTH_CHECKING}, {DeploymentState.HEALTH_CHECKING, DeploymentState.ROUTING}}) {
            assertThat(history.transition(d.id(), step[0], step[1], null)).isTrue();
        }
        assertThat(history.promote(d.id(), DeploymentState.SUPERSEDED, null)).isTrue();
    }
}
