package dev.homeport.ssh.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskSpec;
import dev.homeport.model.Environment;
import dev.homeport.model.HomeportHome;
import dev.homeport.model.NodeIdentity;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.inventory.Inventory;
import dev.homeport.model.inventory.KeyInventory;
import dev.homeport.model.inventory.NodeInventory;
import dev.homeport.model.store.Store;
import dev.homeport.model.vault.Vault;
import dev.homeport.ssh.nodes.NodeClients;
import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigCluster;
import dev.homeport.ssh.rig.RigTargets;
import dev.homeport.ssh.transport.NodeConnections;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A store with acme/shop/prod and the rig's cluster nodes as Worker Nodes n1, n2, n3 (none
 * attached yet), the cluster service over it, and the nodes reset before and after.
 */
final class ClusterFixture implements AutoCloseable {
    final RigCluster cluster;
    final Store store;
    final Inventory inventory;
    final NodeInventory nodes;
    final NodeConnections connections;
    final NodeService nodeService;
    final NodeClients clients;
    final SwarmClusters clusters;
    final Environment environment;
    final List<WorkerNode> workers = new ArrayList<>();
    final List<String> progress = new ArrayList<>();

    ClusterFixture(Rig rig, Path folder) {
        cluster = new RigCluster(rig, folder);
        cluster.reset();
        HomeportHome home = new HomeportHome(folder.resolve("home"));
        store = Store.open(home);
        Vault vault = Vault.openOrCreate(home.vaultKey(), null);
        inventory = new Inventory(store, vault);
        nodes = new NodeInventory(store, vault);
        connections = new NodeConnections(RigTargets.settings(rig, folder));
        nodeService = new NodeService(nodes, new KeyInventory(store, vault), connections);
        clients = new NodeClients(nodeService);
        clusters = new SwarmClusters(inventory, nodes, nodeService, clients);
        var organisation = inventory.createOrganisation("acme");
        var application = inventory.createApplication(organisation.id(), "shop");
        environment = inventory.createEnvironment(application.id(), "prod");
        for (int n = 1; n <= cluster.size(); n++) {
            workers.add(nodes.add(new WorkerNode(0, "n" + n, rig.clusterHost(n), 22, rig.sshUser(),
                    new NodeIdentity.KeyFile(rig.sshKey().toString()), null)));
        }
    }

    /** An SSH connection to every node of the rig's cluster, in order, as the rig's test user. */
    List<dev.homeport.ssh.transport.NodeConnection> rigConnections(Rig rig) {
        List<dev.homeport.ssh.transport.NodeConnection> all = new ArrayList<>();
        for (int n = 1; n <= cluster.size(); n++) {
            all.add(connections.to(RigTargets.clusterNode(rig, n), dev.homeport.ssh.transport.Prompts.NONE));
        }
        return all;
    }

    /** Worker Node {@code n}, from 1. */
    WorkerNode node(int n) {
        return workers.get(n - 1);
    }

    void attach(int n) {
        clusters.attach(environment.id(), node(n), null, dev.homeport.ssh.transport.Prompts.NONE, progress::add);
    }

    void detach(int n) throws InterruptedException {
        clusters.detach(environment.id(), node(n), java.time.Duration.ofSeconds(90), dev.homeport.ssh.transport.Prompts.NONE, progress::add);
    }

    void attachAll() {
        for (int n = 1; n <= workers.size(); n++) {
            attach(n);
        }
    }

    /** A Swarm service made behind Homeport's back: {@code replicas} containers of the base image that sleep. */
    String sleepers(String name, int replicas) {
        return sleepers(name, replicas, java.util.Map.of());
    }

    /** {@link #sleepers(String, int)} with labels on each replica's container, such as a release's. */
    String sleepers(String name, int replicas, java.util.Map<String, String> containerLabels) {
        return cluster.docker(1).createServiceCmd(new ServiceSpec().withName(name)
                .withTaskTemplate(new TaskSpec().withContainerSpec(new ContainerSpec().withImage(cluster.baseImage())
                        .withLabels(containerLabels)
                        .withCommand(List.of("sleep", "infinity")).withStopGracePeriod(1_000_000_000L)))
                .withMode(new ServiceModeConfig().withReplicated(new ServiceReplicatedModeOptions().withReplicas(replicas)))).exec().getId();
    }

    /** The Swarm node IDs of the service's running tasks, one per task. */
    List<String> runningOn(String service) {
        return cluster.runningTasks(service).stream().map(Task::getNodeId).toList();
    }

    String swarmNodeId(int n) {
        return cluster.docker(n).infoCmd().exec().getSwarm().getNodeID();
    }

    /** Polls until the condition holds; fails after 90 s, saying what did not happen. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("%s within 90 s", what).isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    /** Takes the cluster's edge away (its service, socket folders and images), as a test that routed domains must. */
    void removeEdge() throws InterruptedException {
        List<dev.homeport.ssh.transport.NodeConnection> all = workers.stream()
                .map(worker -> nodeService.connection(worker, dev.homeport.ssh.transport.Prompts.NONE)).toList();
        ClusterEdge.removeEdge(cluster.docker(1), all);
    }

    ClusterView view() {
        return clusters.view(environment.id(), dev.homeport.ssh.transport.Prompts.NONE).orElseThrow();
    }

    List<String> attachedNames() {
        return nodes.attachedTo(environment.id()).stream().map(WorkerNode::name).toList();
    }

    @Override
    public void close() {
        try {
            clients.close();
            connections.close();
            store.close();
        } finally {
            cluster.close();
        }
    }
}
