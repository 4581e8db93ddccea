package dev.homeport.app.desktop.terminal;

import com.techsenger.jeditermfx.core.TtyConnector;
import com.techsenger.jeditermfx.core.util.TermSize;
import dev.homeport.ssh.transport.PtySession;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Joins JediTermFX's emulator to the {@link PtySession}s of one terminal tab, one after the other: the
 * emulator's reader thread reads the node's output here, keys and pastes go to the session, and the pane's size
 * goes to the node's PTY. When a session ends, a last line says how (the exit status, or that the connection
 * was lost), {@code ended} is told (on the emulator's thread), and the reader then waits for the next session
 * ({@link #attach}): the emulator, its screen and its scrollback stay as they were, so a reconnected session
 * carries on below the old one. Only {@link #close()} ends the stream.
 */
public final class SessionConnector implements TtyConnector {
    /** How a session ended: the program's exit status, or the connection lost ({@code status} is then 255). */
    public record End(int status, boolean connectionLost) {
    }

    /**
     * What a new screen's program expects and an old one may have left on: the main screen (when
     * {@code alternate}, a full-screen program was running), normal cursor keys and keypad, no mouse reporting,
     * no bracketed paste, the cursor shown and plain text.
     */
    static String resetModes(boolean alternate) {
        return (alternate ? "\u001b[?1049l" : "") + "\u001b[?1l\u001b>\u001b[?1000l\u001b[?1002l\u001b[?1003l\u001b[?1006l"
                + "\u001b[?2004l\u001b[?25h\u001b[0m";
    }

    private final String name;
    private final Consumer<End> ended;
    private final BooleanSupplier alternateScreen;
    private final FloodPacer pacer = new FloodPacer();
    private final Object waiting = new Object();
    /** The session attached and not yet taken up by the reader; guarded by {@code waiting}. */
    private PtySession next;
    /** The session keys go to, from when the reader takes it up until it ends; whoever takes it out closes it. */
    private final AtomicReference<PtySession> live = new AtomicReference<>();
    // The reader's own state (the emulator's thread only).
    private PtySession reading;
    private Reader output;
    private char[] farewell;
    private int farewellAt;
    private volatile String node;
    /** The pane's size last told, for the next session once it is taken up. */
    private volatile TermSize size;
    private volatile int lastStatus;
    private volatile boolean closed;

    /**
     * {@code node}: the node the sessions run on, named in the line that says the connection was lost;
     * {@code alternateScreen}: whether the screen shows a full-screen program's alternate screen now (read on the
     * emulator's thread when a session ends, to go back to the main screen).
     */
    public SessionConnector(String name, String node, BooleanSupplier alternateScreen, Consumer<End> ended) {
        this.name = name;
        this.node = node;
        this.alternateScreen = alternateScreen;
        this.ended = ended;
    }

    /** The line drawn when a session ends: on a line of its own, dim for an end, bold for a lost connection. */
    static String farewell(End end, String node) {
        if (end.connectionLost()) {
            return "\r\n\u001b[0m\u001b[1m[The connection to " + node + " was lost. Press Enter or R to reconnect.]\u001b[0m\r\n";
        }
        String what = end.status() == 0 ? "Session ended." : "Session ended with exit status " + end.status() + ".";
        return "\r\n\u001b[0m\u001b[2m[" + what + " Press Enter or R to open it again, or close this tab.]\u001b[0m\r\n";
    }

    /**
     * Hands the reader the next session (any thread); {@code node} is where it runs. Returns false, and closes it,
     * when this tab's connector is closed already or a session is still live.
     */
    public boolean attach(PtySession session, String node) {
        synchronized (waiting) {
            if (closed || next != null || live.get() != null) {
                session.close();
                return false;
            }
            this.node = node;
            next = session;
            waiting.notifyAll();
            return true;
        }
    }

    /** Waits for the next session; null once closed. */
    private PtySession awaitNext() throws IOException {
        synchronized (waiting) {
            while (next == null && !closed) {
                try {
                    waiting.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("The terminal was closed");
                }
            }
            if (closed) {
                return null;
            }
            PtySession taken = next;
            next = null;
            live.set(taken);
            // The pane may have changed size since the session was opened (the bar under it went away).
            TermSize now = size;
            if (now != null) {
                taken.resize(now.getColumns(), now.getRows());
            }
            return taken;
        }
    }

    @Override
    public int read(char[] buf, int offset, int length) throws IOException {
        while (true) {
            if (farewell != null) {
                if (farewellAt < farewell.length && !closed) {
                    int n = Math.min(length, farewell.length - farewellAt);
                    System.arraycopy(farewell, farewellAt, buf, offset, n);
                    farewellAt += n;
                    return n;
                }
                farewell = null;
            }
            if (reading == null) {
                reading = awaitNext();
                if (reading == null) {
                    return -1;
                }
                output = new InputStreamReader(reading.output(), StandardCharsets.UTF_8);
            }
            int n;
            try {
                n = output.read(buf, offset, length);
            } catch (IOException e) {
                if (closed) {
                    return -1;
                }
                n = -1;
            }
            if (n >= 0) {
                pacer.read(output.ready());
                return n;
            }
            if (closed) {
                return -1;
            }
            PtySession over = reading;
            int status = over.waitFor();
            End end = new End(status, over.connectionLost());
            reading = null;
            output = null;
            if (live.compareAndSet(over, null)) {
                over.close();
            }
            lastStatus = status;
            farewell = (resetModes(alternateScreen.getAsBoolean()) + farewell(end, node)).toCharArray();
            farewellAt = 0;
            ended.accept(end);
        }
    }

    /** What paces a flood of output (see {@link FloodPacer}); {@link TerminalWidgets#pace} tells it the frames. */
    public FloodPacer pacer() {
        return pacer;
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        PtySession session = live.get();
        if (session == null || !session.isOpen()) {
            return;
        }
        try {
            OutputStream keys = session.input();
            keys.write(bytes);
            keys.flush();
        } catch (IOException e) {
            // The session ended while typing: the farewell line says so.
        }
    }

    @Override
    public void write(String string) throws IOException {
        write(string.getBytes(StandardCharsets.UTF_8));
    }

    /** True until the tab closes: between sessions the emulator waits for the next one. */
    @Override
    public boolean isConnected() {
        return !closed;
    }

    @Override
    public void resize(TermSize size) {
        this.size = size;
        PtySession session = live.get();
        if (session != null) {
            session.resize(size.getColumns(), size.getRows());
        }
    }

    /** The exit status of the last session that ended. */
    @Override
    public int waitFor() {
        return lastStatus;
    }

    @Override
    public boolean ready() throws IOException {
        if (farewell != null) {
            return farewellAt < farewell.length;
        }
        Reader now = output;
        return now != null && now.ready();
    }

    @Override
    public String getName() {
        return name;
    }

    /** Ends the live session (and one waiting to be taken up) and lets the reader go; once closed, always closed. */
    @Override
    public void close() {
        PtySession waitingSession;
        synchronized (waiting) {
            closed = true;
            waitingSession = next;
            next = null;
            waiting.notifyAll();
        }
        pacer.close();
        if (waitingSession != null) {
            waitingSession.close();
        }
        PtySession session = live.getAndSet(null);
        if (session != null) {
            session.close();
        }
    }
}
