package dev.homeport.app.desktop.charts;

import javafx.scene.canvas.GraphicsContext;

/** Draws one series of a {@link Plot}. */
final class SeriesLine {
    private SeriesLine() {
    }

    /**
     * One series as a polyline. Where several points fall in one pixel column (a day in
     * 300 pixels) the column becomes a vertical stroke from its lowest to its highest
     * point, so the path stays as long as the chart is wide and no peak is lost. NaN is a gap.
     */
    static void stroke(GraphicsContext g, PlotFrame f, SeriesData data, int series, int first, int last) {
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
}
