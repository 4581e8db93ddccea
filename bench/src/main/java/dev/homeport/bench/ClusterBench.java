package dev.homeport.bench;

import static dev.homeport.bench.Timing.join;
import static dev.homeport.bench.Timing.median;
import static dev.homeport.bench.Timing.time;

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
import dev.homeport.ssh.swarm.SwarmClusters;
import dev.homeport.ssh.transport.NodeConnections;
import dev.homeport.ssh.transport.Prompts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Attaching nodes to an environment, cluster join included, against the same done by hand with
 * OpenSSH and the docker CLI, side by side on the rig's three cluster nodes. Each round starts
 * from nodes in no swarm. Homeport: attach the second node (the swarm is made on the first, the
 * second joins and is checked ready) and the third (it joins; both workers become managers).
 * By hand: `ssh n1 docker swarm init`, `ssh n1 docker swarm join-token -q worker` and `ssh n2
 * docker swarm join`; then the third join and `ssh n1 docker node promote` for two nodes.
 * Homeport's connections are warm, as in the open app.
 */
public final class ClusterBench {
    private static final int RUNS = 5;

    private ClusterBench() {
    }

    /** {@code --out FILE} rewrites the "## Clusters" section of that page; {@code --runs N}. */
    public static void main(String[] args) throws Exception {
        List<String> options = List.of(args);
        Path page = BenchArgs.out(options);
        int runs = BenchArgs.runs(options, RUNS);
        Rig rig = Rig.load();
        if (rig == null) {
            throw new IllegalStateException("The rig is not up: run scripts/rig up");
        }
        Path scratch = Files.createTempDirectory("homeport-cluster-bench");
        double[] second = new double[runs];
        double[] third = new double[runs];
        double[] secondByHand = new double[runs];
        double[] thirdByHand = new double[runs];
        HomeportHome home = new HomeportHome(scratch.resolve("home"));
        try (RigCluster cluster = new RigCluster(rig, scratch);
             Store store = Store.open(home);
             NodeConnections connections = new NodeConnections(RigTargets.settings(rig, scratch))) {
            Vault vault = Vault.openOrCreate(home.vaultKey(), null);
            Inventory inventory = new Inventory(store, vault);
            NodeInventory nodes = new NodeInventory(store, vault);
            NodeService nodeService = new NodeService(nodes, new KeyInventory(store, vault), connections);
            NodeClients clients = new NodeClients(nodeService);
            SwarmClusters clusters = new SwarmClusters(inventory, nodes, nodeService, clients);
            long application = inventory.createApplication(inventory.createOrganisation("acme").id(), "shop").id();
            List<WorkerNode> members = new ArrayList<>();
            for (int n = 1; n <= 3; n++) {
                members.add(nodes.add(new WorkerNode(0, "n" + n, rig.clusterHost(n), 22, rig.sshUser(),
                        new NodeIdentity.KeyFile(rig.sshKey().toString()), null)));
            }
            for (int i = 0; i < runs; i++) {
                cluster.reset();
                long environment = inventory.createEnvironment(application, "run" + i).id();
                clusters.attach(environment, members.get(0), null, Prompts.NONE, line -> { });
                second[i] = time(() -> clusters.attach(environment, members.get(1), null, Prompts.NONE, line -> { }));
                third[i] = time(() -> clusters.attach(environment, members.get(2), null, Prompts.NONE, line -> { }));

                cluster.reset();
                String[] token = new String[1];
                secondByHand[i] = time(() -> {
                    ssh(rig, 1, "docker", "swarm", "init", "--advertise-addr", rig.clusterHost(1));
                    token[0] = ssh(rig, 1, "docker", "swarm", "join-token", "-q", "worker").strip();
                    ssh(rig, 2, "docker", "swarm", "join", "--token", token[0], "--advertise-addr", rig.clusterHost(2), rig.clusterHost(1) + ":2377");
                });
                thirdByHand[i] = time(() -> {
                    ssh(rig, 3, "docker", "swarm", "join", "--token", token[0], "--advertise-addr", rig.clusterHost(3), rig.clusterHost(1) + ":2377");
                    ssh(rig, 1, "docker", "node", "promote", "node-2", "node-3");
                });
            }
            clients.close();
        }
        String section = "## Clusters\n\n"
                + "Attaching Worker Nodes to an environment on the rig's three cluster nodes (each a network namespace with its own"
                + " Docker 20.10 and sshd), cluster join included; measured " + java.time.LocalDate.now() + " by `bench/run --only cluster`."
                + " Medians of " + runs + " rounds; each round starts from nodes in no swarm and runs Homeport, then the same by hand.\n\n"
                + "| step | Homeport | by hand (OpenSSH + docker CLI) | ratio |\n|---|---|---|---|\n"
                + row("second node: the cluster made on the first, the second joins", median(second), median(secondByHand))
                + row("third node: it joins, two workers become managers", median(third), median(thirdByHand))
                + '\n'
                + """
                        By hand is `ssh n1 docker swarm init`, `ssh n1 docker swarm join-token -q worker` and `ssh n2 docker swarm join
                        --token …` for the second node, and the third node's join with `ssh n1 docker node promote` for the third: each
                        a new ssh connection, as typed. Homeport's connections are warm, as in the open app, and it does more than the
                        commands: it reads each node's swarm state first (to refuse a node of another cluster), waits until the new
                        member is ready, names it with a node label, and balances the managers. The join token never reaches a command
                        line, where the by-hand way puts it.

                        """;
        System.out.print(section);
        if (page != null) {
            BenchmarksPage.writeSection(page, "Clusters", section);
        }
    }

    /** One command on cluster node {@code n}, through a new OpenSSH connection, as a user types it; its output. */
    static String ssh(Rig rig, int n, String... command) throws IOException, InterruptedException {
        List<String> ssh = List.of("ssh", "-q", "-i", rig.sshKey().toString(), "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
                "-o", "UserKnownHostsFile=" + rig.clusterKnownHosts().orElseThrow(), rig.sshUser() + "@" + rig.clusterHost(n));
        Process process = new ProcessBuilder(join(ssh, List.of(command))).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " on node " + n + " failed: " + output.strip());
        }
        return output;
    }

    private static String row(String step, double homeport, double byHand) {
        return String.format(Locale.ROOT, "| %s | %.1f s | %.1f s | %.2f× |%n", step, homeport / 1000, byHand / 1000, homeport / byHand);
    }
}
