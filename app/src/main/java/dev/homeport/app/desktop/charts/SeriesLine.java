package dev.homeport.app.desktop.charts;

import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;

/**
 * Draws one series of a {@link Plot}, inside its frame, in one of two ways by how dense the
 * points are (see docs/charts.md for the measurements behind both):
 * <ul>
 * <li><b>Sparse</b> (no more points than pixel columns, such as a live minute): a polyline.</li>
 * <li><b>Dense</b> (a day in 300 pixels): one filled rectangle per pixel column, from the
 * column's lowest to its highest point and reaching the previous column's last point, so the
 * trace stays joined and no peak is lost. The software renderer fills axis-aligned rectangles
 * directly, while stroking a path that runs up and down every column costs it about as much
 * as the chart's area, for every series of every chart, on every frame.</li>
 * </ul>
 * Neither needs a clip (which costs the software renderer a mask per chart): a line that
 * starts before the frame starts at the frame's edge. NaN is a gap.
 */
final class SeriesLine {
    static final double WIDTH = 1.6;

    private SeriesLine() {
    }

    static void draw(GraphicsContext g, PlotFrame f, SeriesData data, int series, int first, int last, Color color) {
        if (last - first + 1 > f.width()) {
            g.setFill(color);
            fillColumns(g, f, data, series, first, last);
        } else {
            g.setStroke(color);
            stroke(g, f, data, series, first, last);
        }
    }

    private static void stroke(GraphicsContext g, PlotFrame f, SeriesData data, int series, int first, int last) {
        g.setLineWidth(WIDTH);
        g.beginPath();
        boolean open = false;
        double previousX = Double.NaN;
        double previousY = Double.NaN;
        for (int i = first; i <= last; i++) {
            double v = data.value(series, i);
            if (Double.isNaN(v)) {
                open = false;
                previousX = Double.NaN;
                continue;
            }
            double x = f.x(data.time(i));
            double y = f.y(v);
            if (x < f.x0()) {
                previousX = x;
                previousY = y;
                continue;
            }
            if (!open) {
                if (Double.isNaN(previousX)) {
                    g.moveTo(x, y);
                } else {
                    g.moveTo(f.x0(), previousY + (y - previousY) * (f.x0() - previousX) / (x - previousX));
                    g.lineTo(x, y);
                }
                open = true;
            } else {
                g.lineTo(x, y);
            }
        }
        g.stroke();
    }

    private static void fillColumns(GraphicsContext g, PlotFrame f, SeriesData data, int series, int first, int last) {
        int left = (int) Math.ceil(f.x0());
        int right = (int) Math.floor(f.x0() + f.width());
        int column = Integer.MIN_VALUE;
        int drawnUpTo = Integer.MIN_VALUE;
        double low = 0;
        double high = 0;
        double end = Double.NaN;
        double joinFrom = Double.NaN;
        for (int i = first; i <= last; i++) {
            double v = data.value(series, i);
            int x = (int) Math.floor(f.x(data.time(i)));
            if (Double.isNaN(v) || x < left) {
                if (column != Integer.MIN_VALUE) {
                    drawnUpTo = fill(g, column, drawnUpTo, low, high, joinFrom);
                }
                column = Integer.MIN_VALUE;
                joinFrom = Double.NaN;
                end = Double.NaN;
                continue;
            }
            double y = f.y(v);
            x = Math.min(x, right - 1);
            if (x == column) {
                low = Math.min(low, y);
                high = Math.max(high, y);
            } else {
                if (column != Integer.MIN_VALUE) {
                    drawnUpTo = fill(g, column, drawnUpTo, low, high, joinFrom);
                    joinFrom = end;
                }
                column = x;
                low = y;
                high = y;
            }
            end = y;
        }
        if (column != Integer.MIN_VALUE) {
            fill(g, column, drawnUpTo, low, high, joinFrom);
        }
    }

    /**
     * Fills column {@code x} from {@code low} to {@code high} and on to {@code joinFrom} (the
     * previous column's last point, NaN after a gap), widened back over any columns skipped
     * since the last one drawn; returns the column drawn up to.
     */
    private static int fill(GraphicsContext g, int x, int drawnUpTo, double low, double high, double joinFrom) {
        double top = Double.isNaN(joinFrom) ? low : Math.min(low, joinFrom);
        double bottom = Double.isNaN(joinFrom) ? high : Math.max(high, joinFrom);
        int from = Double.isNaN(joinFrom) || drawnUpTo == Integer.MIN_VALUE ? x : Math.min(x, drawnUpTo + 1);
        g.fillRect(from, top - WIDTH / 2, x - from + 1, bottom - top + WIDTH);
        return x;
    }
}
