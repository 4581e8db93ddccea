package dev.homeport.bench;

import dev.homeport.app.desktop.charts.LiveChart;
import dev.homeport.ssh.netdata.Sample;
import dev.homeport.app.desktop.charts.UnitFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.ObservableList;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.util.StringConverter;

/**
 * One chart of the chart benchmark, whichever implementation draws it. Called on the FX thread
 * only, but for {@link #replacement}, which prepares a history on the driver's thread, as the
 * node page prepares the samples it fetched before it hands them over.
 */
interface BenchChart {
    Region node();

    /** One point per series at {@code epochSecond}; points older than the window go. */
    void append(long epochSecond, double[] values);

    /**
     * All points at once: {@code values[series][i]} at {@code times[i]}. Prepares them off the
     * FX thread and returns what puts them in the chart, to run on the FX thread.
     */
    Runnable replacement(long[] times, double[][] values);

    void setWindowSeconds(long seconds);

    /** The implementations measured, by the key {@code ChartBench} passes to its window. */
    static BenchChart create(String kind, String title, List<String> series) {
        return switch (kind) {
            case "bare" -> new Bare(title);
            case "linechart" -> new FxLineChart(title, series);
            case "livechart" -> new Live(title, series);
            default -> throw new IllegalArgumentException("unknown chart kind " + kind);
        };
    }

    /** The reference: a card of the same size with a title and nothing drawn. */
    final class Bare implements BenchChart {
        private final StackPane card;

        Bare(String title) {
            card = new StackPane(new Label(title));
            card.setStyle("-fx-border-color: -color-border-default; -fx-background-color: -color-bg-default;");
        }

        @Override
        public Region node() {
            return card;
        }

        @Override
        public void append(long epochSecond, double[] values) {
        }

        @Override
        public Runnable replacement(long[] times, double[][] values) {
            return () -> { };
        }

        @Override
        public void setWindowSeconds(long seconds) {
        }
    }

    /** Homeport's Canvas chart, as shipped. */
    final class Live implements BenchChart {
        private final LiveChart chart;

        Live(String title, List<String> series) {
            chart = new LiveChart(title, UnitFormat.PERCENT);
            chart.setSeries(series);
        }

        @Override
        public Region node() {
            return chart;
        }

        @Override
        public void append(long epochSecond, double[] values) {
            chart.append(epochSecond, values);
        }

        @Override
        public Runnable replacement(long[] times, double[][] values) {
            List<Sample> samples = new ArrayList<>(times.length);
            double[] row = new double[values.length];
            for (int i = 0; i < times.length; i++) {
                for (int s = 0; s < values.length; s++) {
                    row[s] = values[s][i];
                }
                samples.add(new Sample(times[i], row));
            }
            return () -> chart.replace(samples);
        }

        @Override
        public void setWindowSeconds(long seconds) {
            chart.setWindow(Duration.ofSeconds(seconds));
        }
    }

    /**
     * JavaFX's LineChart used as its documentation suggests for live data: animation and
     * symbols off, a fixed time axis moved along, old points removed from the front.
     */
    final class FxLineChart implements BenchChart {
        private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
        private final NumberAxis time = new NumberAxis();
        private final NumberAxis value = new NumberAxis();
        private final LineChart<Number, Number> chart = new LineChart<>(time, value);
        private final List<XYChart.Series<Number, Number>> series = new ArrayList<>();
        private long window = 60;

        FxLineChart(String title, List<String> names) {
            chart.setTitle(title);
            chart.setAnimated(false);
            chart.setCreateSymbols(false);
            time.setAnimated(false);
            value.setAnimated(false);
            time.setAutoRanging(false);
            time.setForceZeroInRange(false);
            value.setForceZeroInRange(true);
            time.setTickLabelFormatter(new StringConverter<>() {
                @Override
                public String toString(Number seconds) {
                    return TIME.format(Instant.ofEpochSecond(seconds.longValue()));
                }

                @Override
                public Number fromString(String text) {
                    throw new UnsupportedOperationException();
                }
            });
            for (String name : names) {
                XYChart.Series<Number, Number> s = new XYChart.Series<>();
                s.setName(name);
                series.add(s);
            }
            chart.getData().setAll(series);
        }

        @Override
        public Region node() {
            return chart;
        }

        @Override
        public void append(long epochSecond, double[] values) {
            for (int s = 0; s < series.size(); s++) {
                ObservableList<XYChart.Data<Number, Number>> data = series.get(s).getData();
                data.add(new XYChart.Data<>(epochSecond, values[s]));
                while (data.getFirst().getXValue().longValue() < epochSecond - window) {
                    data.removeFirst();
                }
            }
            moveAxis(epochSecond);
        }

        @Override
        public Runnable replacement(long[] times, double[][] values) {
            List<List<XYChart.Data<Number, Number>>> points = new ArrayList<>();
            for (int s = 0; s < series.size(); s++) {
                List<XYChart.Data<Number, Number>> column = new ArrayList<>(times.length);
                for (int i = 0; i < times.length; i++) {
                    column.add(new XYChart.Data<>(times[i], values[s][i]));
                }
                points.add(column);
            }
            return () -> {
                for (int s = 0; s < series.size(); s++) {
                    series.get(s).getData().setAll(points.get(s));
                }
                moveAxis(times[times.length - 1]);
            };
        }

        @Override
        public void setWindowSeconds(long seconds) {
            window = seconds;
        }

        private void moveAxis(long newest) {
            time.setLowerBound(newest - window);
            time.setUpperBound(newest);
            time.setTickUnit(Math.max(1, window / 6));
        }
    }
}
