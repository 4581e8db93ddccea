package dev.homeport.app.desktop.charts;

import dev.homeport.ssh.netdata.Sample;
import dev.homeport.ssh.netdata.MetricsRange;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import javafx.application.Platform;
import javafx.geometry.HPos;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.control.Label;
import javafx.scene.layout.Background;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Text;

/**
 * A live line chart for node and container metrics: a title, a legend, a time axis,
 * a value axis in the chart's {@link UnitFormat}, a readout under the mouse, and a
 * message in place of the lines ("No data yet", "Netdata not available").
 *
 * <p>It draws on one Canvas rather than a node per point (see docs/charts.md for the
 * measurement behind that), and keeps only the points inside its window: {@link #append}
 * drops those older than the newest point minus the window.
 *
 * <p><b>Threads:</b> every method must be called on the FX thread, and each is cheap
 * there (no layout above the chart, one draw per pulse). Metrics arrive on background
 * threads: hand them over with {@code Platform.runLater(() -> chart.append(t, values))}.
 *
 * <p>Series colours are the theme's looked-up colours (live-chart.css), read from the
 * legend's swatches, so a theme switch recolours the lines too.
 */
public final class LiveChart extends Region {
    /** Shown while the chart has no points and the caller has set no message of its own. */
    public static final String NO_DATA = "No data yet";

    private final SeriesData data = new SeriesData();
    private final Plot plot = new Plot(data);
    private final Label title = new Label();
    private final FlowPane legend = new FlowPane(5, 2);
    private final BorderPane layout = new BorderPane();
    private List<String> names = List.of();
    private Duration window = MetricsRange.LIVE.span();
    private String message;

    public LiveChart(String title, UnitFormat unit) {
        getStyleClass().add("live-chart");
        this.title.setText(title);
        this.title.getStyleClass().add("live-chart-title");
        this.title.setMinWidth(Region.USE_PREF_SIZE); // the legend wraps instead
        legend.getStyleClass().add("live-chart-legend");
        legend.setAlignment(Pos.CENTER_RIGHT);
        legend.setRowValignment(VPos.CENTER);
        legend.setPrefWrapLength(200);
        HBox.setHgrow(legend, Priority.ALWAYS);
        HBox header = new HBox(12, this.title, legend);
        header.setAlignment(Pos.CENTER_LEFT);
        header.getStyleClass().add("live-chart-header");
        layout.setTop(header);
        layout.setCenter(plot);
        getChildren().add(layout);
        plot.setUnit(unit);
        updateMessage();
    }

    /** Starts over with these series (in the order of the values given to {@link #append}) and no points. */
    public void setSeries(List<String> seriesNames) {
        checkThread();
        names = List.copyOf(seriesNames);
        data.reset(names.size());
        legend.getChildren().clear();
        for (int i = 0; i < names.size(); i++) {
            Region swatch = new Region();
            swatch.getStyleClass().addAll("live-chart-swatch", "series-" + i % 8);
            swatch.backgroundProperty().addListener(o -> updateColors());
            Text entry = new Text(names.get(i));
            entry.getStyleClass().add("live-chart-legend-entry");
            if (i > 0) {
                FlowPane.setMargin(swatch, new Insets(0, 0, 0, 6));
            }
            legend.getChildren().addAll(swatch, entry);
        }
        updateColors();
        updateMessage();
    }

    /**
     * Adds a point: one value per series (NaN for a gap), at a time after the newest point
     * (a point not newer is ignored). Points older than the window are dropped.
     */
    public void append(long epochSecond, double... values) {
        checkThread();
        if (data.append(epochSecond, values)) {
            data.dropBefore(epochSecond - window.toSeconds());
            changed();
        }
    }

    /** Replaces every point at once, such as a range of history; samples need not be sorted. */
    public void replace(List<Sample> samples) {
        checkThread();
        data.replace(samples);
        if (data.size() > 0) {
            data.dropBefore(data.newest() - window.toSeconds());
        }
        changed();
    }

    /** How far back the chart shows, ending at the newest point; a shorter window drops the older points. */
    public void setWindow(Duration window) {
        checkThread();
        if (window.toSeconds() < 1) {
            throw new IllegalArgumentException("A chart window must be at least a second, got " + window);
        }
        this.window = window;
        if (data.size() > 0) {
            data.dropBefore(data.newest() - window.toSeconds());
        }
        plot.setWindowSeconds(window.toSeconds());
        changed();
    }

    /** Draws these moments across the chart (those inside its window); an empty list takes them away. */
    public void setMarkers(List<ChartMarker> markers) {
        checkThread();
        plot.setMarkers(markers);
    }

    /** What clicking a marker does. */
    public void setOnMarker(java.util.function.Consumer<ChartMarker> action) {
        plot.setOnMarker(action);
    }

    /** The markers inside the window when the chart was last drawn. */
    public List<ChartMarker> markersShown() {
        return plot.markersShown();
    }

    /** Where a shown marker's line is, in this chart's coordinates (NaN when not shown): for tests that click it. */
    public javafx.geometry.Point2D markerPoint(ChartMarker marker) {
        double x = plot.markerX(marker);
        if (Double.isNaN(x)) {
            return null;
        }
        javafx.geometry.Point2D inScene = plot.localToScene(x, plot.getHeight() / 2);
        return sceneToLocal(inScene);
    }

    public Duration getWindow() {
        return window;
    }

    /** Shows {@code text} (such as "Netdata not available") over the chart; null goes back to the data. */
    public void setMessage(String text) {
        checkThread();
        message = text;
        updateMessage();
    }

    /** The message the chart shows now: the caller's, {@link #NO_DATA}, or null when it shows its lines. */
    public String shownMessage() {
        return plot.message();
    }

    public void setTitle(String text) {
        checkThread();
        title.setText(text);
    }

    public void setUnit(UnitFormat unit) {
        checkThread();
        plot.setUnit(unit);
    }

    /** The time zone of the time axis; the system's by default. */
    public void setZone(ZoneId zone) {
        checkThread();
        plot.setZone(zone);
    }

    public List<String> seriesNames() {
        return names;
    }

    /** How many points the chart holds, all series together counted once per time. */
    public int pointCount() {
        return data.size();
    }

    /** The labels on the value axis and on the time axis as last drawn. */
    public List<String> valueAxisLabels() {
        return plot.yLabels();
    }

    public List<String> timeAxisLabels() {
        return plot.timeLabels();
    }

    private void changed() {
        updateMessage();
        plot.redraw();
    }

    private void updateMessage() {
        plot.showMessage(message != null ? message : data.size() == 0 ? NO_DATA : null);
    }

    private void updateColors() {
        Color[] colors = new Color[names.size()];
        for (int i = 0; i < colors.length; i++) {
            Region swatch = (Region) legend.getChildren().get(2 * i);
            colors[i] = fillOf(swatch.getBackground());
        }
        plot.configure(names, colors);
    }

    private static Color fillOf(Background background) {
        return background != null && !background.getFills().isEmpty() && background.getFills().getFirst().getFill() instanceof Color c
                ? c : Color.GRAY;
    }

    private static void checkThread() {
        if (!Platform.isFxApplicationThread()) {
            throw new IllegalStateException("LiveChart is used on the FX thread only; hand data over with Platform.runLater");
        }
    }

    @Override
    protected void layoutChildren() {
        layoutInArea(layout, snappedLeftInset(), snappedTopInset(), getWidth() - snappedLeftInset() - snappedRightInset(),
                getHeight() - snappedTopInset() - snappedBottomInset(), 0, HPos.LEFT, VPos.TOP);
    }

    @Override
    protected double computePrefWidth(double height) {
        return snappedLeftInset() + layout.prefWidth(-1) + snappedRightInset();
    }

    @Override
    protected double computePrefHeight(double width) {
        return snappedTopInset() + layout.prefHeight(-1) + snappedBottomInset();
    }

    @Override
    protected double computeMinWidth(double height) {
        return snappedLeftInset() + layout.minWidth(-1) + snappedRightInset();
    }

    @Override
    protected double computeMinHeight(double width) {
        return snappedTopInset() + layout.minHeight(-1) + snappedBottomInset();
    }

    @Override
    public String getUserAgentStylesheet() {
        return LiveChart.class.getResource("live-chart.css").toExternalForm();
    }
}
