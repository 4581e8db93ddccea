package dev.homeport.bench;

import static dev.homeport.bench.Timing.median;
import static dev.homeport.bench.Timing.time;

import dev.homeport.model.DeployOptions;
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
import dev.homeport.ssh.deploy.DeployListener;
import dev.homeport.ssh.deploy.DeployService;
import dev.homeport.ssh.nodes.NodeClients;
import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigCluster;
import dev.homeport.ssh.rig.RigLoad;
import dev.homeport.ssh.rig.RigTargets;
import dev.homeport.ssh.rig.TestApps;
import dev.homeport.ssh.swarm.ClusterEdge;
import dev.homeport.ssh.swarm.SwarmClusters;
import dev.homeport.ssh.transport.NodeConnection;
import dev.homeport.ssh.transport.NodeConnections;
import dev.homeport.ssh.transport.Prompts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Rolling updates of three replicas on the rig's three cluster nodes, under steady requests to every
 * node's Caddy: Homeport's (a rollback to the other of two releases, so both sides only roll the
 * replicas, with no build or copy) against {@code ssh n1 docker service update --image … --detach=false}
 * on the same service, alternating in one run. Then a node's Docker is killed under the same requests:
 * the failed requests, and the time until three replicas run again.
 */
public final class RollingBench {
    private static final int RUNS = 10;
    private static final String DOMAIN = "rolling.bench.test";

    private RollingBench() {
    }

    public static void main(String[] args) throws Exception {
        List<String> options = List.of(args);
        Path page = BenchArgs.out(options);
        int runs = BenchArgs.runs(options, RUNS);
        Rig rig = Rig.load();
        if (rig == null) {
            throw new IllegalStateException("The rig is not up: run scripts/rig up");
        }
        Path scratch = Files.createTempDirectory("homeport-rolling-bench");
        HomeportHome home = new HomeportHome(scratch.resolve("home"));
        double[] homeport = new double[runs];
        double[] byHand = new double[runs];
        RigLoad.Result updates;
        RigLoad.Result nodeLoss;
        double recovery;
        try (RigCluster cluster = new RigCluster(rig, scratch);
             Store store = Store.open(home);
             NodeConnections connections = new NodeConnections(RigTargets.settings(rig, scratch))) {
            cluster.reset();
            Vault vault = Vault.openOrCreate(home.vaultKey(), null);
            Inventory inventory = new Inventory(store, vault);
            NodeInventory nodes = new NodeInventory(store, vault);
            NodeService nodeService = new NodeService(nodes, new KeyInventory(store, vault), connections);
            DeploymentHistory history = new DeploymentHistory(store);
            try (NodeClients clients = new NodeClients(nodeService)) {
                SwarmClusters clusters = new SwarmClusters(inventory, nodes, nodeService, clients);
                DeployService deploys = new DeployService(inventory, nodes, new KeyInventory(store, vault), history, nodeService, clients,
                        new Retention(store));
                long environment = inventory.createEnvironment(inventory.createApplication(inventory.createOrganisation("acme").id(), "shop").id(),
                        "prod").id();
                List<NodeConnection> members = new ArrayList<>();
                for (int n = 1; n <= 3; n++) {
                    WorkerNode node = nodes.add(new WorkerNode(0, "n" + n, rig.clusterHost(n), 22, rig.sshUser(),
                            new NodeIdentity.KeyFile(rig.sshKey().toString()), null));
                    clusters.attach(environment, node, null, Prompts.NONE, line -> { });
                    members.add(nodeService.connection(node, Prompts.NONE));
                }
                new TestApps(rig).base();
                cluster.loadFromRig(TestApps.BASE, 1);
                Path app = scratch.resolve("app");
                Service web = inventory.createService(new Service(0, environment, "web", new ServiceSource.Folder(app.toString()),
                        TestApps.PORT, "/health", null, null, DeployOptions.defaults().withReplicas(3)));
                inventory.addDomain(web.id(), DOMAIN);
                TestApps.writeFolderApp(app, "r1");
                Deployment first = live(deploys.deploy(web.id(), null, Prompts.NONE, DeployListener.NONE).await());
                TestApps.writeFolderApp(app, "r2");
                Deployment second = live(deploys.deploy(web.id(), null, Prompts.NONE, DeployListener.NONE).await());
                String swarmName = cluster.docker(1).listServicesCmd().exec().stream().map(s -> s.getSpec().getName())
                        .filter(name -> name.startsWith("prod-web-")).findFirst().orElseThrow();
                List<String> addresses = List.of(rig.clusterHost(1), rig.clusterHost(2), rig.clusterHost(3));
                long[] target = {first.id(), second.id()};
                String[] images = {first.imageDigest(), second.imageDigest()};
                try (RigLoad load = RigLoad.start(addresses, DOMAIN, "/", 3)) {
                    for (int i = 0; i < runs; i++) {
                        long to = target[i % 2];
                        homeport[i] = time(() -> live(deploys.rollback(web.id(), to, Prompts.NONE, DeployListener.NONE).await()));
                        String image = images[(i + 1) % 2];
                        byHand[i] = time(() -> ClusterBench.ssh(rig, 1, "docker", "service", "update", "--quiet", "--detach=false",
                                "--image", image, swarmName));
                    }
                    updates = load.stop();
                }
                String serviceId = cluster.docker(1).listServicesCmd().exec().stream().filter(s -> s.getSpec().getName().equals(swarmName))
                        .findFirst().orElseThrow().getId();
                // The node to kill must run a replica: a rolling update may have left all three on the others.
                for (int tries = 0; !onNode(cluster, serviceId, 3) && tries < 5; tries++) {
                    ClusterBench.ssh(rig, 1, "docker", "service", "update", "--quiet", "--detach=false", "--force", swarmName);
                }
                if (!onNode(cluster, serviceId, 3)) {
                    throw new IllegalStateException("No replica of " + swarmName + " runs on node 3 to kill");
                }
                try (RigLoad load = RigLoad.start(List.of(rig.clusterHost(1), rig.clusterHost(2)), DOMAIN, "/", 2)) {
                    long started = System.nanoTime();
                    cluster.nodeDown(3);
                    // Done when the manager has stopped counting the dead node's replica and three run on the others.
                    while (running(cluster, serviceId) < 3 || onNode(cluster, serviceId, 3)) {
                        Thread.sleep(200);
                    }
                    recovery = (System.nanoTime() - started) / 1e6;
                    Thread.sleep(2000);
                    nodeLoss = load.stop();
                } finally {
                    cluster.nodeUp(3);
                }
                ClusterEdge.removeEdge(cluster.docker(1), members);
            }
        }
        String section = section(runs, median(homeport), median(byHand), updates, nodeLoss, recovery);
        System.out.print(section);
        if (page != null) {
            BenchmarksPage.writeSection(page, "Rolling updates on a cluster", section);
        }
    }

    private static Deployment live(Deployment deployment) {
        if (deployment.state() != DeploymentState.LIVE) {
            throw new IllegalStateException("Deployment #" + deployment.id() + " ended " + deployment.state() + ": " + deployment.reason());
        }
        return deployment;
    }

    private static int running(RigCluster cluster, String serviceId) {
        return (int) cluster.docker(1).listTasksCmd().withServiceFilter(serviceId).exec().stream()
                .filter(t -> t.getStatus().getState() == com.github.dockerjava.api.model.TaskState.RUNNING
                        && t.getDesiredState() == com.github.dockerjava.api.model.TaskState.RUNNING)
                .count();
    }

    /**
     * True while the manager counts a replica on node {@code n} that it wants running: after the node dies, until
     * a few missed heartbeats make Swarm call it down and move the replica.
     */
    private static boolean onNode(RigCluster cluster, String serviceId, int n) {
        String host = "node-" + n;
        var ids = cluster.docker(1).listSwarmNodesCmd().exec().stream()
                .filter(node -> host.equals(node.getDescription().getHostname())).map(node -> node.getId()).toList();
        return cluster.docker(1).listTasksCmd().withServiceFilter(serviceId).exec().stream()
                .anyMatch(t -> ids.contains(t.getNodeId()) && t.getDesiredState() == com.github.dockerjava.api.model.TaskState.RUNNING);
    }

    private static String section(int runs, double homeport, double byHand, RigLoad.Result updates, RigLoad.Result nodeLoss, double recovery) {
        return "## Rolling updates on a cluster\n\n"
                + "Three replicas of a web service (busybox httpd, HTTP health check) on the rig's three cluster nodes, behind each node's"
                + " Caddy and the cluster's edge; measured " + java.time.LocalDate.now() + " by `bench/run --only rolling`. Medians of "
                + runs + " updates each, alternating in one run, between two releases whose images every node has.\n\n"
                + "| | Homeport | by hand (`ssh n1 docker service update --image … --detach=false`) | ratio |\n|---|---|---|---|\n"
                + String.format(Locale.ROOT, "| rolling update of 3 replicas, one at a time, each healthy before an old one stops | %.1f s | %.1f s | %.2f× |%n",
                        homeport / 1000, byHand / 1000, homeport / byHand)
                + '\n'
                + String.format(Locale.ROOT, "Requests during all %d updates (3 clients, one per node's Caddy, each sending the next request"
                        + " as the last one ends): %d answered, **%d failed**.%n%n", 2 * runs, updates.successes(), updates.failures())
                + String.format(Locale.ROOT, "A node's Docker killed (`rig node-down 3`) under requests to the other two nodes: %d answered,"
                        + " **%d failed**; %.1f s after the kill, Swarm had called the node down and three replicas ran on the other two.%n%n",
                        nodeLoss.successes(), nodeLoss.failures(), recovery / 1000)
                + """
                        Homeport's update is a deployment: it is recorded, logged, checked for domains held by another service, and
                        waits for every replica of the new release and for Swarm to call the update complete, then writes the route
                        on every node; the by-hand update only waits for Swarm. Requests never see a replica stop: Swarm starts each
                        new replica and waits for its health check before it stops an old one, and the edge on each node looks the
                        replicas up again every second and retries a failed dial on another one.

                        """;
    }
}
