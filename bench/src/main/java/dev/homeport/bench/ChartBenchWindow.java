package dev.homeport.bench;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.RowConstraints;
import javafx.stage.Stage;

/**
 * One run of the chart benchmark in its own JVM: 20 charts of one kind (argument: bare,
 * linechart or livechart) in a 5×4 grid, each with 2–4 series. A driver thread feeds them
 * the way the node page does, handing data to the FX thread with runLater and never waiting
 * for it: a live minute, one point per series per second; then 24 hours of 1440 points per
 * series replaced at once, three times; then one resize and one theme switch. Each chart's
 * data comes in a runnable of its own, as the node page hands it over. It prints one
 * line, {@code RESULT phase.metric=ms …}, for {@link ChartBench}.
 */
public final class ChartBenchWindow extends Application {
    static final int CHARTS = 20;
    private static final int WARM_UP_TICKS = 5;
    private static final int LIVE_TICKS = 15;
    private static final int DAY_REPLACES = 3;
    private static final long DAY = 86_400;
    private static final long LIVE = 60;

    private final List<BenchChart> charts = new ArrayList<>();
    private final Random random = new Random(42);
    private double[][] walk;
    private StallMeter meter;
    private Stage stage;

    @Override
    public void start(Stage stage) {
        this.stage = stage;
        String kind = getParameters().getRaw().getFirst();
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        GridPane grid = new GridPane(8, 8);
        grid.setStyle("-fx-padding: 8;");
        for (int c = 0; c < 5; c++) {
            ColumnConstraints column = new ColumnConstraints();
            column.setPercentWidth(20);
            column.setHgrow(Priority.ALWAYS);
            grid.getColumnConstraints().add(column);
        }
        for (int r = 0; r < 4; r++) {
            RowConstraints row = new RowConstraints();
            row.setPercentHeight(25);
            row.setVgrow(Priority.ALWAYS);
            grid.getRowConstraints().add(row);
        }
        walk = new double[CHARTS][];
        for (int i = 0; i < CHARTS; i++) {
            int seriesCount = 2 + i % 3;
            List<String> names = IntStream.range(0, seriesCount).mapToObj(s -> "series " + s).toList();
            BenchChart chart = BenchChart.create(kind, "Chart " + (i + 1), names);
            charts.add(chart);
            walk[i] = new double[seriesCount];
            grid.add(chart.node(), i % 5, i / 5);
        }
        Scene scene = new Scene(grid, 1400, 900);
        stage.setScene(scene);
        stage.setTitle("Chart benchmark: " + kind);
        stage.show();
        meter = new StallMeter(scene);
        Thread.ofPlatform().daemon().name("chart-bench-driver").start(this::drive);
    }

    /** The scenario, on its own thread: the FX thread only ever runs short handed-over updates. */
    private void drive() {
        try {
            long now = System.currentTimeMillis() / 1000;
            long[] minute = times(now - LIVE, LIVE + 1, 1);
            List<Runnable> prefill = charts.stream().map(c -> c.replacement(minute, values(c, minute.length))).toList();
            onFx(() -> prefill.forEach(Runnable::run));
            Thread.sleep(1500);
            long t = now;
            for (int tick = 0; tick < WARM_UP_TICKS + LIVE_TICKS; tick++) {
                long second = ++t;
                String phase = tick < WARM_UP_TICKS ? null : "live";
                List<double[]> points = charts.stream().map(this::step).toList();
                for (int i = 0; i < charts.size(); i++) {
                    BenchChart chart = charts.get(i);
                    double[] point = points.get(i);
                    boolean first = i == 0;
                    Platform.runLater(() -> {
                        meter.phase(phase);
                        meter.update(first, () -> chart.append(second, point));
                    });
                }
                Thread.sleep(1000);
            }
            onFx(() -> charts.forEach(c -> c.setWindowSeconds(DAY)));
            for (int replace = 0; replace < DAY_REPLACES; replace++) {
                long[] day = times(t + replace * 60 - DAY + 60, 1440, 60);
                List<double[][]> history = charts.stream().map(c -> values(c, day.length)).toList();
                for (int i = 0; i < charts.size(); i++) {
                    Runnable replacement = charts.get(i).replacement(day, history.get(i));
                    boolean first = i == 0;
                    Platform.runLater(() -> {
                        meter.phase("day");
                        meter.update(first, replacement);
                    });
                }
                Thread.sleep(1500);
            }
            Platform.runLater(() -> {
                meter.phase("resize");
                meter.update(() -> {
                    stage.setWidth(1150);
                    stage.setHeight(760);
                });
            });
            Thread.sleep(1500);
            Platform.runLater(() -> {
                meter.phase("theme");
                meter.update(() -> Application.setUserAgentStylesheet(new PrimerDark().getUserAgentStylesheet()));
            });
            Thread.sleep(1500);
            onFx(() -> {
                meter.phase(null);
                meter.stop();
            });
            report();
            Platform.exit();
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    private void report() throws Exception {
        StringBuilder line = new StringBuilder("RESULT");
        onFx(() -> meter.phases().forEach((name, phase) -> {
            line.append(String.format(Locale.ROOT, " %s.stall=%.2f %s.gap=%.2f %s.update=%.3f %s.updateMax=%.3f %s.pulse=%.3f %s.pulseMax=%.3f",
                    name, phase.longestStall, name, phase.longestGap, name, ChartBench.median(phase.updates), name, max(phase.updates),
                    name, ChartBench.median(phase.pulsesAfterUpdate), name, max(phase.pulsesAfterUpdate)));
            line.append(String.format(Locale.ROOT, " %s.updateCpu=%.3f %s.updateCpuMax=%.3f %s.pulseCpu=%.3f %s.pulseCpuMax=%.3f",
                    name, ChartBench.median(phase.updatesCpu), name, max(phase.updatesCpu),
                    name, ChartBench.median(phase.pulsesAfterUpdateCpu), name, max(phase.pulsesAfterUpdateCpu)));
        }));
        System.out.println(line);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    private static long[] times(long first, long count, long step) {
        long[] times = new long[(int) count];
        for (int i = 0; i < count; i++) {
            times[i] = first + i * step;
        }
        return times;
    }

    /** {@code count} points per series of a random walk between 0 and 100, like a CPU chart. */
    private double[][] values(BenchChart chart, int count) {
        int index = charts.indexOf(chart);
        double[][] values = new double[walk[index].length][count];
        for (int i = 0; i < count; i++) {
            double[] point = step(chart);
            for (int s = 0; s < point.length; s++) {
                values[s][i] = point[s];
            }
        }
        return values;
    }

    private double[] step(BenchChart chart) {
        double[] state = walk[charts.indexOf(chart)];
        for (int s = 0; s < state.length; s++) {
            state[s] = Math.clamp(state[s] + random.nextGaussian() * 4 + (20 + 15 * s - state[s]) * 0.05, 0, 100);
        }
        return state.clone();
    }

    private static void onFx(Runnable action) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                action.run();
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        });
        done.get();
    }
}
