package dev.homeport.app.desktop.terminal;

import com.techsenger.jeditermfx.core.model.TerminalTextBuffer;
import com.techsenger.jeditermfx.ui.JediTermFxWidget;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.Scene;

/**
 * JediTermFX's widget as Homeport uses it (the terminal window's tabs and the terminal benchmark): with
 * {@link TerminalSettings}, and two changes for floods of output.
 *
 * <p>The scrollback is trimmed here, a thousand lines at a time. JediTermFX trims its own history one line
 * at a time by copying the whole list (10,000 lines, for every line that scrolls off once it is full): under
 * {@code yes} that was about 4 GB of garbage a second, made while holding the screen's lock, and the
 * collector's pauses and the lock kept the FX thread waiting. So the widget is told no limit
 * ({@link TerminalSettings#getBufferMaxLinesCount()}) and a listener cuts the history back to
 * {@link TerminalSettings#SCROLLBACK_LINES} when it has grown a thousand lines past it.
 *
 * <p>The canvas is not cached: JediTermFX redraws all of it whenever anything changed, so a cache only made
 * the renderer draw each frame twice (into the cache, then the cache to the screen).
 *
 * <p>{@link #pace} lets a flood of output in between frames (see {@link FloodPacer}).
 */
public final class TerminalWidgets {
    /** How far the history may grow past {@link TerminalSettings#SCROLLBACK_LINES} before it is cut back. */
    static final int TRIM_SLACK = 1_000;

    private TerminalWidgets() {
    }

    /** A new widget of 80 × 24 (it takes its pane's size once shown); on the FX thread. */
    public static JediTermFxWidget create(ObservableBooleanValue dark) {
        JediTermFxWidget widget = new JediTermFxWidget(80, 24, new TerminalSettings(dark));
        widget.getTerminalPanel().getCanvas().setCache(false);
        TerminalTextBuffer buffer = widget.getTerminalTextBuffer();
        buffer.addModelListener(() -> trim(buffer));
        return widget;
    }

    private static void trim(TerminalTextBuffer buffer) {
        if (buffer.getHistoryLinesCount() - TerminalSettings.SCROLLBACK_LINES < TRIM_SLACK) {
            return;
        }
        // The emulator calls with the lock held; taking it again (it is reentrant) covers any other caller.
        buffer.lock();
        try {
            int excess = buffer.getHistoryLinesCount() - TerminalSettings.SCROLLBACK_LINES;
            if (excess >= TRIM_SLACK) {
                buffer.getHistoryBuffer().removeTopLines(excess);
            }
        } finally {
            buffer.unlock();
        }
    }

    /**
     * Tells {@code pacer} after each pulse of the widget's scene (its screen drawn), so a flood of output
     * waits for the frames; on the FX thread. Returns what stops it (when the session's tab closes).
     */
    public static Runnable pace(JediTermFxWidget widget, FloodPacer pacer) {
        Runnable framed = pacer::framed;
        ChangeListener<Scene> moved = (property, old, now) -> {
            if (old != null) {
                old.removePostLayoutPulseListener(framed);
            }
            if (now != null) {
                now.addPostLayoutPulseListener(framed);
            }
        };
        var scene = widget.getPane().sceneProperty();
        scene.addListener(moved);
        moved.changed(scene, null, scene.get());
        return () -> {
            scene.removeListener(moved);
            moved.changed(scene, scene.get(), null);
        };
    }
}
