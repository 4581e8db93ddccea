package dev.homeport.bench;

import static dev.homeport.bench.Timing.median;
import static dev.homeport.bench.Timing.time;

import dev.homeport.model.DeployOptions;
import dev.homeport.model.Deployment;
import dev.homeport.model.DeploymentState;
import dev.homeport.model.HomeportHome;
import dev.homeport.model.NodeEventKind;
import dev.homeport.model.NodeIdentity;
import dev.homeport.model.RetentionPolicy;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.inventory.DeploymentHistory;
import dev.homeport.model.inventory.Inventory;
import dev.homeport.model.inventory.NodeHistory;
import dev.homeport.model.inventory.NodeInventory;
import dev.homeport.model.inventory.Retention;
import dev.homeport.model.store.Store;
import dev.homeport.model.vault.Vault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The store after 1,000 deployments with realistic logs, with and without the retention
 * policy: its size on disk and the time to open it and read the latest releases (what the
 * app does first), against an empty store. Also the cost of pruning: after each deployment,
 * and once when the policy meets a store that grew without it. Needs no rig.
 */
public final class StoreBench {
    static final int DEPLOYMENTS = 1000;
    static final int SERVICES = 4;
    static final int LOG_LINES = 300;
    static final int NODES = 2;
    static final int EVENTS_PER_NODE = 1000;
    private static final int OPEN_RUNS = 11;

    private StoreBench() {
    }

    public static void main(String[] args) throws Exception {
        List<String> options = List.of(args);
        Path page = BenchArgs.out(options);
        int runs = BenchArgs.runs(options, OPEN_RUNS);
        // --keep DIR builds the stores there and leaves them, to look at or to measure again.
        Path kept = BenchArgs.value(options, "--keep").map(Path::of).orElse(null);
        Path scratch = kept != null ? Files.createDirectories(kept) : Files.createTempDirectory("homeport-store-bench");
        try {
            HomeportHome empty = new HomeportHome(scratch.resolve("empty"));
            Store.open(empty).close();
            HomeportHome grown = new HomeportHome(scratch.resolve("grown"));
            fill(grown, false);
            HomeportHome pruned = new HomeportHome(scratch.resolve("pruned"));
            double[] prunes = fill(pruned, true);
            HomeportHome late = new HomeportHome(scratch.resolve("late"));
            copy(grown.root(), late.root());
            double latePrune;
            Retention.Pruned lateResult;
            try (Store store = Store.open(late)) {
                Retention retention = new Retention(store);
                Retention.Pruned[] result = new Retention.Pruned[1];
                latePrune = time(() -> result[0] = retention.prune());
                lateResult = result[0];
            }

            // Sizes as each store was left when it was built and closed, before the opens below
            // (each close lets H2 compact the file a little).
            Map<HomeportHome, Long> sizes = new LinkedHashMap<>();
            for (HomeportHome home : List.of(empty, grown, pruned, late)) {
                sizes.put(home, Files.size(home.storeFile()));
            }
            Map<String, HomeportHome> stores = new LinkedHashMap<>();
            stores.put("Empty store (baseline)", empty);
            stores.put("1,000 deployments, never pruned (as before retention)", grown);
            stores.put("1,000 deployments, pruned after each (default policy)", pruned);
            stores.put("1,000 deployments, pruned once when the policy arrived (the file compacted at close)", late);
            Map<String, double[]> opens = new LinkedHashMap<>();
            stores.keySet().forEach(name -> opens.put(name, new double[runs]));
            for (HomeportHome home : stores.values()) {
                openAndRead(home); // warm-up: classes, the JIT, the file cache
            }
            for (int i = 0; i < runs; i++) {
                for (var entry : stores.entrySet()) {
                    opens.get(entry.getKey())[i] = time(() -> openAndRead(entry.getValue()));
                }
            }
            String section = section(stores, sizes, opens, runs, prunes, latePrune, lateResult);
            System.out.print(section);
            if (page != null) {
                BenchmarksPage.writeSection(page, "Store", section);
            }
        } finally {
            if (kept == null) {
                try (Stream<Path> files = Files.walk(scratch)) {
                    for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(file);
                    }
                }
            }
        }
    }

    /** Opens the store and reads what the Deployments page shows first; the store is closed untimed. */
    private static void openAndRead(HomeportHome home) {
        Store store = Store.open(home);
        try {
            if (new DeploymentHistory(store).recent(50).isEmpty() && !home.root().endsWith("empty")) {
                throw new IllegalStateException("no deployments in " + home.root());
            }
        } finally {
            store.close();
        }
    }

    /**
     * 1,000 deployments over four services, recorded as the pipeline records them: each state,
     * the image, and 300 log lines in batches of 200 (a build's output). One in ten fails.
     * Two nodes get 1,000 events each, spread over 200 days. With {@code prune}, the default
     * policy is applied after each deployment ends, as the deploy service does; returns those times.
     */
    private static double[] fill(HomeportHome home, boolean prune) throws Exception {
        double[] prunes = new double[prune ? DEPLOYMENTS : 0];
        Random random = new Random(42);
        try (Store store = Store.open(home)) {
            Vault vault = Vault.openOrCreate(home.vaultKey(), null);
            Inventory inventory = new Inventory(store, vault);
            NodeInventory nodes = new NodeInventory(store, vault);
            DeploymentHistory history = new DeploymentHistory(store);
            Retention retention = new Retention(store);
            long env = inventory.createEnvironment(inventory.createApplication(inventory.createOrganisation("bench").id(), "shop").id(), "prod").id();
            List<Long> services = new ArrayList<>();
            for (int s = 0; s < SERVICES; s++) {
                services.add(inventory.createService(new Service(0, env, "svc" + s, new ServiceSource.Image("registry.example.com/shop/svc" + s + ":1"),
                        8080, "/health", null, null, DeployOptions.defaults())).id());
            }
            List<Long> nodeIds = new ArrayList<>();
            for (int n = 0; n < NODES; n++) {
                nodeIds.add(nodes.add(new WorkerNode(0, "node-" + n, "203.0.113." + (10 + n), 22, "deploy", new NodeIdentity.Agent(), null)).id());
            }
            for (int i = 0; i < DEPLOYMENTS; i++) {
                long serviceId = services.get(i % SERVICES);
                Deployment d = history.queue(serviceId, nodeIds.get(i % NODES), null, snapshot(i));
                history.transition(d.id(), DeploymentState.QUEUED, DeploymentState.PREPARING, null);
                List<String> lines = new ArrayList<>();
                for (int l = 0; l < LOG_LINES; l++) {
                    lines.add(logLine(random, l));
                    if (lines.size() == 200) {
                        history.appendLog(d.id(), lines);
                        lines.clear();
                    }
                }
                history.appendLog(d.id(), lines);
                history.recordImage(d.id(), "registry.example.com/shop/svc:" + i, "sha256:" + hex(random, 64));
                if (i % 10 == 9) {
                    history.transition(d.id(), DeploymentState.PREPARING, DeploymentState.FAILED,
                            "The health check failed: GET /health answered 502. The previous release keeps serving.");
                } else {
                    DeploymentState[] path = {DeploymentState.PREPARING, DeploymentState.STARTING, DeploymentState.HEALTH_CHECKING, DeploymentState.ROUTING};
                    for (int p = 1; p < path.length; p++) {
                        history.transition(d.id(), path[p - 1], path[p], null);
                    }
                    history.promote(d.id(), DeploymentState.SUPERSEDED, null);
                }
                if (prune) {
                    prunes[i] = time(retention::prune);
                }
            }
            NodeHistory events = new NodeHistory(store);
            for (long nodeId : nodeIds) {
                for (int e = 0; e < EVENTS_PER_NODE; e++) {
                    events.record(nodeId, e % 20 == 0 ? NodeEventKind.PROVISION : NodeEventKind.PROBE, "probe: all OK",
                            "ssh: OK 12 ms\ndocker: OK 20.10.24\ncaddy: OK 2.6.2\nnetdata: OK\ndisk: OK 61% free on /");
                }
                // Spread over the last 200 days, one every 200/1000 of a day, the newest now.
                long step = Duration.ofDays(200).toSeconds() / EVENTS_PER_NODE;
                Instant now = Instant.now();
                store.update(h -> h.execute("UPDATE node_event SET occurred_at = DATEADD(SECOND, -((SELECT MAX(id) FROM node_event WHERE node_id = ?) - id) * CAST(? AS BIGINT), CAST(? AS TIMESTAMP WITH TIME ZONE))"
                        + " WHERE node_id = ?", nodeId, step, now, nodeId));
            }
            if (prune) {
                retention.prune();
            }
        }
        return prunes;
    }

    private static String snapshot(int i) {
        return "{\"source\":\"image registry.example.com/shop/svc:" + i + "\",\"port\":8080,\"healthGate\":\"HTTP\",\"healthPath\":\"/health\","
                + "\"healthTimeoutSeconds\":60,\"restart\":\"UNLESS_STOPPED\",\"volumes\":[],\"variables\":[{\"key\":\"LOG_LEVEL\",\"value\":\"info\"}],"
                + "\"domains\":[\"shop.example.com\"],\"drainSeconds\":5,\"keepReleases\":5}";
    }

    private static final String[] STEPS = {"RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl",
            "COPY package.json package-lock.json ./", "RUN npm ci --omit=dev", "COPY . .", "RUN npm run build"};

    /** A line as a build prints it: a step header, a package fetched, or a layer written. */
    private static String logLine(Random random, int n) {
        return switch (n % 4) {
            case 0 -> "#" + (n / 4 % 9 + 1) + " [" + (n % 5 + 1) + "/5] " + STEPS[n % STEPS.length];
            case 1 -> "#" + (n / 4 % 9 + 1) + " " + String.format(Locale.ROOT, "%.3f", random.nextDouble() * 90)
                    + " Get:" + n + " http://deb.debian.org/debian bookworm/main amd64 libssl3 amd64 3.0." + random.nextInt(20) + " [" + random.nextInt(3000) + " kB]";
            case 2 -> "#" + (n / 4 % 9 + 1) + " writing layer sha256:" + hex(random, 64) + " " + random.nextInt(100) + ".0s done";
            default -> "npm warn deprecated package-" + random.nextInt(500) + "@" + random.nextInt(9) + ".0.0: this version is no longer supported, please update";
        };
    }

    private static String hex(Random random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(Character.forDigit(random.nextInt(16), 16));
        }
        return text.toString();
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else if (!file.getFileName().toString().endsWith(".lock")) {
                    Files.copy(file, target);
                }
            }
        }
    }

    private static String section(Map<String, HomeportHome> stores, Map<HomeportHome, Long> sizes, Map<String, double[]> opens, int runs, double[] prunes, double latePrune,
                                  Retention.Pruned late) throws IOException {
        RetentionPolicy policy = RetentionPolicy.defaults();
        double baseline = median(opens.values().iterator().next());
        StringBuilder out = new StringBuilder("## Store\n\n");
        out.append("The store after ").append(String.format(Locale.ROOT, "%,d", DEPLOYMENTS)).append(" deployments over ").append(SERVICES)
                .append(" services, each recorded as the pipeline records it (every state, the image, ").append(LOG_LINES)
                .append(" log lines of build output; one in ten fails), and ").append(String.format(Locale.ROOT, "%,d", NODES * EVENTS_PER_NODE))
                .append(" node events over 200 days. Measured ").append(java.time.LocalDate.now())
                .append(" by `bench/run --only store`. *Open* is opening the store and reading the 50 latest releases, as the app does first;")
                .append(" median of ").append(runs).append(" runs per store, round-robin, after a warm-up round. The default policy keeps ")
                .append(policy.deploymentsKept()).append(" releases per service, ").append(policy.logsKept()).append(" with their logs, and node events of ")
                .append(policy.eventDays()).append(" days, at most ").append(policy.eventsKept()).append(" per node.\n\n");
        out.append("| store | size on disk | open (ms) | × empty store |\n|---|---:|---:|---:|\n");
        for (var entry : stores.entrySet()) {
            double open = median(opens.get(entry.getKey()));
            out.append(String.format(Locale.ROOT, "| %s | %.1f MB | %.0f | %.2f |%n", entry.getKey(),
                    sizes.get(entry.getValue()) / 1e6, open, open / baseline));
        }
        out.append(String.format(Locale.ROOT, "%nPruning after each deployment ends took %.1f ms (median of the %,d prunes; worst %.1f ms). "
                        + "Pruning once a store that grew without a policy took %.0f ms and removed %,d releases, %,d log lines and %,d node events.%n",
                median(prunes), prunes.length, java.util.Arrays.stream(prunes).max().orElse(Double.NaN), latePrune,
                late.deployments(), late.logLines(), late.nodeEvents()));
        out.append("\nWhat retention saves is disk. H2 opens a store by reading its header and then only the pages a query needs,"
                + " so the time to open hardly depends on the file's size; the medians above differ by noise on this shared machine."
                + " The file of a store that was never pruned holds far more than its rows (H2 writes each commit as new pages and"
                + " compacts only briefly at close); a large pruning therefore compacts the file when the store closes.\n");
        return out.toString();
    }
}
