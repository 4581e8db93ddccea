package dev.homeport.app.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import org.jline.terminal.Attributes;
import org.jline.terminal.Attributes.ControlChar;
import org.jline.terminal.Attributes.InputFlag;
import org.jline.terminal.Attributes.LocalFlag;
import org.jline.terminal.Attributes.OutputFlag;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * This process's terminal for a session, through JLine: the size, SIGWINCH, and raw mode as {@code ssh}
 * sets it. Used by {@code homeport shell} in its own process, and by the client of the open app
 * ({@link CliClient}) when the app's shell asks for the client's terminal.
 */
final class LocalSessionTerminal implements SessionTerminal {
    private final Terminal terminal;
    private final Attributes before;
    private boolean raw;

    private LocalSessionTerminal(Terminal terminal) {
        this.terminal = terminal;
        this.before = terminal.getAttributes();
    }

    static LocalSessionTerminal open() {
        try {
            // No grapheme-cluster probe: its query would be answered into the remote shell.
            return new LocalSessionTerminal(TerminalBuilder.builder().system(true).nativeSignals(true).graphemeCluster(false).build());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the terminal: " + e.getMessage(), e);
        }
    }

    @Override
    public int columns() {
        int columns = terminal.getSize().getColumns();
        return columns > 0 ? columns : 80;
    }

    @Override
    public int rows() {
        int rows = terminal.getSize().getRows();
        return rows > 0 ? rows : 24;
    }

    @Override
    public void onResize(Resized resized) {
        terminal.handle(Terminal.Signal.WINCH, signal -> {
            Size size = terminal.getSize();
            resized.to(size.getColumns(), size.getRows());
        });
    }

    @Override
    public void raw() {
        terminal.setAttributes(raw(before));
        raw = true;
    }

    @Override
    public void close() {
        try {
            if (raw) {
                terminal.setAttributes(before);
            }
            terminal.close();
        } catch (IOException e) {
            // the terminal is gone
        }
    }

    /**
     * The terminal as {@code ssh} leaves it for a session (cfmakeraw): no line editing, no echo, no signals
     * from Ctrl-C or Ctrl-Z (they are keys for the remote program), no output processing.
     */
    static Attributes raw(Attributes before) {
        Attributes raw = new Attributes(before);
        raw.setLocalFlags(EnumSet.of(LocalFlag.ICANON, LocalFlag.ECHO, LocalFlag.ECHOE, LocalFlag.ECHOK, LocalFlag.ECHONL,
                LocalFlag.ISIG, LocalFlag.IEXTEN), false);
        raw.setInputFlags(EnumSet.of(InputFlag.IGNBRK, InputFlag.BRKINT, InputFlag.PARMRK, InputFlag.ISTRIP, InputFlag.INLCR,
                InputFlag.IGNCR, InputFlag.ICRNL, InputFlag.IXON), false);
        raw.setOutputFlag(OutputFlag.OPOST, false);
        raw.setControlChar(ControlChar.VMIN, 1);
        raw.setControlChar(ControlChar.VTIME, 0);
        return raw;
    }
}
