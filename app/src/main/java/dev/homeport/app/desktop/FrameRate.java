package dev.homeport.app.desktop;

/**
 * How often JavaFX may draw a frame: 120 times a second, not its default 60. A key or a click is drawn at the next frame,
 * so at 60 it waits up to 16.7 ms (8 on average) before anything shows; at 120, half that. In the terminal's echo
 * benchmark (docs/benchmarks.md, Terminal) a bare JavaFX window went from 12.3 to 4.8 ms on the same machine. The
 * cost is that animations are drawn as often: a spinning progress indicator took 12 % of a core instead of 8 % with
 * the software renderer; an open terminal with nothing to show, 2.9 % instead of 2.6 %. A display that shows 120
 * frames a second or more shows them all; on a 60 Hz one the extra frames only come sooner. A
 * {@code -Djavafx.animation.pulse} the user gives wins.
 */
public final class FrameRate {
    /** Frames a second JavaFX may draw. */
    public static final int PER_SECOND = 120;
    private static final String PROPERTY = "javafx.animation.pulse";

    private FrameRate() {
    }

    /** Call before the JavaFX toolkit starts: it reads the rate once. */
    public static void apply() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, Integer.toString(PER_SECOND));
        }
    }
}
