package dev.homeport.app.desktop.terminal;

import com.techsenger.jeditermfx.core.model.TerminalTextBuffer;
import com.techsenger.jeditermfx.ui.JediTermFxWidget;
import javafx.beans.value.ObservableBooleanValue;

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
        // Model listeners run with the buffer's lock held, on whichever thread changed it.
        buffer.addModelListener(() -> trim(buffer));
        return widget;
    }

    private static void trim(TerminalTextBuffer buffer) {
        int excess = buffer.getHistoryLinesCount() - TerminalSettings.SCROLLBACK_LINES;
        if (excess >= TRIM_SLACK) {
            buffer.getHistoryBuffer().removeTopLines(excess);
        }
    }
}
