package dev.homeport.bench;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Chart benchmark: how long the FX thread stalls with 20 live charts open, for JavaFX's
 * LineChart, Homeport's Canvas LiveChart, and the same window with no charts (bare). Each
 * run is a fresh JVM running {@link ChartBenchWindow} under the display in {@code DISPLAY},
 * with the software renderer the UI tests use; runs go round-robin over the kinds, so a busy
 * moment on the shared machine hits all alike, and the report gives medians and the worst run.
 *
 * <p>Arguments: {@code --runs N} (default 5) and {@code --out FILE} to rewrite the "## Charts"
 * section of docs/benchmarks.md; without {@code --out} it only prints.
 */
public final class ChartBench {
    private static final double GOAL_MS = 50;
    private static final Map<String, String> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put("bare", "Bare window (20 empty cards)");
        KINDS.put("linechart", "JavaFX `LineChart` (no animation, no symbols)");
        KINDS.put("livechart", "Homeport `LiveChart` (Canvas)");
    }

    private ChartBench() {
    }

    public static void main(String[] args) throws Exception {
        List<String> options = List.of(args);
        if (options.contains("--window")) { // a run's own JVM; launched from here, as a class path launch of an Application subclass is refused
            dev.homeport.app.desktop.FrameRate.apply(); // the app's, as it sets it before its toolkit starts
            javafx.application.Application.launch(ChartBenchWindow.class, BenchArgs.value(options, "--window").orElseThrow());
            return;
        }
        int runs = BenchArgs.runs(options, 5);
        Path out = BenchArgs.out(options);
        Map<String, List<Map<String, Double>>> results = new LinkedHashMap<>();
        KINDS.keySet().forEach(k -> results.put(k, new ArrayList<>()));
        for (int run = 1; run <= runs; run++) {
            for (String kind : KINDS.keySet()) {
                results.get(kind).add(runOnce(kind));
            }
            System.err.printf("charts: run %d/%d done%n", run, runs);
        }
        String section = report(results, runs);
        System.out.println(section);
        if (out != null) {
            BenchmarksPage.writeSection(out, "Charts", section);
        }
    }

    private static Map<String, Double> runOnce(String kind) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Dprism.order=sw",
                "-cp", System.getProperty("java.class.path"), ChartBench.class.getName(), "--window", kind)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(3, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("The chart window (" + kind + ") failed: " + output);
        }
        Map<String, Double> values = new LinkedHashMap<>();
        String line = output.lines().filter(l -> l.startsWith("RESULT")).findFirst()
                .orElseThrow(() -> new IllegalStateException("No result from the chart window (" + kind + "): " + output));
        for (String pair : line.substring("RESULT".length()).trim().split(" ")) {
            String[] kv = pair.split("=");
            values.put(kv[0], Double.parseDouble(kv[1]));
        }
        values.put("chartStall", Math.max(values.get("live.stall"), Math.max(values.get("day.stall"), values.get("resize.stall"))));
        values.put("gap", longest(values, ".gap"));
        return values;
    }

    private static double longest(Map<String, Double> values, String suffix) {
        return values.entrySet().stream().filter(e -> e.getKey().endsWith(suffix))
                .mapToDouble(Map.Entry::getValue).max().orElse(Double.NaN);
    }

    private static String report(Map<String, List<Map<String, Double>>> results, int runs) {
        StringBuilder md = new StringBuilder("## Charts\n\n")
                .append("20 charts in one 1400×900 window (a 5×4 grid), each with 2–4 series, under Xvfb with the software\n")
                .append("renderer, measured ").append(LocalDate.now()).append(" by `bench/run --only charts` on the shared 2-core machine.\n")
                .append("Medians of ").append(runs).append(" runs per chart kind, each run a fresh JVM, run round-robin.\n")
                .append("*Live*: one point per series per second in a 60 s window; 15 updates of all 20 charts (after 5 unmeasured).\n")
                .append("*24 h*: 1440 points per series replaced at once in every chart, three times. Then one resize and one theme switch.\n")
                .append("Data reaches the FX thread the way the node page hands it over: prepared on another thread, then one\n")
                .append("`Platform.runLater` per chart, all 20 at once (the worst case: the node page fetches them one after another).\n\n")
                .append("FX-thread CPU time (ms; steady when other processes compete for the CPU). *Update* is the 20 runnables that\n")
                .append("hand the data to the charts, added up; *pulse* is the CSS and layout part of the pulses after them, where `LiveChart` draws.\n\n")
                .append("| chart | live update | live pulse | 24 h update (max) | 24 h pulse (max) | resize pulse | theme update | theme pulse |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        rows(md, results, "%.2f | %.2f | %.1f | %.1f | %.1f | %.1f | %.1f", r -> new Object[] {
                median(r, "live.updateCpu"), median(r, "live.pulseCpu"), median(r, "day.updateCpuMax"), median(r, "day.pulseCpuMax"),
                median(r, "resize.pulseCpu"), median(r, "theme.updateCpu"), median(r, "theme.pulseCpu")});
        md.append("\nFX-thread stalls (ms, wall clock): the longest time the FX thread kept a probe waiting. A probe thread hands it\n")
                .append("an empty runnable every ").append(StallMeter.PROBE_MS).append(" ms (the next once the last has run), as a click or a key press would arrive;\n")
                .append("the wait includes the FX thread's own work, its waits for the render thread, garbage collection and\n")
                .append("time the machine gave to other processes. *Charts* is the longest of the live, 24 h and resize phases.\n\n")
                .append("| chart | live | 24 h | resize | theme switch | charts, median | charts, worst run | charts × bare |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        double bareCharts = median(results.get("bare"), "chartStall");
        rows(md, results, "%.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.2f", r -> new Object[] {
                median(r, "live.stall"), median(r, "day.stall"), median(r, "resize.stall"), median(r, "theme.stall"),
                median(r, "chartStall"), worst(r, "chartStall"), median(r, "chartStall") / bareCharts});
        md.append("\nThe longest gap between two pulses (ms, wall clock; 16.7 ms at 60 Hz), which also counts the render thread's\n")
                .append("drawing in software while the FX thread is free: what the screen shows as a stutter under Xvfb.\n\n")
                .append("| chart | live | 24 h | resize | theme switch | longest, median | longest, worst run |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|\n");
        rows(md, results, "%.1f | %.1f | %.1f | %.1f | %.1f | %.1f", r -> new Object[] {
                median(r, "live.gap"), median(r, "day.gap"), median(r, "resize.gap"), median(r, "theme.gap"),
                median(r, "gap"), worst(r, "gap")});
        md.append(String.format(Locale.ROOT, "%nThe goal: no FX-thread stall over %.0f ms with 20 charts open.%n", GOAL_MS));
        for (String kind : List.of("livechart", "linechart")) {
            List<Map<String, Double>> r = results.get(kind);
            md.append(String.format(Locale.ROOT, "- %s: the charts' work (live, 24 h, resize) %s (median of runs %.1f ms, worst %.1f ms); "
                            + "the theme switch %s (median %.1f ms, worst %.1f ms; the bare window's: median %.1f ms, worst %.1f ms).%n",
                    KINDS.get(kind), verdict(r, "chartStall"), median(r, "chartStall"), worst(r, "chartStall"),
                    verdict(r, "theme.stall"), median(r, "theme.stall"), worst(r, "theme.stall"),
                    median(results.get("bare"), "theme.stall"), worst(results.get("bare"), "theme.stall")));
        }
        md.append("\nSee [charts](charts.md) for what these numbers decided.\n");
        return md.toString();
    }

    /** One table row per chart kind: its name, then {@code cells} of its runs in {@code format}. */
    private static void rows(StringBuilder md, Map<String, List<Map<String, Double>>> results, String format,
            Function<List<Map<String, Double>>, Object[]> cells) {
        results.forEach((kind, runs) -> md.append("| ").append(KINDS.get(kind)).append(" | ")
                .append(String.format(Locale.ROOT, format, cells.apply(runs))).append(" |\n"));
    }

    private static String verdict(List<Map<String, Double>> runs, String key) {
        return worst(runs, key) <= GOAL_MS ? "met in every run" : median(runs, key) <= GOAL_MS ? "met in the median run, not in the worst" : "not met";
    }

    private static double median(List<Map<String, Double>> runs, String key) {
        return median(runs.stream().map(m -> m.getOrDefault(key, Double.NaN)).toList());
    }

    private static double worst(List<Map<String, Double>> runs, String key) {
        return runs.stream().mapToDouble(m -> m.getOrDefault(key, Double.NaN)).max().orElse(Double.NaN);
    }

    static double median(List<Double> values) {
        return Timing.median(values.stream().mapToDouble(Double::doubleValue).filter(v -> !Double.isNaN(v)).toArray());
    }
}
