package dev.homeport.bench;

import com.techsenger.jeditermfx.ui.JediTermFxWidget;
import dev.homeport.app.desktop.terminal.FloodPacer;
import dev.homeport.app.desktop.terminal.OutputConnector;
import dev.homeport.app.desktop.terminal.TerminalWidgets;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * FX-thread stalls while {@code yes} floods Homeport's terminal widget, with no node: the widget as the app makes
 * it ({@link TerminalWidgets}) is fed by a local {@code yes} through the app's {@link FloodPacer}, and a probe hands
 * the FX thread an empty runnable every 2 ms (as in {@link TerminalBench}). Each round is a flood of 10 s and then,
 * in the same window with nothing to read, 10 s of no output: what the machine itself does to the FX thread. Needs
 * only a display.
 */
public final class TerminalFloodBench {
    private static final int SECONDS = 10;

    private TerminalFloodBench() {
    }

    /** {@code --out FILE} rewrites the "## Terminal: a local flood" section; {@code --runs N}: rounds (default 3). */
    public static void main(String[] args) throws Exception {
        List<String> options = List.of(args);
        Path page = BenchArgs.out(options);
        int rounds = BenchArgs.runs(options, 3);
        String loadBefore = load();
        CountDownLatch started = new CountDownLatch(1);
        // The app\'s frame rate, as the app sets it before its toolkit starts.
        dev.homeport.app.desktop.FrameRate.apply();
        Platform.startup(started::countDown);
        started.await();
        // Each round opens and closes its own windows: the FX thread must outlive them.
        Platform.setImplicitExit(false);
        List<TerminalBench.Stalls> flooded = new ArrayList<>();
        List<TerminalBench.Stalls> quiet = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        try {
            for (int round = 0; round < rounds; round++) {
                Process yes = new ProcessBuilder("yes", "y\r").start();
                Process none = new ProcessBuilder("sleep", Integer.toString(3 * SECONDS)).start();
                try {
                    OutputConnector feed = new OutputConnector(new InputStreamReader(yes.getInputStream(), StandardCharsets.US_ASCII), "yes");
                    JediTermFxWidget widget = show(feed);
                    Thread.sleep(500);
                    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
                    flooded.add(TerminalBench.probe(() -> System.nanoTime() < end));
                    lines.add(feed.chars() / 3 / SECONDS);
                    Platform.runLater(() -> close(widget));
                    yes.destroy();
                    OutputConnector nothing = new OutputConnector(new InputStreamReader(none.getInputStream(), StandardCharsets.US_ASCII), "nothing");
                    JediTermFxWidget idle = show(nothing);
                    Thread.sleep(500);
                    long quietEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
                    quiet.add(TerminalBench.probe(() -> System.nanoTime() < quietEnd));
                    Platform.runLater(() -> close(idle));
                } finally {
                    yes.destroy();
                    none.destroy();
                }
            }
            String section = section(flooded, quiet, lines, loadBefore + " before, " + load() + " after");
            System.out.print(section);
            if (page != null) {
                BenchmarksPage.writeSection(page, "Terminal: a local flood", section);
            }
        } finally {
            Platform.exit();
        }
    }

    private static JediTermFxWidget show(OutputConnector feed) throws Exception {
        CompletableFuture<JediTermFxWidget> shown = new CompletableFuture<>();
        Platform.runLater(() -> {
            JediTermFxWidget widget = TerminalWidgets.create(new SimpleBooleanProperty(false));
            Stage stage = new Stage();
            stage.setScene(new Scene(widget.getPane(), 760, 460));
            stage.show();
            Runnable unpace = TerminalWidgets.pace(widget, feed.pacer());
            stage.setOnHidden(e -> unpace.run());
            widget.setTtyConnector(feed);
            widget.start();
            shown.complete(widget);
        });
        JediTermFxWidget widget = shown.get(20, TimeUnit.SECONDS);
        return widget;
    }

    private static void close(JediTermFxWidget widget) {
        widget.close();
        widget.getPane().getScene().getWindow().hide();
    }

    private static String load() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return fields[0] + ", " + fields[1] + ", " + fields[2];
    }

    private static String section(List<TerminalBench.Stalls> flooded, List<TerminalBench.Stalls> quiet, List<Long> lines, String load) {
        StringBuilder text = new StringBuilder("## Terminal: a local flood\n\n");
        text.append(String.format(Locale.ROOT, "Homeport's terminal widget (as the app makes it, with its flood pacing) fed by a local `yes`"
                + " for %d s, then the same window with no output for %d s, alternating, %d rounds; a probe hands the FX thread an empty"
                + " task every 2 ms and records how long it waited. Measured %s by `bench/run --only terminal-flood` (no rig), on"
                + " a private Xvfb; load average %s (2 cores, shared with other jobs). Goal: no wait over 50 ms while `yes` floods.%n%n",
                SECONDS, SECONDS, flooded.size(), java.time.LocalDate.now(), load));
        text.append("| round | flood: longest | flood: 99th percentile | flood: probes | no output: longest | no output: 99th percentile | lines taken in a second |\n");
        text.append("|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int i = 0; i < flooded.size(); i++) {
            text.append(String.format(Locale.ROOT, "| %d | %.1f ms | %.1f ms | %d | %.1f ms | %.1f ms | %,d |%n", i + 1, flooded.get(i).longest(),
                    flooded.get(i).p99(), flooded.get(i).probes(), quiet.get(i).longest(), quiet.get(i).p99(), lines.get(i)));
        }
        long over = flooded.stream().filter(s -> s.longest() > 50).count();
        text.append(String.format(Locale.ROOT, "%nGoal met in %d of %d rounds. A long wait with no output at all is the shared"
                + " machine's (another process's turn on the CPU); see [the terminal](terminal.md#how-fast-it-is) for where the"
                + " flood's waits come from.%n", flooded.size() - over, flooded.size()));
        return text.toString();
    }
}
