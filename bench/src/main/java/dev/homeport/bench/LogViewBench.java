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
 * The Logs tab's own view (its worker, store, virtualized list and filters; no service, no stream) in a window: a
 * million lines of two sources given to it as fast as it takes them, then a search through them, while the stall
 * probe of {@link TerminalBench} measures how long the FX thread keeps an empty runnable waiting. The lines are made
 * here (logfmt, about 70 characters, with Docker's time in front): what is measured is the view, not the network.
 */
public final class LogViewBench {
    private static final int LINES = 1_000_000;
    private static final double GOAL_MS = 50;

    private LogViewBench() {
    }

    /** {@code --out FILE} rewrites the "## Logs: the FX thread" section of that page. */
    public static void main(String[] args) throws Exception {
        Path page = BenchArgs.out(List.of(args));
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        CompletableFuture<LogsPane> shown = new CompletableFuture<>();
        Platform.runLater(() -> {
            LogsPane pane = new LogsPane(LogStore.Bound.DEFAULT);
            Stage stage = new Stage(StageStyle.UNDECORATED);
            Scene scene = new Scene((Parent) pane.build(), 1200, 800);
            scene.getStylesheets().add(new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet());
            stage.setScene(scene);
            stage.show();
            shown.complete(pane);
        });
        LogsPane pane = shown.get(20, TimeUnit.SECONDS);
        Platform.runLater(() -> fxThread = Thread.currentThread());
        Thread.sleep(1000);

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
        TerminalBench.Stalls arriving = probe(() -> latest(pane)[1] < LINES);
        double arriveSeconds = (System.nanoTime() - start) / 1e9;
        feeder.join();
        long[] all = counts(pane);

        // A search through them: the probe runs until the view shows the result.
        Platform.runLater(() -> pane.search("customer=c4[0-9]\\b.*ms=2[0-9]{2}", true));
        long searchStart = System.nanoTime();
        TerminalBench.Stalls searching = probe(() -> latest(pane)[0] == all[0]);
        double searchSeconds = (System.nanoTime() - searchStart) / 1e9;
        long[] found = counts(pane);
        Platform.exit();

        String section = "## Logs: the FX thread\n\n"
                + "The Logs tab's own view (its worker, store, virtualized list and filters, without a service) in a 1200×800 window"
                + " on a private Xvfb; a million lines of two sources given to it as fast as it takes them, then a regular-expression"
                + " search through them, while the stall probe of the terminal benchmark (an empty runnable handed to the FX thread"
                + " every 2 ms) measures how long it waits; measured " + java.time.LocalDate.now() + " by `LogViewBench`"
                + " (`bench/run --only logs`). One run each.\n\n"
                + "| while | took | longest stall | 99th percentile | probes |\n|---|---|---|---|---|\n"
                + String.format(Locale.ROOT, "| a million lines arrive (%,d kept, all shown) | %.1f s | %.1f ms | %.1f ms | %,d |%n",
                        all[1], arriveSeconds, arriving.longest(), arriving.p99(), arriving.probes())
                + String.format(Locale.ROOT, "| a search runs (%,d matches) | %.1f s | %.1f ms | %.1f ms | %,d |%n",
                        found[0], searchSeconds, searching.longest(), searching.p99(), searching.probes())
                + '\n'
                + String.format(Locale.ROOT, "Longest stall: **%.1f ms** (goal ≤%.0f ms: %s).%n%n", Math.max(arriving.longest(), searching.longest()),
                        GOAL_MS, Math.max(arriving.longest(), searching.longest()) <= GOAL_MS ? "met" : "not met");
        System.out.print(section);
        if (page != null) {
            BenchmarksPage.writeSection(page, "Logs: the FX thread", section);
        }
    }

    /**
     * {@link TerminalBench#probe}, which with {@code -Dhomeport.bench.stalls=MS} also prints each wait of at least MS
     * milliseconds with the JVM's uptime when it began, to be set beside a GC log ({@code -Xlog:gc*:file=...:uptime}).
     */
    private static TerminalBench.Stalls probe(java.util.function.BooleanSupplier going) throws InterruptedException {
        String shown = System.getProperty("homeport.bench.stalls");
        if (shown == null) {
            return TerminalBench.probe(going);
        }
        double least = Double.parseDouble(shown);
        long jvmStart = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
        long offset = System.currentTimeMillis() - jvmStart - System.nanoTime() / 1_000_000;
        java.util.List<Double> waits = new java.util.ArrayList<>();
        while (going.getAsBoolean()) {
            CountDownLatch ran = new CountDownLatch(1);
            long posted = System.nanoTime();
            Platform.runLater(ran::countDown);
            StackTraceElement[] doing = null;
            if (!ran.await((long) least, TimeUnit.MILLISECONDS)) {
                doing = fxThread.getStackTrace();
                ran.await();
            }
            double waited = (System.nanoTime() - posted) / 1e6;
            waits.add(waited);
            if (waited >= least) {
                System.err.printf(Locale.ROOT, "stall at %.3fs: %.1f ms%n", (posted / 1e6 + offset) / 1000.0, waited);
                if (doing != null) {
                    for (int i = 0; i < Math.min(25, doing.length); i++) {
                        System.err.println("    at " + doing[i]);
                    }
                }
            }
            Thread.sleep(2);
        }
        double[] sorted = waits.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length == 0 ? new TerminalBench.Stalls(0, 0, 0)
                : new TerminalBench.Stalls(sorted[sorted.length - 1], sorted[(int) Math.floor(sorted.length * 0.99)], sorted.length);
    }

    private static volatile Thread fxThread;

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
