package dev.homeport.app.desktop.charts;

/** Where the data goes on the canvas: the plot rectangle, and the time and value ranges it shows. */
record PlotFrame(double x0, double y0, double x1, double y1, long from, long to, NiceScale scale) {
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
