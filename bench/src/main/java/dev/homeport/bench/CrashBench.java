package dev.homeport.bench;

import static dev.homeport.bench.Timing.join;
import static dev.homeport.bench.Timing.median;
import static dev.homeport.bench.Timing.run;

import dev.homeport.app.desktop.SystemNotifier;
import dev.homeport.model.DeployOptions;
import dev.homeport.model.Deployment;
import dev.homeport.model.DeploymentState;
import dev.homeport.model.HomeportHome;
import dev.homeport.model.NodeIdentity;
import dev.homeport.model.RestartPolicy;
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
import dev.homeport.ssh.deploy.CrashWatch;
import dev.homeport.ssh.deploy.DeployListener;
import dev.homeport.ssh.deploy.DeployService;
import dev.homeport.ssh.nodes.NodeClients;
import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigTargets;
import dev.homeport.ssh.rig.TestApps;
import dev.homeport.ssh.transport.NodeConnections;
import dev.homeport.ssh.transport.Prompts;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Alert latency: from a container's crash (Docker's {@code die} event time, on this machine's clock, as the
 * rig's node is this machine) to the desktop notification, while Homeport runs, against what a user would
 * run instead: {@code ssh node docker events --filter event=die} left open in a terminal, which prints the
 * die event. Both watch the same crashes side by side. The container (restart policy "no", crashing a
 * second after each start once asked to) is started again for each crash.
 */
public final class CrashBench {
    private static final int RUNS = 11;

    private CrashBench() {
    }

    public static void main(String[] args) throws Exception {
        List<String> options = List.of(args);
        Path page = BenchArgs.out(options);
        int runs = BenchArgs.runs(options, RUNS);
        Rig rig = Rig.load();
        if (rig == null) {
            throw new IllegalStateException("The rig is not up: run scripts/rig up");
        }
        Path scratch = Files.createTempDirectory("homeport-crash-bench");
        String image = new TestApps(rig).crashingImage("bench");
        String unique = UUID.randomUUID().toString().substring(0, 6);
        HomeportHome home = new HomeportHome(scratch.resolve("home"));
        SystemNotifier desktop = new SystemNotifier();
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
                long env = inventory.createEnvironment(inventory.createApplication(inventory.createOrganisation("bench").id(), "app").id(), "c" + unique).id();
                WorkerNode node = nodes.add(new WorkerNode(0, "rig", rig.sshHost(), rig.sshPort(), rig.sshUser(),
                        new NodeIdentity.KeyFile(rig.sshKey().toString()), null));
                nodes.attach(node.id(), env);
                Service service = inventory.createService(new Service(0, env, "crashing", new ServiceSource.Image(image), TestApps.PORT, "/health",
                        null, null, DeployOptions.defaults().withRestart(RestartPolicy.NO)));
                String path = "bench/app/c" + unique + "/crashing";
                BlockingQueue<Instant> notified = new LinkedBlockingQueue<>();
                BlockingQueue<Instant> died = new LinkedBlockingQueue<>();
                Process events = null;
                try (CrashWatch watch = new CrashWatch(inventory, history, nodeService, clients, CrashWatch.Policy.defaults(), crash -> {
                    died.add(crash.diedAt());
                    desktop.send(crash.path() + " is down", crash.note());
                    notified.add(Instant.now());
                })) {
                    Deployment live = deploys.deploy(service.id(), null, Prompts.NONE, DeployListener.NONE).await();
                    if (live.state() != DeploymentState.LIVE) {
                        throw new IllegalStateException("deployment #" + live.id() + " ended " + live.state() + ": " + live.reason());
                    }
                    watch.watch(node);
                    waitFor(() -> watch.listening("rig"));
                    // What the user would leave open instead: the node's die events, over ssh, printed as they come.
                    List<String> ssh = DockerBench.sshCommand(rig);
                    events = new ProcessBuilder(join(ssh, List.of("docker events --filter event=die --filter label=dev.homeport.path=" + path
                            + " --format '{{.TimeNano}}'"))).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                    BlockingQueue<Instant> printed = new LinkedBlockingQueue<>();
                    Process reading = events;
                    Thread.ofVirtual().start(() -> {
                        try (BufferedReader lines = new BufferedReader(new InputStreamReader(reading.getInputStream(), StandardCharsets.UTF_8))) {
                            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                                if (!line.isBlank()) {
                                    printed.add(Instant.now());
                                }
                            }
                        } catch (java.io.IOException ended) {
                            // the process was stopped
                        }
                    });
                    Thread.sleep(1500); // the ssh login and the events stream are open before the first crash
                    var container = clients.docker(nodeService.connection(node, Prompts.NONE)).client().listContainersCmd()
                            .withLabelFilter(Map.of("dev.homeport.path", path)).exec().getFirst();
                    String upstream = container.getLabels().get("dev.homeport.upstream");
                    try (HttpClient http = HttpClient.newHttpClient()) {
                        http.send(HttpRequest.newBuilder(URI.create("http://" + upstream + "/cgi-bin/crash")).build(), HttpResponse.BodyHandlers.ofString());
                    }
                    double[] homeport = new double[runs + 1];
                    double[] byHand = new double[runs + 1];
                    for (int i = 0; i <= runs; i++) {
                        Instant at = died.poll(30, TimeUnit.SECONDS);
                        Instant toast = notified.poll(30, TimeUnit.SECONDS);
                        Instant line = printed.poll(30, TimeUnit.SECONDS);
                        if (at == null || toast == null || line == null) {
                            throw new IllegalStateException("crash " + i + " was not seen by both: Homeport " + toast + ", docker events " + line);
                        }
                        homeport[i] = Duration.between(at, toast).toNanos() / 1e6;
                        byHand[i] = Duration.between(at, line).toNanos() / 1e6;
                        if (i < runs) {
                            // It crashes again a second after it starts.
                            deploys.start(service.id(), Prompts.NONE);
                        }
                    }
                    // The first crash warms both up; it is not counted.
                    section = section(median(java.util.Arrays.copyOfRange(homeport, 1, runs + 1)),
                            median(java.util.Arrays.copyOfRange(byHand, 1, runs + 1)), runs, desktop.available());
                } finally {
                    if (events != null) {
                        events.destroy();
                    }
                    var docker = clients.docker(nodeService.connection(node, Prompts.NONE)).client();
                    for (var container : docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("dev.homeport.path", path)).exec()) {
                        docker.removeContainerCmd(container.getId()).withForce(true).exec();
                    }
                }
            }
        }
        System.out.print(section);
        if (page != null) {
            BenchmarksPage.writeSection(page, "Crash alerts", section);
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
            Thread.sleep(100);
        }
        if (!condition.getAsBoolean()) {
            throw new IllegalStateException("The crash watch did not open the node's event stream.");
        }
    }

    private static String section(double homeport, double byHand, int runs, boolean notifier) {
        return "## Crash alerts\n\n"
                + "Time from a container's crash (the `die` event's own time, on this machine's clock: the rig's node is this machine,"
                + " reached over its sshd) to the alert, while Homeport runs, measured " + java.time.LocalDate.now()
                + " by `bench/run --only crash`. Both watch the same " + runs + " crashes of one container (restart policy \"no\", started"
                + " again after each), side by side; medians, the first crash not counted.\n\n"
                + "| way | median | vs `docker events` |\n|---|---|---|\n"
                + String.format(Locale.ROOT, "| Homeport: Docker's events over its SSH connection, the release looked up, the desktop notification sent%s | %.0f ms | %.2f× |%n",
                        notifier ? "" : " (no notification daemon here: the call returns at once)", homeport, homeport / byHand)
                + String.format(Locale.ROOT, "| By hand: `ssh node docker events --filter event=die` left open, the line printed | %.0f ms | 1.00× |%n", byHand)
                + "\nHomeport also inspects the container once it died, to tell a container Docker restarts (counted toward a crash loop)"
                + " from one left down, and writes the release's log before it notifies. Polling instead (`docker ps` every few"
                + " seconds) would add half its period on average.\n";
    }
}
