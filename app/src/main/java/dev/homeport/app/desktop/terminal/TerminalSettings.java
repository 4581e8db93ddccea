package dev.homeport.app.desktop.terminal;

import com.techsenger.jeditermfx.core.Color;
import com.techsenger.jeditermfx.core.TerminalColor;
import com.techsenger.jeditermfx.core.TextStyle;
import com.techsenger.jeditermfx.ui.settings.DefaultSettingsProvider;
import dev.homeport.app.desktop.FrameRate;
import javafx.beans.value.ObservableBooleanValue;

/**
 * JediTermFX's settings for Homeport: the default text and background follow the app's theme (AtlantaFX's
 * Primer light and dark canvases, read again at each repaint, so a theme switch shows at once), the xterm
 * palette for the 16 colours, 256 colours and 24-bit colour as programs ask, and a scrollback of 10,000 lines
 * (kept by {@link TerminalWidgets}).
 * Copy and paste are Ctrl+Shift+C / Ctrl+Shift+V (Cmd+C / Cmd+V on macOS), as in desktop terminals.
 */
public final class TerminalSettings extends DefaultSettingsProvider {
    static final int SCROLLBACK_LINES = 10_000;
    private static final Color LIGHT_TEXT = new Color(0x1f, 0x23, 0x28);
    private static final Color LIGHT_BACKGROUND = new Color(0xff, 0xff, 0xff);
    private static final Color DARK_TEXT = new Color(0xe6, 0xed, 0xf3);
    private static final Color DARK_BACKGROUND = new Color(0x0d, 0x11, 0x17);

    private final ObservableBooleanValue dark;

    public TerminalSettings(ObservableBooleanValue dark) {
        this.dark = dark;
    }

    @Override
    public TextStyle getDefaultStyle() {
        return new TextStyle(new TerminalColor(() -> dark.get() ? DARK_TEXT : LIGHT_TEXT),
                new TerminalColor(() -> dark.get() ? DARK_BACKGROUND : LIGHT_BACKGROUND));
    }

    @Override
    public float getTerminalFontSize() {
        return 13;
    }

    /**
     * No limit for JediTermFX, which trims its history a line at a time by copying all of it;
     * {@link TerminalWidgets} trims it to {@link #SCROLLBACK_LINES} in batches instead.
     */
    @Override
    public int getBufferMaxLinesCount() {
        return 0;
    }

    /**
     * Redraw at every pulse. JediTermFX redraws from a Timeline of {@code 1000 / rate} ms, and a Timeline
     * fires at pulses only ({@link FrameRate#PER_SECOND} a second): a period as long as a pulse's skips a pulse
     * whenever one comes a little early (its default rate of 50, 20 ms, skipped every other of 60 pulses, which
     * added up to 17 ms to the echo of each key), so the period is half a pulse. A redraw is skipped when
     * nothing changed.
     */
    @Override
    public int maxRefreshRate() {
        return 2 * FrameRate.PER_SECOND;
    }

    @Override
    public boolean audibleBell() {
        return false;
    }
}
