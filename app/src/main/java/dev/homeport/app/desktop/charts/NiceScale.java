package dev.homeport.app.desktop.charts;

/**
 * The y axis: from zero (or the lowest value, when below zero) to a round number
 * above the highest value, in steps of 1, 2 or 5 times a power of ten of the
 * axis's unit (so byte axes step by 256 MiB, not by 268,435,456).
 */
record NiceScale(double min, double max, double step, double divisor) {
    static NiceScale of(double lowest, double highest, UnitFormat unit, int maxTicks) {
        double low = Math.min(0, lowest);
        double high = Math.max(highest, 0);
        if (unit == UnitFormat.PERCENT && high <= 100 && low >= 0) {
            return new NiceScale(0, 100, 25, 1); // utilisation reads best against the whole 0–100 %
        }
        if (high - low <= 0 || Double.isNaN(high - low)) {
            high = low + 1;
        }
        double divisor = unit.divisor(Math.max(Math.abs(high), Math.abs(low)));
        double step = niceStep((high - low) / divisor / Math.max(1, maxTicks - 1)) * divisor;
        return new NiceScale(Math.floor(low / step) * step, Math.ceil(high / step) * step, step, divisor);
    }

    /** 1, 2, 2.5 or 5 times a power of ten, at least {@code rough}. */
    static double niceStep(double rough) {
        double power = Math.pow(10, Math.floor(Math.log10(rough)));
        double fraction = rough / power;
        double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
        return nice * power;
    }

    int tickCount() {
        return (int) Math.round((max - min) / step) + 1;
    }

    double tick(int i) {
        return min + i * step;
    }
}
