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
                // Each crash by its die event's time (nanoseconds): both observers see the same event, so they are matched by it.
                Map<Long, Instant> notified = new java.util.concurrent.ConcurrentHashMap<>();
                BlockingQueue<Long> died = new LinkedBlockingQueue<>();
                Process events = null;
                try (CrashWatch watch = new CrashWatch(inventory, history, nodeService, clients, dev.homeport.model.CrashLoopPolicy::defaults, crash -> {
                    desktop.send(crash.path() + " is down", crash.note());
                    long nanos = crash.diedAt().getEpochSecond() * 1_000_000_000L + crash.diedAt().getNano();
                    notified.put(nanos, Instant.now());
                    died.add(nanos);
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
                    Map<Long, Instant> printed = new java.util.concurrent.ConcurrentHashMap<>();
                    Process reading = events;
                    Thread.ofVirtual().start(() -> {
                        try (BufferedReader lines = new BufferedReader(new InputStreamReader(reading.getInputStream(), StandardCharsets.UTF_8))) {
                            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                                if (!line.isBlank()) {
                                    printed.put(Long.parseLong(line.strip()), Instant.now());
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
                    List<Long> crashes = new java.util.ArrayList<>();
                    for (int i = 0; i <= runs; i++) {
                        Long nanos = died.poll(30, TimeUnit.SECONDS);
                        if (nanos == null) {
                            throw new IllegalStateException("crash " + i + " was not reported by Homeport");
                        }
                        crashes.add(nanos);
                        if (i < runs) {
                            // It crashes again a second after it starts.
                            deploys.start(service.id(), Prompts.NONE);
                        }
                    }
                    Thread.sleep(2000); // the terminal's last line
                    // The first crash warms both up (and the terminal's ssh may still be logging in): not counted.
                    List<Long> both = crashes.subList(1, crashes.size()).stream().filter(printed::containsKey).toList();
                    if (both.size() < runs / 2) {
                        throw new IllegalStateException("docker events printed only " + both.size() + " of " + runs + " crashes");
                    }
                    double[] homeport = both.stream().mapToDouble(n -> (notified.get(n).toEpochMilli() * 1_000_000L
                            + notified.get(n).getNano() % 1_000_000 - n) / 1e6).toArray();
                    double[] byHand = both.stream().mapToDouble(n -> (printed.get(n).toEpochMilli() * 1_000_000L
                            + printed.get(n).getNano() % 1_000_000 - n) / 1e6).toArray();
                    section = section(median(homeport), median(byHand), both.size(), desktop.available());
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
                + " by `bench/run --only crash`. Both watch the same " + runs + " crashes (matched by their event) of one container (restart policy \"no\", started"
                + " again after each), side by side; medians, the first crash not counted.\n\n"
                + "| way | median | vs `docker events` |\n|---|---|---|\n"
                + String.format(Locale.ROOT, "| Homeport: Docker's events over its SSH connection, the release looked up, the desktop notification sent%s | %.0f ms | %.2f× |%n",
                        notifier ? "" : " (no notification daemon here: the call returns at once)", homeport, homeport / byHand)
                + String.format(Locale.ROOT, "| By hand: `ssh node docker events --filter event=die` left open, the line printed | %.0f ms | 1.00× |%n", byHand)
                + "\nBefore it notifies, Homeport reads the release from its store (is it LIVE, and this store's); it knew the"
                + " container's restart policy from its start, so it does not ask Docker at the moment of the crash; the release's"
                + " log is written after. The terminal's line still has to be noticed by someone looking at it; polling instead"
                + " (`docker ps` every few seconds) would add half its period on average.\n";
    }
}
