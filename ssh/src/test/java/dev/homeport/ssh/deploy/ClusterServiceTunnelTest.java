package dev.homeport.ssh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.NetworkAttachmentConfig;
import com.github.dockerjava.api.model.MountType;
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
import dev.homeport.ssh.tunnel.Tunnel;
import dev.homeport.ssh.tunnel.TunnelTarget;
import dev.homeport.ssh.tunnel.Tunnels;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * A tunnel to a service on the rig's cluster leads to a running replica, through the node it runs on, at its
 * address on that node's docker_gwbridge (the overlay network cannot be reached from a node's host). The replica
 * is a Swarm service labelled as a release labels its replicas, serving a page with the node's static busybox.
 */
@ExtendWith(RigExtension.class)
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class ClusterServiceTunnelTest {
    @TempDir
    Path folder;

    @Test
    void aTunnelToAServiceOnAClusterLeadsToARunningReplicaThroughItsNode(Rig rig) throws Exception {
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
                            8080, "/", null, null));
                    // A release as a deploy leaves it: LIVE in the history, its Swarm service and replica labelled with it.
                    Deployment live = history.queue(web.id(), null, cluster.baseImage(), null);
                    for (DeploymentState next : List.of(DeploymentState.PREPARING, DeploymentState.STARTING, DeploymentState.HEALTH_CHECKING,
                            DeploymentState.ROUTING)) {
                        history.transition(live.id(), history.find(live.id()).state(), next, null);
                    }
                    assertThat(history.promote(live.id(), DeploymentState.SUPERSEDED, null)).isTrue();
                    String key = Long.toString(inventory.serviceNodeKey(web.id()));
                    // On the cluster's overlay network, as a release's replicas are: that is what gives them docker_gwbridge.
                    HomeportNetwork.ensureCluster(cluster.docker(1));
                    String swarmService = cluster.docker(1).createServiceCmd(new ServiceSpec().withName("tunnel-web-" + key)
                            .withLabels(Map.of(Labels.SERVICE, key))
                            .withTaskTemplate(new TaskSpec().withContainerSpec(new ContainerSpec().withImage(cluster.baseImage())
                                    .withLabels(Map.of(Labels.SERVICE, key, Labels.DEPLOYMENT, Long.toString(live.id())))
                                    .withMounts(List.of(new Mount().withType(MountType.BIND).withSource("/bin/busybox")
                                            .withTarget("/bin/busybox").withReadOnly(true)))
                                    .withCommand(List.of("/bin/sh", "-c",
                                            "echo tunnel-ok > /tmp/index.html; exec /bin/busybox httpd -f -p 8080 -h /tmp"))
                                    .withStopGracePeriod(1_000_000_000L)))
                            .withNetworks(List.of(new NetworkAttachmentConfig().withTarget(HomeportNetwork.CLUSTER_NAME)))
                            .withMode(new ServiceModeConfig().withReplicated(new ServiceReplicatedModeOptions().withReplicas(1)))).exec().getId();
                    Task running = awaitRunning(cluster, swarmService);
                    String runsOn = cluster.docker(1).listSwarmNodesCmd().withIdFilter(List.of(running.getNodeId())).exec()
                            .getFirst().getSpec().getLabels().get("dev.homeport.node");

                    DeployService deploys = new DeployService(inventory, nodes, keys, history, nodeService, clients, new Retention(store));
                    TunnelTarget target = deploys.tunnelTarget(web.id(), null, Prompts.NONE);
                    assertThat(target.what()).isEqualTo("web." + running.getSlot() + "@" + runsOn + ":8080");
                    assertThat(target.node().name()).isEqualTo(runsOn);
                    assertThat(target.host()).isEqualTo(ServiceTunnels.gatewayAddress(
                            cluster.docker(runsOn.equals("n1") ? 1 : 2), running.getStatus().getContainerStatus().getContainerID()));

                    try (Tunnels tunnels = new Tunnels(nodeService); HttpClient http = HttpClient.newHttpClient()) {
                        Tunnel tunnel = tunnels.open(target, 0, Prompts.NONE, Tunnel.Listener.NONE);
                        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(tunnel.localUrl("http") + "/index.html"))
                                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                        assertThat(page.body()).isEqualTo("tunnel-ok\n");
                    }
                }
            }
        }
    }

    private static Task awaitRunning(RigCluster cluster, String service) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            List<Task> running = cluster.runningTasks(service);
            if (!running.isEmpty()) {
                return running.getFirst();
            }
            assertThat(System.nanoTime()).as("a running replica within 90 s").isLessThan(deadline);
            Thread.sleep(500);
        }
    }
}
