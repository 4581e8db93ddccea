package dev.homeport.bench;

import dev.homeport.app.desktop.services.LogsPane;
import dev.homeport.ssh.logs.LogStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.StageStyle;

/**
 * The Logs tab's own view (its worker, store, {@code LogView} and filters; no service, no stream) in a window: a
 * million lines of two sources given to it as fast as it takes them, then a search through them, while the stall
 * probe of {@link TerminalBench} measures how long the FX thread keeps an empty runnable waiting. The lines are made
 * here (logfmt, about 70 characters, with Docker's time in front): what is measured is the view, not the network.
 *
 * <p>With {@code -Dhomeport.bench.logs.wrap=true} (passed on to each run's JVM), the view wraps long lines, in a window
 * 700 px wide instead of 1200, so that every line is two rows.
 */
public final class LogViewBench {
    private static final int LINES = 1_000_000;
    private static final double GOAL_MS = 50;

    private LogViewBench() {
    }

    /**
     * {@code --out FILE} rewrites the "## Logs: the FX thread" section of that page; {@code --runs N} (3 unless given)
     * runs, each in a JVM of its own as the app starts one (its JIT and heap cold), with the options this one was given.
     * {@code --before DIR}: each run is preceded by one of an earlier build (DIR holds its jars, {@code bench/target/lib}
     * with {@code homeport-bench.jar}), so the two are measured side by side, taking turns, under the same load.
     */
    public static void main(String[] args) throws Exception {
        List<String> options = List.of(args);
        if (options.contains("--one")) {
            System.out.println(RESULT + one());
            return;
        }
        Path page = BenchArgs.out(options);
        int runs = BenchArgs.runs(options, 3);
        Path before = BenchArgs.value(options, "--before").map(Path::of).orElse(null);
        List<double[]> results = new java.util.ArrayList<>();
        List<String> loads = new java.util.ArrayList<>();
        List<double[]> earlier = new java.util.ArrayList<>();
        List<String> earlierLoads = new java.util.ArrayList<>();
        for (int i = 0; i < runs; i++) {
            if (before != null) {
                String load = load();
                double[] result = child(before.resolve("homeport-bench.jar") + java.io.File.pathSeparator + before.resolve("*"));
                earlierLoads.add(load);
                earlier.add(result);
                report("before, run " + (i + 1), load, result);
            }
            String load = load();
            double[] result = child(System.getProperty("java.class.path"));
            loads.add(load);
            results.add(result);
            report("run " + (i + 1), load, result);
        }
        String section = section(results, loads, earlier, earlierLoads);
        System.out.print(section);
        if (page != null) {
            BenchmarksPage.writeSection(page, "Logs: the FX thread", section);
        }
    }

    private static void report(String run, String load, double[] result) {
        System.err.printf(Locale.ROOT, "%s%s (load average %s): lines arrive %.1f s, longest FX wait %.1f ms, 99th percentile %.1f ms,"
                + " longest GC pause %.1f ms, following at the end: %s; search %.1f s, longest FX wait %.1f ms, longest GC pause %.1f ms%n",
                run, Boolean.getBoolean("homeport.bench.logs.wrap") && !run.startsWith("before")
                        ? ", wrap on (700 px wide, two rows a line)" : "", load, result[0], result[1], result[2], result[4], result[12] == 1 ? "yes" : "no", result[6], result[7], result[10]);
    }

    private static final String RESULT = "logviewbench-result ";

    /** One run in a JVM of its own, with this one's options (heap, collector) and this class path. */
    private static double[] child(String classPath) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", classPath, LogViewBench.class.getName(), "--one"));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String result = null;
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(RESULT)) {
                    result = line.substring(RESULT.length());
                }
            }
        }
        if (process.waitFor() != 0 || result == null) {
            throw new IllegalStateException("a run of the log view bench failed (exit " + process.exitValue() + ")");
        }
        return java.util.Arrays.stream(result.split(" ")).mapToDouble(Double::parseDouble).toArray();
    }

    private static String load() {
        try {
            String[] parts = java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "?";
        }
    }

    /** The longest pause of the JVM's collectors since {@link #watchPauses} or the last call (a pause stops the FX thread too). */
    private static final java.util.concurrent.atomic.AtomicLong longestPauseMicros = new java.util.concurrent.atomic.AtomicLong();

    private static double longestPause() {
        return longestPauseMicros.getAndSet(0) / 1000.0;
    }

    /**
     * Records each collection's pause: G1's young and mixed collections, and its remark and cleanup pauses (its
     * "G1 Concurrent GC" reports those, not the concurrent work); ZGC's pauses, not its cycles.
     */
    private static void watchPauses() {
        for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc.getName().contains("Cycles")) {
                continue;
            }
            ((javax.management.NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                if (notification.getType().equals(com.sun.management.GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                    var info = com.sun.management.GarbageCollectionNotificationInfo.from((javax.management.openmbean.CompositeData) notification.getUserData());
                    long micros = info.getGcInfo().getDuration() * 1000;
                    longestPauseMicros.accumulateAndGet(micros, Math::max);
                }
            }, null, null);
        }
    }

    /**
     * One run: arriving seconds, longest wait, 99th percentile, probes, longest GC pause, lines kept; then the same
     * for the search, and the lines it found; 1 when the view still followed the newest line once they had come.
     */
    private static String one() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        // The app\'s frame rate, as the app sets it before its toolkit starts.
        dev.homeport.app.desktop.FrameRate.apply();
        Platform.startup(started::countDown);
        started.await();
        watchPauses();
        CompletableFuture<LogsPane> shown = new CompletableFuture<>();
        boolean wrap = Boolean.getBoolean("homeport.bench.logs.wrap");
        Platform.runLater(() -> {
            LogsPane pane = new LogsPane(LogStore.Bound.DEFAULT);
            Stage stage = new Stage(StageStyle.UNDECORATED);
            Scene scene = new Scene((Parent) pane.build(), wrap ? 700 : 1200, 800);
            pane.wrap(wrap);
            scene.getStylesheets().add(new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet());
            stage.setScene(scene);
            stage.show();
            shown.complete(pane);
        });
        LogsPane pane = shown.get(20, TimeUnit.SECONDS);
        Thread.sleep(1000);
        longestPause();

        // A million lines, as fast as the view takes them.
        long start = System.nanoTime();
        Thread feeder = Thread.ofPlatform().name("bench-feeder").start(() -> {
            Instant t0 = Instant.parse("2026-12-06T07:00:00Z");
            for (int i = 1; i <= LINES; i++) {
                String line = t0.plusNanos(i * 1000L) + " level=" + (i % 50 == 0 ? "error" : "info") + " msg=\"order " + i
                        + " placed\" customer=c" + (i % 977) + " path=/orders/" + i + " ms=" + (i % 300);
                pane.offer(i % 2 == 0 ? "web r12" : "web r13", line);
            }
        });
        TerminalBench.Stalls arriving = TerminalBench.probe(() -> latest(pane)[1] < LINES);
        double arriveSeconds = (System.nanoTime() - start) / 1e9;
        double arrivePause = longestPause();
        feeder.join();
        // Until the view shows every line (the last arrive with the worker's last tick), and a pulse to draw them.
        long[] all = counts(pane);
        for (long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); all[0] < all[1] && System.nanoTime() < waitUntil; all = counts(pane)) {
            Thread.sleep(20);
        }
        Thread.sleep(200);
        long[] everything = counts(pane);
        latest = everything;

        // A search through them: the probe runs until the view shows the result.
        Platform.runLater(() -> pane.search("customer=c4[0-9]\\b.*ms=2[0-9]{2}", true));
        long searchStart = System.nanoTime();
        TerminalBench.Stalls searching = TerminalBench.probe(() -> latest(pane)[0] == everything[0]);
        double searchSeconds = (System.nanoTime() - searchStart) / 1e9;
        double searchPause = longestPause();
        long[] found = counts(pane);
        Platform.exit();
        return String.format(Locale.ROOT, "%.3f %.3f %.3f %d %.3f %d %.3f %.3f %.3f %d %.3f %d %d", arriveSeconds, arriving.longest(),
                arriving.p99(), arriving.probes(), arrivePause, everything[1], searchSeconds, searching.longest(), searching.p99(),
                searching.probes(), searchPause, found[0], everything[2]);
    }

    private static double median(List<double[]> results, int field) {
        return Timing.median(results.stream().mapToDouble(r -> r[field]).toArray());
    }

    private static String each(List<double[]> results, int field) {
        return results.stream().map(r -> String.format(Locale.ROOT, "%.1f", r[field])).collect(java.util.stream.Collectors.joining(", "));
    }

    private static String rows(String who, List<double[]> results) {
        return String.format(Locale.ROOT, "| %sa million lines arrive (%,d kept, all shown) | %.1f s | %.1f ms | %.1f ms | %.1f ms | %s | %s |%n",
                who, (long) median(results, 5), median(results, 0), median(results, 1), median(results, 2), median(results, 4), each(results, 1),
                each(results, 4))
                + String.format(Locale.ROOT, "| %sa search runs (%,d matches) | %.1f s | %.1f ms | %.1f ms | %.1f ms | %s | %s |%n",
                who, (long) median(results, 11), median(results, 6), median(results, 7), median(results, 8), median(results, 10),
                each(results, 7), each(results, 10));
    }

    private static String section(List<double[]> results, List<String> loads, List<double[]> earlier, List<String> earlierLoads) {
        double arriveWorst = median(results, 1);
        double arrivePause = median(results, 4);
        double searchWorst = median(results, 7);
        double searchPause = median(results, 10);
        double stall = Math.max(Math.max(arriveWorst, arrivePause), Math.max(searchWorst, searchPause));
        long followed = results.stream().filter(r -> r[12] == 1).count();
        String collector = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(arg -> arg.startsWith("-XX:+Use") && arg.endsWith("GC")).findFirst().map(arg -> arg.substring(8)).orElse("G1, the default");
        boolean sideBySide = !earlier.isEmpty();
        return "## Logs: the FX thread\n\n"
                + "The Logs tab's own view (its worker, store, `LogView` and filters, without a service) in a 1200×800 window"
                + " on a private Xvfb; a million lines of two sources given to it as fast as it takes them, then a regular-expression"
                + " search through them. Two measures of how long the FX thread could not answer: the stall probe of the terminal"
                + " benchmark (an empty runnable handed to the FX thread every 2 ms; the longest it waited, and the 99th percentile"
                + " of its waits), and the longest pause of the garbage collector (which stops the FX thread too, but which the probe"
                + " sees only when a pause lands while a probe waits: most land while it sleeps). Measured " + java.time.LocalDate.now()
                + " by `LogViewBench` (`bench/run --only logs`), " + results.size() + " runs, each in a JVM of its own (-Xmx1g, collector: "
                + collector + "), medians, on the project's shared 2-core machine; load average (1, 5, 15 min) before each run: "
                + String.join("; ", loads) + "."
                + (sideBySide ? " Side by side (`--before DIR`): each run was preceded by one of an earlier build (the jars in DIR),"
                + " taking turns under the same load; load average before those: " + String.join("; ", earlierLoads) + "." : "") + "\n\n"
                + "| while | took | longest FX wait | 99th percentile | longest GC pause | each run's longest FX wait | each run's longest GC pause |\n"
                + "|---|---|---|---|---|---|---|\n"
                + (sideBySide ? rows("before: ", earlier) + rows("now: ", results) : rows("", results))
                + String.format(Locale.ROOT, "%nThe view followed the newest line through the million (it was on screen at the end) in %d of %d runs.%n%n",
                        followed, results.size())
                + String.format(Locale.ROOT, "Longest stall now, the larger of the two measures: **%.1f ms** (goal ≤%.0f ms: %s).%n%n", stall,
                        GOAL_MS, stall <= GOAL_MS ? "met" : "not met")
                + "Where the stalls came from, found with the collector's log (`-Xlog:gc*`, `-Xlog:safepoint`) beside the probe's"
                + " long waits, each with what the FX thread was doing then (the probe prints them):\n\n"
                + "- G1's young collections copied the lines on their way: each a `String`, parsed into a `LogLine` with an"
                + " `Instant`, wrapped twice for the merge and held 200 ms; pauses of 75 to 190 ms every few hundred"
                + " milliseconds, copying 40–80 MB. Now no object per line is on its way (see [the guide](logs.md#a-million-lines)):"
                + " lines are UTF-8 in a few arrays per 50 ms, times are nanoseconds read from the bytes, the merge holds"
                + " numbers; G1 collects about half as often, and its young pauses are several times shorter (the longest"
                + " are the first few, before the batches' arrays are old).\n"
                + "- JavaFX's `ListView` cost in proportion to the lines kept: its `VirtualFlow`, at each change of the number"
                + " of lines and at each layout near the end, walked its cache of every line's height (a million entries) several"
                + " times (`computeCurrentIndex`, `computeViewportOffset`, `recalculateAndImproveEstimatedSize`), a fixed row"
                + " height or not. The view is now `LogView`: a canvas the size of the view on which only the rows on screen are"
                + " drawn, rows of one height, and scroll bars of its own over an array of the lines' numbers; a change of the"
                + " number of lines is an array copy and one redraw of about 30 rows at the next pulse, the same with a hundred"
                + " lines or a million, so new lines are drawn as they come (up to 20 times a second) instead of four times.\n"
                + "- With two cores shared by other jobs (a load average of 10 or more), the FX thread, JavaFX's render thread"
                + " and the collector's threads also wait for their turn: the long waits left are of that kind (the FX thread's"
                + " stack anywhere, a hash lookup or the toolkit's idle event loop, waiting for a core), and the collector's"
                + " pauses stretch too. The 99th percentile is the measure that shows the view's own cost.\n\n";
    }

    private static volatile long[] latest = {0, 0};

    /**
     * The lines shown and kept as last read, and a new read asked of the FX thread without waiting for it: a wait
     * here would be an FX round trip the probe does not time, and a stall during it would go unseen.
     */
    private static long[] latest(LogsPane pane) {
        Platform.runLater(() -> latest = pane.counts());
        return latest;
    }

    /** The lines shown and kept, read on the FX thread. */
    private static long[] counts(LogsPane pane) {
        CompletableFuture<long[]> counts = new CompletableFuture<>();
        Platform.runLater(() -> counts.complete(pane.counts()));
        try {
            return counts.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
