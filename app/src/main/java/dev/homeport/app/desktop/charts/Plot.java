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
 * Grid and axis colours come from CSS ({@code -hp-grid-color}, {@code -hp-axis-color}).
 */
final class Plot extends Region {
    private static final StyleablePropertyFactory<Plot> CSS = new StyleablePropertyFactory<>(Region.getClassCssMetaData());
    private static final DateTimeFormatter READOUT_TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final double TIME_LABEL_SPACING = 72;
    private static final double TOP = 6;
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
        setMinSize(80, 60);
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
        double mw = Math.min(w - 20, message.prefWidth(-1));
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
        Frame f = new Frame(axisWidth + 8, TOP, w - RIGHT, bottom, left, right, scale);
        if (f.width() <= 0 || f.height() <= 0) {
            return;
        }
        drawYAxis(g, f, ys);
        drawTimeAxis(g, f);
        g.save();
        g.beginPath();
        g.rect(f.x0(), f.y0() - 1, f.width(), f.height() + 2);
        g.clip();
        for (int s = 0; s < data.seriesCount(); s++) {
            drawSeries(g, f, s, first, last);
        }
        g.restore();
        drawHover(g, f, first);
        yLabels = ys;
    }

    /** Where the data goes on the canvas: the plot rectangle and the time and value ranges it shows. */
    private record Frame(double x0, double y0, double x1, double y1, long from, long to, NiceScale scale) {
        double width() {
            return x1 - x0;
        }

        double height() {
            return y1 - y0;
        }

        double x(double epochSecond) {
            return x0 + (epochSecond - from) / (double) (to - from) * width();
        }

        double y(double value) {
            return y1 - (value - scale.min()) / (scale.max() - scale.min()) * height();
        }

        double time(double x) {
            return from + (x - x0) / width() * (to - from);
        }
    }

    private void drawYAxis(GraphicsContext g, Frame f, List<String> labels) {
        g.setLineWidth(1);
        g.setStroke(gridColor.getValue());
        g.setFill(axisColor.getValue());
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.CENTER);
        for (int i = 0; i < labels.size(); i++) {
            double y = crisp(f.y(f.scale().tick(i)));
            g.strokeLine(f.x0(), y, f.x1(), y);
            g.fillText(labels.get(i), f.x0() - 6, y);
        }
    }

    private void drawTimeAxis(GraphicsContext g, Frame f) {
        List<String> labels = new ArrayList<>();
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        for (TimeTicks.Tick tick : TimeTicks.between(f.from(), f.to(), f.width(), TIME_LABEL_SPACING, zone)) {
            double x = crisp(f.x(tick.epochSecond()));
            g.strokeLine(x, f.y0(), x, f.y1());
            double half = textWidth(tick.label()) / 2;
            if (x - half >= 0 && x + half <= getWidth()) {
                g.fillText(tick.label(), x, f.y1() + 4);
                labels.add(tick.label());
            }
        }
        timeLabels = labels;
    }

    /**
     * One series as a polyline. Where several points fall in one pixel column (a day in
     * 300 pixels) the column becomes a vertical stroke from its lowest to its highest
     * point, so the path stays as long as the chart is wide and no peak is lost. NaN is a gap.
     */
    private void drawSeries(GraphicsContext g, Frame f, int series, int first, int last) {
        g.setStroke(series < colors.length ? colors[series] : Color.GRAY);
        g.setLineWidth(1.6);
        g.beginPath();
        boolean open = false;
        int column = Integer.MIN_VALUE;
        double columnX = 0;
        double low = 0;
        double high = 0;
        double end = 0;
        for (int i = first; i <= last; i++) {
            double v = data.value(series, i);
            if (Double.isNaN(v)) {
                if (open) {
                    closeColumn(g, columnX, low, high, end);
                }
                open = false;
                continue;
            }
            double x = f.x(data.time(i));
            double y = f.y(v);
            if (open && (int) x == column) {
                low = Math.min(low, y);
                high = Math.max(high, y);
                end = y;
                continue;
            }
            if (open) {
                closeColumn(g, columnX, low, high, end);
                g.lineTo(x, y);
            } else {
                g.moveTo(x, y);
            }
            open = true;
            column = (int) x;
            columnX = x;
            low = y;
            high = y;
            end = y;
        }
        if (open) {
            closeColumn(g, columnX, low, high, end);
        }
        g.stroke();
    }

    private static void closeColumn(GraphicsContext g, double x, double low, double high, double end) {
        if (high > low) {
            g.lineTo(x, low);
            g.lineTo(x, high);
            g.lineTo(x, end);
        }
    }

    private void drawHover(GraphicsContext g, Frame f, int first) {
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
        double x = crisp(f.x(data.time(index)));
        g.setStroke(axisColor.getValue());
        g.setLineWidth(1);
        g.strokeLine(x, f.y0(), x, f.y1());
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

    /** Half-pixel positions make one-pixel lines sharp instead of two half-tone pixels. */
    private static double crisp(double v) {
        return Math.floor(v) + 0.5;
    }

    @Override
    public List<CssMetaData<? extends Styleable, ?>> getCssMetaData() {
        return CSS.getCssMetaData();
    }
}
