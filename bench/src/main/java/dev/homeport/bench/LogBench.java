package dev.homeport.bench;

import static dev.homeport.bench.Timing.median;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import dev.homeport.ssh.docker.NodeDocker;
import dev.homeport.ssh.logs.LogFilter;
import dev.homeport.ssh.logs.LogLine;
import dev.homeport.ssh.logs.LogMerger;
import dev.homeport.ssh.logs.LogStore;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigTargets;
import dev.homeport.ssh.transport.NodeConnections;
import dev.homeport.ssh.transport.Prompts;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A service's logs, a million lines, on the rig: a container prints them (logfmt, about 70 characters each, one in 50
 * an error) and exits; then its whole log is read, alternately, by {@code ssh node docker logs --timestamps} into
 * /dev/null and by what Homeport's log view does with it off the FX thread (the Docker API over the kept SSH
 * connection, each line parsed, labelled, merged in time order and kept in the {@link LogStore}, matched against a
 * filter). Then, with the million lines kept: the heap they take, and a search through them (the time to the first
 * match and to the full count). Medians.
 */
public final class LogBench {
    private static final int LINES = 1_000_000;
    private static final double GOAL_INGEST = 0.9;
    private static final int GOAL_HEAP_MB = 200;
    private static long lastMatched;

    private LogBench() {
    }

    /** {@code --out FILE} rewrites the "## Logs" section of that page; {@code --runs N} (default 5). */
    public static void main(String[] args) throws Exception {
        List<String> options = List.of(args);
        Path page = BenchArgs.out(options);
        int runs = BenchArgs.runs(options, 5);
        Rig rig = Rig.load();
        if (rig == null) {
            throw new IllegalStateException("The rig is not up: run scripts/rig up");
        }
        Path scratch = Files.createTempDirectory("homeport-log-bench");
        String name = "homeport-logbench-" + UUID.randomUUID().toString().substring(0, 8);
        String section;
        try (NodeConnections connections = new NodeConnections(RigTargets.settings(rig, scratch));
             NodeDocker docker = new NodeDocker(connections.to(RigTargets.rig(rig), Prompts.NONE))) {
            String id = docker.client().createContainerCmd(rig.baseImage()).withName(name)
                    .withCmd("sh", "-c", "awk 'BEGIN { for (i = 1; i <= " + LINES + "; i++) printf \"level=%s msg=\\\"order %d placed\\\""
                            + " customer=c%d path=/orders/%d ms=%d\\n\", (i % 50 == 0 ? \"error\" : \"info\"), i, i % 977, i, i % 300 }'")
                    .exec().getId();
            try {
                docker.client().startContainerCmd(id).exec();
                docker.client().waitContainerCmd(id).start().awaitStatusCode();
                List<String> ssh = new ArrayList<>(DockerBench.sshCommand(rig));
                ssh.addAll(List.of("docker", "logs", "--timestamps", id));
                // A warm-up of each.
                raw(ssh);
                long counted = homeport(docker, id, new LogStore(LogStore.Bound.DEFAULT));
                if (counted < LINES * 0.99) {
                    throw new IllegalStateException("Homeport read " + counted + " lines of " + LINES);
                }
                long countedErrors = lastMatched;
                double[] rawMs = new double[runs];
                double[] homeportMs = new double[runs];
                for (int i = 0; i < runs; i++) {
                    rawMs[i] = Timing.time(() -> raw(ssh));
                    homeportMs[i] = Timing.time(() -> homeport(docker, id, new LogStore(LogStore.Bound.DEFAULT)));
                }

                // The heap a million kept lines take.
                var memory = ManagementFactory.getMemoryMXBean();
                System.gc();
                long before = memory.getHeapMemoryUsage().getUsed();
                LogStore kept = new LogStore(LogStore.Bound.DEFAULT);
                homeport(docker, id, kept);
                System.gc();
                double heapMb = (memory.getHeapMemoryUsage().getUsed() - before) / 1048576.0;

                // Searches through them, as the view runs them (a scan that a newer search would cancel).
                LogFilter rare = LogFilter.of("order 999999 placed", false, false, null, null, null);
                LogFilter regex = LogFilter.of("customer=c4[0-9]\\b.*ms=2[0-9]{2}", true, false, null, null, null);
                double[] rareFirst = new double[runs];
                double[] rareAll = new double[runs];
                double[] regexFirst = new double[runs];
                double[] regexAll = new double[runs];
                long[] counts = new long[2];
                for (int i = 0; i < runs; i++) {
                    double[] r = search(kept, rare);
                    rareFirst[i] = r[0];
                    rareAll[i] = r[1];
                    counts[0] = (long) r[2];
                    r = search(kept, regex);
                    regexFirst[i] = r[0];
                    regexAll[i] = r[1];
                    counts[1] = (long) r[2];
                }
                double rawRate = LINES / (median(rawMs) / 1000);
                double homeportRate = LINES / (median(homeportMs) / 1000);
                section = "## Logs\n\n"
                        + "A million log lines (logfmt, about 70 characters each, one in 50 an error), printed by a container on the rig"
                        + " that then exits, and its whole log read; measured " + java.time.LocalDate.now() + " by `bench/run --only logs`,"
                        + " medians of " + runs + " runs each, alternating, on the shared 2-core machine.\n\n"
                        + "| way | median | lines/s | vs ssh |\n|---|---|---|---|\n"
                        + String.format(Locale.ROOT, "| `ssh node docker logs --timestamps` into /dev/null | %.0f ms | %,.0f | 1.00× |%n",
                                median(rawMs), rawRate)
                        + String.format(Locale.ROOT, "| Homeport's log view, off the FX thread: read over the kept SSH connection, parsed,"
                                + " labelled, merged, kept and matched | %.0f ms | %,.0f | %.2f× |%n", median(homeportMs), homeportRate,
                                homeportRate / rawRate)
                        + '\n'
                        + String.format(Locale.ROOT, "Homeport kept %,d lines and matched %,d errors (the filter the view ran) of the %,d"
                                + " printed.%n%n", counted, countedErrors, LINES)
                        + String.format(Locale.ROOT, "Ingest: **%.2f×** the rate of `ssh … docker logs` (goal ≥%.1f×: %s).%n%n",
                                homeportRate / rawRate, GOAL_INGEST, homeportRate / rawRate >= GOAL_INGEST ? "met" : "not met")
                        + String.format(Locale.ROOT, "A million lines kept (the default bound: %,d lines, %d MiB of text): the heap grew by"
                                + " **%.0f MB** (goal ≤%d MB: %s), measured after a full GC before and after.%n%n",
                                LogStore.Bound.DEFAULT.lines(), LogStore.Bound.DEFAULT.bytes() >> 20, heapMb, GOAL_HEAP_MB,
                                heapMb <= GOAL_HEAP_MB ? "met" : "not met")
                        + "Searching the million kept lines, as the view does (a background scan, from the oldest):\n\n"
                        + "| search | matches | first match | full count |\n|---|---|---|---|\n"
                        + String.format(Locale.ROOT, "| plain text `order 999999 placed` (the second-newest line) | %,d | %.0f ms | %.0f ms |%n",
                                counts[0], median(rareFirst), median(rareAll))
                        + String.format(Locale.ROOT, "| regular expression `customer=c4[0-9]\\b.*ms=2[0-9]{2}` | %,d | %.1f ms | %.0f ms |%n",
                                counts[1], median(regexFirst), median(regexAll))
                        + '\n'
                        + "The FX thread while they arrive and while a search runs: see the next section.\n\n";
            } finally {
                docker.client().removeContainerCmd(id).withForce(true).exec();
            }
        }
        System.out.print(section);
        if (page != null) {
            BenchmarksPage.writeSection(page, "Logs", section);
        }
    }

    private static void raw(List<String> ssh) throws Exception {
        Process process = new ProcessBuilder(ssh).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", ssh) + " failed");
        }
    }

    /** The whole log, as the view takes it in: each line parsed, merged under its label, kept, matched. Returns the lines kept. */
    private static long homeport(NodeDocker docker, String id, LogStore store) throws Exception {
        LogMerger merger = new LogMerger(Duration.ofMillis(200));
        LogFilter filter = LogFilter.of(null, false, false, Set.of(dev.homeport.ssh.logs.LogLevel.ERROR), null, null);
        AtomicLong matched = new AtomicLong();
        Object lock = new Object();
        var callback = docker.client().logContainerCmd(id).withStdOut(true).withStdErr(true).withTimestamps(true).withTailAll()
                .exec(new ResultCallback.Adapter<Frame>() {
                    private long lastDrain = System.nanoTime();

                    @Override
                    public void onNext(Frame frame) {
                        long now = System.nanoTime();
                        synchronized (lock) {
                            new String(frame.getPayload(), StandardCharsets.UTF_8).lines()
                                    .forEach(line -> merger.offer(LogLine.parse(line), "bench r1", now));
                            if (now - lastDrain > 50_000_000L) {
                                lastDrain = now;
                                merger.drain(now, merged -> add(store, filter, matched, merged));
                            }
                        }
                    }
                });
        callback.awaitCompletion();
        synchronized (lock) {
            merger.drainAll(merged -> add(store, filter, matched, merged));
        }
        if (matched.get() < LINES / 50 * 0.99) {
            throw new IllegalStateException("matched " + matched.get() + " errors, not about " + LINES / 50);
        }
        lastMatched = matched.get();
        return store.size();
    }

    private static void add(LogStore store, LogFilter filter, AtomicLong matched, LogMerger.Merged merged) {
        long seq = store.add(merged.line(), merged.source());
        if (store.matches(seq, filter, Set.of())) {
            matched.incrementAndGet();
        }
    }

    /** ms to the first match, ms to the full count, the count. */
    private static double[] search(LogStore store, LogFilter filter) {
        long start = System.nanoTime();
        long[] first = {-1};
        long[] count = {0};
        store.scan(store.first(), filter, Set.of(), () -> false, seq -> {
            if (first[0] < 0) {
                first[0] = System.nanoTime();
            }
            count[0]++;
        });
        long end = System.nanoTime();
        return new double[] {(first[0] - start) / 1e6, (end - start) / 1e6, count[0]};
    }
}
