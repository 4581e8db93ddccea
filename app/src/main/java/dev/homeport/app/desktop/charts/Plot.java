package dev.homeport.app.desktop.charts;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import javafx.css.CssMetaData;
import javafx.css.Styleable;
import javafx.css.StyleableProperty;
import javafx.css.StyleablePropertyFactory;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;

/**
 * The drawing part of a {@link LiveChart}: axes, grid and lines on one Canvas,
 * with the message and the hover readout as labels above it. A change only marks
 * this region for layout ({@code setNeedsLayout}), which lays out nothing above
 * it, and the next pulse draws once however many changes came before it.
 * Grid lines are one-pixel rectangles, not strokes: the software renderer fills those
 * directly, where each stroked line goes through its anti-aliasing rasteriser.
 * Grid and axis colours come from CSS ({@code -hp-grid-color}, {@code -hp-axis-color}).
 */
final class Plot extends Region {
    private static final StyleablePropertyFactory<Plot> CSS = new StyleablePropertyFactory<>(Region.getClassCssMetaData());
    private static final double MARKER_REACH = 5;
    private static final DateTimeFormatter READOUT_TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final double TIME_LABEL_SPACING = 72;
    private static final double TOP = 9; // room for half of the top value label
    private static final double RIGHT = 10;

    private final StyleableProperty<Color> gridColor = CSS.createStyleableColorProperty(this, "gridColor", "-hp-grid-color", p -> p.gridColor, Color.LIGHTGRAY);
    private final StyleableProperty<Color> axisColor = CSS.createStyleableColorProperty(this, "axisColor", "-hp-axis-color", p -> p.axisColor, Color.GRAY);
    private final Canvas canvas = new Canvas();
    private final Label message = new Label();
    private Label readout; // made on the first hover: every label costs CSS time on a theme switch
    private final Text measure = new Text();
    private final Font font = Font.font(11);
    private final SeriesData data;
    private List<String> names = List.of();
    private Color[] colors = new Color[0];
    private UnitFormat unit = UnitFormat.PLAIN;
    private long windowSeconds = 60;
    private ZoneId zone = ZoneId.systemDefault();
    private double hoverX = Double.NaN;
    private List<String> yLabels = List.of();
    private List<String> timeLabels = List.of();
    private PlotFrame frame;

    Plot(SeriesData data) {
        this.data = data;
        getStyleClass().add("live-chart-plot");
        message.getStyleClass().add("live-chart-message");
        message.setWrapText(true);
        message.setManaged(false);
        measure.setFont(font);
        canvas.setManaged(false); // it follows this region's size, never sets it
        getChildren().add(canvas);
        ((javafx.beans.value.ObservableValue<?>) gridColor).addListener(o -> redraw());
        ((javafx.beans.value.ObservableValue<?>) axisColor).addListener(o -> redraw());
        setOnMouseMoved(e -> hover(e.getX()));
        setOnMouseExited(e -> hover(Double.NaN));
        setOnMouseClicked(e -> {
            ChartMarker hit = markerAt(e.getX());
            if (hit != null && onMarker != null) {
                onMarker.accept(hit);
                e.consume();
            }
        });
        setMinSize(80, 60);
    }

    private List<ChartMarker> markers = List.of();
    private List<ChartMarker> markersShown = List.of();
    private java.util.function.Consumer<ChartMarker> onMarker;
    private javafx.scene.control.Tooltip tip;
    private ChartMarker tipFor;

    void setMarkers(List<ChartMarker> markers) {
        this.markers = List.copyOf(markers);
        redraw();
    }

    void setOnMarker(java.util.function.Consumer<ChartMarker> action) {
        onMarker = action;
    }

    /** The markers inside the window when last drawn. */
    List<ChartMarker> markersShown() {
        return markersShown;
    }

    /** The marker drawn within a few pixels of {@code x}, or null. */
    ChartMarker markerAt(double x) {
        if (frame == null) {
            return null;
        }
        ChartMarker best = null;
        double nearest = MARKER_REACH + 1;
        for (ChartMarker marker : markersShown) {
            double distance = Math.abs(frame.x(marker.epochSecond()) - x);
            if (distance <= MARKER_REACH && distance < nearest) {
                best = marker;
                nearest = distance;
            }
        }
        return best;
    }

    /** Where a marker's line is on the canvas, or NaN when it is outside the window. */
    double markerX(ChartMarker marker) {
        return frame == null || !markersShown.contains(marker) ? Double.NaN : frame.x(marker.epochSecond());
    }

    void redraw() {
        setNeedsLayout(true);
    }

    void configure(List<String> seriesNames, Color[] seriesColors) {
        names = List.copyOf(seriesNames);
        colors = seriesColors.clone();
        redraw();
    }

    void setUnit(UnitFormat unit) {
        this.unit = unit;
        redraw();
    }

    void setWindowSeconds(long seconds) {
        windowSeconds = seconds;
        redraw();
    }

    void setZone(ZoneId zone) {
        this.zone = zone;
        redraw();
    }

    /** Shows {@code text} over the plot, or takes the message away for null (a hidden label would still cost CSS time). */
    void showMessage(String text) {
        message.setText(text == null ? "" : text);
        if (text == null) {
            getChildren().remove(message);
        } else if (message.getParent() == null) {
            getChildren().add(message);
        }
    }

    /** The message shown, or null. */
    String message() {
        return message.getParent() == null ? null : message.getText();
    }

    /** Where the lines went when last drawn; null before that. */
    PlotFrame frame() {
        return frame;
    }

    List<String> yLabels() {
        return yLabels;
    }

    List<String> timeLabels() {
        return timeLabels;
    }

    @Override
    protected double computePrefWidth(double height) {
        return 320;
    }

    @Override
    protected double computePrefHeight(double width) {
        return 160;
    }

    @Override
    protected void layoutChildren() {
        double w = getWidth();
        double h = getHeight();
        if (canvas.getWidth() != w || canvas.getHeight() != h) {
            canvas.setWidth(w);
            canvas.setHeight(h);
        }
        // A message as wide as the plot covers the axis labels on its lines whole, rather than cutting one in half.
        double mw = Math.min(w, message.prefWidth(-1));
        double mh = message.prefHeight(mw);
        message.resizeRelocate(Math.round((w - mw) / 2), Math.round((h - mh) / 2), mw, mh);
        draw(canvas.getGraphicsContext2D(), w, h);
    }

    private void draw(GraphicsContext g, double w, double h) {
        g.clearRect(0, 0, w, h);
        g.setFont(font);
        long right = data.size() > 0 ? data.newest() : Instant.now().getEpochSecond();
        long left = right - windowSeconds;
        int first = Math.max(0, data.indexAtOrBefore(left));
        int last = data.size() - 1;
        double[] range = last >= first ? data.range(first, last) : new double[] {0, 0};
        double bottom = h - textHeight() - 6;
        NiceScale scale = NiceScale.of(range[0], range[1], unit, Math.max(2, (int) ((bottom - TOP) / 28) + 1));
        List<String> ys = new ArrayList<>();
        double axisWidth = 0;
        for (int i = 0; i < scale.tickCount(); i++) {
            String label = unit.format(scale.tick(i), scale.divisor());
            ys.add(label);
            axisWidth = Math.max(axisWidth, textWidth(label));
        }
        PlotFrame f = new PlotFrame(axisWidth + 8, TOP, w - RIGHT, bottom, left, right, scale);
        if (f.width() <= 0 || f.height() <= 0) {
            return;
        }
        drawYAxis(g, f, ys);
        drawTimeAxis(g, f);
        for (int s = 0; s < data.seriesCount(); s++) {
            SeriesLine.draw(g, f, data, s, first, last, s < colors.length ? colors[s] : Color.GRAY);
        }
        drawMarkers(g, f);
        drawHover(g, f, first);
        yLabels = ys;
        frame = f;
    }

    private void drawYAxis(GraphicsContext g, PlotFrame f, List<String> labels) {
        g.setFill(axisColor.getValue());
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.CENTER);
        for (int i = 0; i < labels.size(); i++) {
            double y = Math.floor(f.y(f.scale().tick(i)));
            g.setFill(gridColor.getValue());
            g.fillRect(f.x0(), y, f.width(), 1);
            g.setFill(axisColor.getValue());
            g.fillText(labels.get(i), f.x0() - 6, y);
        }
    }

    private void drawTimeAxis(GraphicsContext g, PlotFrame f) {
        List<String> labels = new ArrayList<>();
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        for (TimeTicks.Tick tick : TimeTicks.between(f.from(), f.to(), f.width(), TIME_LABEL_SPACING, zone)) {
            double x = Math.floor(f.x(tick.epochSecond()));
            g.setFill(gridColor.getValue());
            g.fillRect(x, f.y0(), 1, f.height());
            g.setFill(axisColor.getValue());
            double half = textWidth(tick.label()) / 2;
            if (x - half >= 0 && x + half <= getWidth()) {
                g.fillText(tick.label(), x, f.y1() + 4);
                labels.add(tick.label());
            }
        }
        timeLabels = labels;
    }

    private void drawMarkers(GraphicsContext g, PlotFrame f) {
        List<ChartMarker> shown = new ArrayList<>();
        List<Double> labelEnds = new ArrayList<>();
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        for (ChartMarker marker : markers) {
            if (marker.epochSecond() < f.from() || marker.epochSecond() > f.to()) {
                continue;
            }
            double x = Math.floor(f.x(marker.epochSecond())) + 0.5;
            Color color = switch (marker.kind()) {
                case LIVE -> Color.web("#2da44e");
                case FAILED, CRASHED -> Color.web("#cf222e");
                case ROLLED_BACK -> Color.web("#bf8700");
            };
            g.setStroke(color);
            g.setLineWidth(1.5);
            g.setLineDashes(4, 3);
            g.strokeLine(x, f.y0(), x, f.y1());
            g.setLineDashes();
            g.setFill(color);
            double width = textWidth(marker.label());
            double labelX = x + 3 + width <= f.x1() ? x + 3 : x - 3 - width;
            // Markers close together put their labels on rows below one another rather than over one another.
            int row = 0;
            while (row < labelEnds.size() && labelX < labelEnds.get(row) + 2) {
                row++;
            }
            if (row == labelEnds.size()) {
                labelEnds.add(0.0);
            }
            labelEnds.set(row, labelX + width);
            g.fillText(marker.label(), labelX, f.y0() + 1 + row * (textHeight() + 1));
            shown.add(marker);
        }
        markersShown = List.copyOf(shown);
    }

    private void drawHover(GraphicsContext g, PlotFrame f, int first) {
        int index = Double.isNaN(hoverX) ? -1 : data.indexAtOrBefore(f.time(hoverX) + 0.5);
        if (index < first || index < 0) {
            if (readout != null) {
                readout.setVisible(false);
            }
            return;
        }
        if (readout == null) {
            readout = new Label();
            readout.getStyleClass().add("live-chart-readout");
            readout.setManaged(false);
            readout.setMouseTransparent(true);
            getChildren().add(readout);
        }
        double x = Math.floor(f.x(data.time(index)));
        g.setFill(axisColor.getValue());
        g.fillRect(x, f.y0(), 1, f.height());
        StringBuilder text = new StringBuilder(READOUT_TIME.withZone(zone).format(Instant.ofEpochSecond(data.time(index))));
        for (int s = 0; s < data.seriesCount(); s++) {
            text.append('\n').append(s < names.size() ? names.get(s) : "series " + (s + 1)).append("  ")
                    .append(unit.format(data.value(s, index)));
        }
        readout.setText(text.toString());
        double rw = readout.prefWidth(-1);
        double rh = readout.prefHeight(rw);
        double rx = x + 8 + rw <= f.x1() ? x + 8 : x - 8 - rw;
        readout.resizeRelocate(Math.round(rx), Math.round(f.y0() + 4), rw, rh);
        readout.setVisible(true);
    }

    private void hover(double x) {
        hoverX = x;
        ChartMarker near = Double.isNaN(x) ? null : markerAt(x);
        setCursor(near != null && onMarker != null ? javafx.scene.Cursor.HAND : null);
        if (near != null && near != tipFor) {
            if (tip == null) {
                tip = new javafx.scene.control.Tooltip();
            }
            tip.setText(near.tooltip());
            javafx.scene.control.Tooltip.install(this, tip);
        } else if (near == null && tipFor != null) {
            javafx.scene.control.Tooltip.uninstall(this, tip);
        }
        tipFor = near;
        redraw();
    }

    private double textWidth(String text) {
        measure.setText(text);
        return measure.getLayoutBounds().getWidth();
    }

    private double textHeight() {
        measure.setText("0");
        return measure.getLayoutBounds().getHeight();
    }

    @Override
    public List<CssMetaData<? extends Styleable, ?>> getCssMetaData() {
        return CSS.getCssMetaData();
    }
}
