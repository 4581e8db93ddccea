package dev.homeport.bench;

import static dev.homeport.bench.Timing.join;
import static dev.homeport.bench.Timing.median;
import static dev.homeport.bench.Timing.run;
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
import dev.homeport.ssh.proxy.CaddyAdmin;
import dev.homeport.ssh.proxy.CaddyRoutes;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigLoad;
import dev.homeport.ssh.rig.RigTargets;
import dev.homeport.ssh.rig.TestApps;
import dev.homeport.ssh.transport.NodeConnections;
import dev.homeport.ssh.transport.Prompts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Deploying a prebuilt image on the rig, side by side in one run: Homeport's
 * deploy (pull, start, health check, route switch, stop the old container),
 * against the same steps by hand with the docker CLI and curl over an
 * OpenSSH ControlMaster. Then the failed requests during 20 redeploys under
 * steady traffic.
 */
public final class DeployBench {
    private static final int RUNS = 7;
    private static final int REDEPLOYS = 20;

    private DeployBench() {
    }

    public static void main(String[] args) throws Exception {
        List<String> options = List.of(args);
        Path page = BenchArgs.out(options);
        Rig rig = Rig.load();
        if (rig == null) {
            throw new IllegalStateException("The rig is not up: run scripts/rig up");
        }
        Path scratch = Files.createTempDirectory("homeport-deploy-bench");
        String image = new TestApps(rig).image("bench");
        String unique = UUID.randomUUID().toString().substring(0, 6);
        HomeportHome home = new HomeportHome(scratch.resolve("home"));
        String section;
        try (Store store = Store.open(home); NodeConnections connections = new NodeConnections(RigTargets.settings(rig, scratch))) {
            Vault vault = Vault.openOrCreate(home.vaultKey(), null);
            Inventory inventory = new Inventory(store, vault);
            NodeInventory nodes = new NodeInventory(store, vault);
            KeyInventory keys = new KeyInventory(store, vault);
            DeploymentHistory history = new DeploymentHistory(store);
            NodeService nodeService = new NodeService(nodes, keys, connections);
            try (NodeClients clients = new NodeClients(nodeService)) {
                DeployService deploys = new DeployService(inventory, nodes, keys, history, nodeService, clients, new Retention(store));
                long env = inventory.createEnvironment(inventory.createApplication(inventory.createOrganisation("bench").id(), "app").id(), "b" + unique).id();
                WorkerNode node = nodes.add(new WorkerNode(0, "rig", rig.sshHost(), rig.sshPort(), rig.sshUser(),
                        new NodeIdentity.KeyFile(rig.sshKey().toString()), null));
                nodes.attach(node.id(), env);
                Service timed = inventory.createService(new Service(0, env, "timed", new ServiceSource.Image(image), TestApps.PORT, "/health",
                        null, null, DeployOptions.defaults().withDrainSeconds(0)));
                inventory.addDomain(timed.id(), "timed-" + unique + ".test");
                Service loaded = inventory.createService(new Service(0, env, "loaded", new ServiceSource.Image(image), TestApps.PORT, "/health",
                        null, null, DeployOptions.defaults()));
                String loadedDomain = "loaded-" + unique + ".test";
                inventory.addDomain(loaded.id(), loadedDomain);
                try {
                    live(deploys, timed.id());
                    ByHand byHand = new ByHand(rig, scratch, image, inventory.serviceNodeKey(timed.id()));
                    byHand.deploy(); // warm-up, and the first "old" container
                    double[] homeport = new double[RUNS];
                    double[] manual = new double[RUNS];
                    for (int i = 0; i < RUNS; i++) {
                        homeport[i] = time(() -> live(deploys, timed.id()));
                        manual[i] = time(byHand::deploy);
                    }
                    byHand.close();

                    live(deploys, loaded.id());
                    RigLoad.Result result;
                    try (RigLoad load = RigLoad.start(loadedDomain, "/", 4)) {
                        for (int i = 0; i < REDEPLOYS; i++) {
                            live(deploys, loaded.id());
                        }
                        result = load.stop();
                    }
                    section = section(median(homeport), median(manual), result);
                } finally {
                    try (CaddyAdmin admin = CaddyAdmin.over(nodeService.connection(node, Prompts.NONE))) {
                        new CaddyRoutes(admin).remove(inventory.serviceNodeKey(timed.id()));
                        new CaddyRoutes(admin).remove(inventory.serviceNodeKey(loaded.id()));
                    }
                    var docker = clients.docker(nodeService.connection(node, Prompts.NONE)).client();
                    for (var container : docker.listContainersCmd().withShowAll(true)
                            .withLabelFilter(java.util.Map.of("dev.homeport.path", "bench/app/b" + unique + "/timed")).exec()) {
                        docker.removeContainerCmd(container.getId()).withForce(true).exec();
                    }
                    for (var container : docker.listContainersCmd().withShowAll(true)
                            .withLabelFilter(java.util.Map.of("dev.homeport.path", "bench/app/b" + unique + "/loaded")).exec()) {
                        docker.removeContainerCmd(container.getId()).withForce(true).exec();
                    }
                }
            }
        }
        System.out.print(section);
        if (page != null) {
            BenchmarksPage.writeSection(page, "Deploy", section);
        }
    }

    private static void live(DeployService deploys, long serviceId) throws Exception {
        Deployment done = deploys.deploy(serviceId, null, Prompts.NONE, DeployListener.NONE).await();
        if (done.state() != DeploymentState.LIVE) {
            throw new IllegalStateException("deployment #" + done.id() + " ended " + done.state() + ": " + done.reason());
        }
    }

    /**
     * The same release by hand, one ssh command per step through a ControlMaster (cheaper than
     * the fresh ssh a person would type): pull, run beside the old container on a loopback port,
     * wait for /health, point the Caddy route at it through the admin API, stop and remove the old one.
     */
    private static final class ByHand implements AutoCloseable {
        private final List<String> ssh;
        private final String image;
        private final long serviceKey;
        private int round;
        private String previous;

        ByHand(Rig rig, Path scratch, String image, long serviceKey) {
            List<String> base = DockerBench.sshCommand(rig);
            Path socket = scratch.resolve("cm.sock");
            run(join(base.subList(0, base.size() - 1), List.of("-M", "-S", socket.toString(), "-fN", base.getLast())));
            this.ssh = join(base.subList(0, base.size() - 1), List.of("-S", socket.toString(), base.getLast()));
            this.image = image;
            this.serviceKey = serviceKey;
        }

        void deploy() throws Exception {
            String name = "homeport-bench-manual-" + serviceKey + "-" + (++round);
            int port = 30100 + round % 50;
            remote("docker pull " + image + " || true");
            remote("docker rm -f " + name + " >/dev/null 2>&1 || true");
            remote("docker run -d --name " + name + " --network homeport -p 127.0.0.1:" + port + ":8080 " + image);
            while (true) {
                try {
                    remote("curl -fsS -o /dev/null http://127.0.0.1:" + port + "/health");
                    break;
                } catch (IllegalStateException notYet) {
                    Thread.sleep(200);
                }
            }
            remote("curl -fsS -X PATCH -H 'Content-Type: application/json' -d '\"127.0.0.1:" + port + "\"'"
                    + " http://127.0.0.1:2019/id/homeport-service-" + serviceKey + "/handle/1/upstreams/0/dial");
            if (previous != null) {
                remote("docker stop -t 10 " + previous + " && docker rm " + previous);
            }
            previous = name;
        }

        private void remote(String command) {
            run(join(ssh, List.of(command)));
        }

        @Override
        public void close() {
            if (previous != null) {
                remote("docker rm -f " + previous);
            }
            run(join(ssh.subList(0, ssh.size() - 1), List.of("-O", "exit", ssh.getLast())));
        }
    }

    private static String section(double homeport, double manual, RigLoad.Result load) {
        return "## Deploy\n\n"
                + "A prebuilt image on the rig (Docker 20.10 and Caddy 2.6 on this machine, reached over its sshd), measured "
                + java.time.LocalDate.now() + " by `bench/run --only deploy`. Medians of " + RUNS + " runs each, alternating.\n\n"
                + "| way | median | vs by hand |\n|---|---|---|\n"
                + String.format(Locale.ROOT, "| Homeport: deploy to LIVE (pull, start, health check, route switch, stop the old container) | %.0f ms | %.2f× |%n",
                        homeport, homeport / manual)
                + String.format(Locale.ROOT, "| By hand: the same steps with the docker CLI and curl, one ssh command each through a ControlMaster | %.0f ms | 1.00× |%n%n",
                        manual)
                + String.format(Locale.ROOT, "Failed requests during %d redeploys under steady traffic (4 clients over HTTP through Caddy,"
                        + " drain 5 s): **%d** of %d.%s%n%n", REDEPLOYS, load.failures(), load.successes() + load.failures(),
                        load.failures() == 0 ? "" : " First failures: " + String.join("; ", load.firstFailures()))
                + """
                        The pull fails here (no registry can be reached) in both ways, and both go on with the image
                        already on the node. Homeport's time includes recording every state in the store and asking
                        Caddy for its config before changing it. By hand, each step starts an ssh client, a channel
                        and a shell on the node; Homeport sends its Docker calls over kept dial-stdio channels and
                        polls the health path through a port forward on its one SSH connection.

                        """;
    }
}
