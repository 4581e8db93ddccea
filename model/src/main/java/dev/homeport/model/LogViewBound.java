package dev.homeport.model;

/**
 * How much of a service's log a Logs tab keeps (the newest lines): at most {@code maxLines} lines and {@code maxMib}
 * MiB of their text, whichever is reached first. The search, level and source filters look through what is kept.
 */
public record LogViewBound(int maxLines, int maxMib) {
    public static final int MIN_LINES = 10_000;
    public static final int MAX_LINES = 10_000_000;
    public static final int MIN_MIB = 16;
    public static final int MAX_MIB = 4096;
    public static final int DEFAULT_LINES = 1_000_000;
    public static final int DEFAULT_MIB = 256;

    public LogViewBound {
        if (maxLines < MIN_LINES || maxLines > MAX_LINES) {
            throw new ValidationException("maxLines", "must be between 10,000 and 10,000,000, got " + String.format(java.util.Locale.ROOT, "%,d", maxLines));
        }
        if (maxMib < MIN_MIB || maxMib > MAX_MIB) {
            throw new ValidationException("maxMib", "must be between " + MIN_MIB + " and " + MAX_MIB + " MiB, got " + maxMib);
        }
    }

    public static LogViewBound defaults() {
        return new LogViewBound(DEFAULT_LINES, DEFAULT_MIB);
    }

    public long maxBytes() {
        return (long) maxMib << 20;
    }
}
