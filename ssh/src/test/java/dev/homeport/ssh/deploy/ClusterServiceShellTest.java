package dev.homeport.ssh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.NetworkAttachmentConfig;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskSpec;
import dev.homeport.model.Deployment;
import dev.homeport.model.DeploymentState;
import dev.homeport.model.HomeportHome;
import dev.homeport.model.NodeIdentity;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.inventory.DeploymentHistory;
import dev.homeport.model.inventory.Inventory;
import dev.homeport.model.inventory.KeyInventory;
import dev.homeport.model.inventory.NodeInventory;
import dev.homeport.model.inventory.Retention;
import dev.homeport.model.store.Store;
import dev.homeport.model.vault.Vault;
import dev.homeport.ssh.docker.HomeportNetwork;
import dev.homeport.ssh.nodes.NodeClients;
import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigCluster;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.RigTargets;
import dev.homeport.ssh.swarm.SwarmClusters;
import dev.homeport.ssh.transport.NodeConnections;
import dev.homeport.ssh.transport.Prompts;
import dev.homeport.ssh.transport.PtySession;
import dev.homeport.ssh.transport.TerminalOutput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shell into a service on the rig's cluster: each running replica can be chosen, named as tunnels name them
 * ({@code web.2@n1}), and the shell runs in that replica's container, through its own node, with its exit
 * status. The replicas are a Swarm service labelled as a release labels its replicas.
 */
@ExtendWith(RigExtension.class)
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class ClusterServiceShellTest {
    @TempDir
    Path folder;

    @Test
    void eachRunningReplicaCanBeChosenAndTheShellRunsInIt(Rig rig) throws Exception {
        try (RigCluster cluster = new RigCluster(rig, folder)) {
            cluster.reset();
            HomeportHome home = new HomeportHome(folder.resolve("home"));
            try (Store store = Store.open(home);
                 NodeConnections connections = new NodeConnections(RigTargets.settings(rig, folder))) {
                Vault vault = Vault.openOrCreate(home.vaultKey(), null);
                Inventory inventory = new Inventory(store, vault);
                NodeInventory nodes = new NodeInventory(store, vault);
                KeyInventory keys = new KeyInventory(store, vault);
                DeploymentHistory history = new DeploymentHistory(store);
                NodeService nodeService = new NodeService(nodes, keys, connections);
                try (NodeClients clients = new NodeClients(nodeService)) {
                    SwarmClusters clusters = new SwarmClusters(inventory, nodes, nodeService, clients);
                    long environment = inventory.createEnvironment(inventory.createApplication(
                            inventory.createOrganisation("acme").id(), "shop").id(), "prod").id();
                    for (int n = 1; n <= 2; n++) {
                        WorkerNode node = nodes.add(new WorkerNode(0, "n" + n, rig.clusterHost(n), 22, rig.sshUser(),
                                new NodeIdentity.KeyFile(rig.sshKey().toString()), null));
                        clusters.attach(environment, node, null, Prompts.NONE, line -> { });
                    }
                    Service web = inventory.createService(new Service(0, environment, "web", new ServiceSource.Image(cluster.baseImage()),
                            null, null, null, null));
                    // A release as a deploy leaves it: LIVE in the history, its Swarm service and replicas labelled with it.
                    Deployment live = history.queue(web.id(), null, cluster.baseImage(), null);
                    for (DeploymentState next : List.of(DeploymentState.PREPARING, DeploymentState.STARTING, DeploymentState.HEALTH_CHECKING,
                            DeploymentState.ROUTING)) {
                        history.transition(live.id(), history.find(live.id()).state(), next, null);
                    }
                    assertThat(history.promote(live.id(), DeploymentState.SUPERSEDED, null)).isTrue();
                    String key = Long.toString(inventory.serviceNodeKey(web.id()));
                    HomeportNetwork.ensureCluster(cluster.docker(1));
                    String swarmService = cluster.docker(1).createServiceCmd(new ServiceSpec().withName("shell-web-" + key)
                            .withLabels(Map.of(Labels.SERVICE, key))
                            .withTaskTemplate(new TaskSpec().withContainerSpec(new ContainerSpec().withImage(cluster.baseImage())
                                    .withLabels(Map.of(Labels.SERVICE, key, Labels.DEPLOYMENT, Long.toString(live.id())))
                                    .withCommand(List.of("/bin/sh", "-c", "exec sleep 3600"))
                                    .withStopGracePeriod(1_000_000_000L)))
                            .withNetworks(List.of(new NetworkAttachmentConfig().withTarget(HomeportNetwork.CLUSTER_NAME)))
                            .withMode(new ServiceModeConfig().withReplicated(new ServiceReplicatedModeOptions().withReplicas(2)))).exec().getId();
                    List<Task> running = awaitRunning(cluster, swarmService, 2);
                    Map<String, String> nodeOf = new java.util.HashMap<>();
                    for (Task task : running) {
                        nodeOf.put(task.getStatus().getContainerStatus().getContainerID(), cluster.docker(1).listSwarmNodesCmd()
                                .withIdFilter(List.of(task.getNodeId())).exec().getFirst().getSpec().getLabels().get("dev.homeport.node"));
                    }

                    DeployService deploys = new DeployService(inventory, nodes, keys, history, nodeService, clients, new Retention(store));
                    List<ContainerShell> shells = deploys.shellTargets(web.id(), Prompts.NONE);
                    assertThat(shells).hasSize(2);
                    assertThat(shells).extracting(ContainerShell::label).containsExactlyInAnyOrderElementsOf(running.stream()
                            .map(task -> "web." + task.getSlot() + "@" + nodeOf.get(task.getStatus().getContainerStatus().getContainerID()))
                            .toList());
                    // The second replica, as an operator would pick it: its shell runs in its container, on its node.
                    ContainerShell chosen = shells.get(1);
                    assertThat(chosen.node().name()).isEqualTo(nodeOf.get(chosen.containerId()));
                    try (PtySession shell = chosen.open(nodeService.connection(chosen.node(), Prompts.NONE), 80, 24);
                         TerminalOutput screen = new TerminalOutput(shell.output())) {
                        shell.input().write("echo \"in [$(hostname)]\"; exit 4\r".getBytes(StandardCharsets.UTF_8));
                        shell.input().flush();
                        screen.waitFor("in [" + chosen.containerId().substring(0, 12) + "]");
                        assertThat(shell.waitFor(Duration.ofSeconds(20))).isEqualTo(4);
                    }
                }
            }
        }
    }

    private static List<Task> awaitRunning(RigCluster cluster, String service, int replicas) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            List<Task> running = cluster.runningTasks(service);
            if (running.size() == replicas) {
                return running;
            }
            assertThat(System.nanoTime()).as("%d running replicas within 90 s", replicas).isLessThan(deadline);
            Thread.sleep(500);
        }
    }
}
