package dev.homeport.model;

import java.time.Duration;

/**
 * What makes a crash loop of a live release: {@code crashes} exits nobody asked for within {@code window}
 * (whole seconds). The desktop app's crash watch marks such a release CRASHED and tells the operator.
 */
public record CrashLoopPolicy(int crashes, Duration window) {
    public static final int MIN_CRASHES = 1;
    public static final int MAX_CRASHES = 100;
    public static final int MIN_WINDOW_SECONDS = 10;
    public static final int MAX_WINDOW_SECONDS = 3600;
    public static final int DEFAULT_CRASHES = 3;
    public static final int DEFAULT_WINDOW_SECONDS = 120;

    public CrashLoopPolicy {
        if (crashes < MIN_CRASHES || crashes > MAX_CRASHES) {
            throw new ValidationException("crashes", "must be between " + MIN_CRASHES + " and " + MAX_CRASHES + ", got " + crashes);
        }
        if (window == null) {
            throw new ValidationException("window", "is required");
        }
        long seconds = window.toSeconds();
        if (window.toNanosPart() != 0 || seconds < MIN_WINDOW_SECONDS || seconds > MAX_WINDOW_SECONDS) {
            throw new ValidationException("window", "must be whole seconds between " + MIN_WINDOW_SECONDS + " s and 1 h ("
                    + MAX_WINDOW_SECONDS + " s), got " + describe(window));
        }
    }

    public CrashLoopPolicy(int crashes, int windowSeconds) {
        this(crashes, Duration.ofSeconds(windowSeconds));
    }

    public static CrashLoopPolicy defaults() {
        return new CrashLoopPolicy(DEFAULT_CRASHES, DEFAULT_WINDOW_SECONDS);
    }

    public int windowSeconds() {
        return (int) window.toSeconds();
    }

    private static String describe(Duration window) {
        return window.toNanosPart() == 0 ? window.toSeconds() + " s" : window.toMillis() + " ms";
    }
}
