package dev.homeport.app.desktop.charts;

import java.util.Locale;

/**
 * How a chart writes its values. Byte units scale by 1024 (KiB, MiB, GiB…);
 * {@link #divisor(double)} gives the scale a whole axis shares, so its ticks read alike.
 */
public enum UnitFormat {
    PERCENT, BYTES, BYTES_PER_SECOND, PLAIN;

    private static final String[] BYTE_UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    private static final String[] PLAIN_UNITS = {"", "k", "M", "G", "T", "P"};

    /** The power of the unit's base that brings {@code max} below the base (1 for percent). */
    public double divisor(double max) {
        return Math.pow(base(), exponent(max));
    }

    /** A value on its own, scaled to its own size: "12.5 MiB/s". */
    public String format(double value) {
        return format(value, divisor(Math.abs(value)));
    }

    /** A value scaled by {@code divisor} (from {@link #divisor(double)}), as an axis writes its ticks. */
    public String format(double value, double divisor) {
        if (Double.isNaN(value)) {
            return "–";
        }
        double scaled = value / divisor;
        String number = Math.abs(scaled) >= 100 || scaled == Math.rint(scaled)
                ? String.format(Locale.ROOT, "%.0f", scaled)
                : String.format(Locale.ROOT, Math.abs(scaled) >= 10 ? "%.1f" : "%.2f", scaled).replaceFirst("\\.?0+$", "");
        return switch (this) {
            case PERCENT -> number + " %";
            case BYTES -> number + " " + BYTE_UNITS[exponentOf(divisor)];
            case BYTES_PER_SECOND -> number + " " + BYTE_UNITS[exponentOf(divisor)] + "/s";
            case PLAIN -> number + PLAIN_UNITS[exponentOf(divisor)];
        };
    }

    private double base() {
        return switch (this) {
            case PERCENT -> 1;
            case BYTES, BYTES_PER_SECOND -> 1024;
            case PLAIN -> 1000;
        };
    }

    private int exponent(double max) {
        if (this == PERCENT || !(max >= base())) {
            return 0;
        }
        return (int) Math.min(BYTE_UNITS.length - 1, Math.floor(Math.log(max) / Math.log(base())));
    }

    private int exponentOf(double divisor) {
        return this == PERCENT ? 0 : (int) Math.round(Math.log(divisor) / Math.log(base()));
    }
}
