package dev.homeport.app.desktop.terminal;

import com.techsenger.jeditermfx.core.TtyConnector;
import com.techsenger.jeditermfx.core.util.TermSize;
import dev.homeport.ssh.transport.PtySession;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.function.IntConsumer;

/**
 * Joins JediTermFX's emulator to a {@link PtySession}: the emulator's reader thread reads the node's output
 * here, keys and pastes go to the session, and the pane's size goes to the node's PTY. When the session
 * ends, a last line says so (with the exit status) before the end of the stream, and {@code ended} is told
 * the status (on the emulator's thread).
 */
public final class SessionConnector implements TtyConnector {
    private final PtySession session;
    private final String name;
    private final Reader output;
    private final OutputStream keys;
    private final IntConsumer ended;
    private char[] farewell;
    private int farewellAt;
    private volatile boolean closed;
    private final FloodPacer pacer = new FloodPacer();

    public SessionConnector(PtySession session, String name, IntConsumer ended) {
        this.session = session;
        this.name = name;
        this.output = new InputStreamReader(session.output(), StandardCharsets.UTF_8);
        this.keys = session.input();
        this.ended = ended;
    }

    /** The line drawn when a session ends: dim, on a line of its own, with the status when it is not 0. */
    static String farewell(int status) {
        String what = status == 0 ? "Session ended." : "Session ended with exit status " + status + ".";
        return "\r\n\u001b[0m\u001b[2m[" + what + " Close this tab, or open a new one.]\u001b[0m\r\n";
    }

    @Override
    public int read(char[] buf, int offset, int length) throws IOException {
        if (farewell == null) {
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
            int status = session.waitFor();
            farewell = farewell(status).toCharArray();
            ended.accept(status);
        }
        if (farewellAt >= farewell.length || closed) {
            return -1;
        }
        int n = Math.min(length, farewell.length - farewellAt);
        System.arraycopy(farewell, farewellAt, buf, offset, n);
        farewellAt += n;
        return n;
    }

    /** What paces a flood of output (see {@link FloodPacer}); {@link TerminalWidgets#pace} tells it the frames. */
    public FloodPacer pacer() {
        return pacer;
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        if (!session.isOpen()) {
            return;
        }
        try {
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

    @Override
    public boolean isConnected() {
        return farewell == null || farewellAt < farewell.length;
    }

    @Override
    public void resize(TermSize size) {
        session.resize(size.getColumns(), size.getRows());
    }

    @Override
    public int waitFor() {
        return session.waitFor();
    }

    @Override
    public boolean ready() throws IOException {
        return farewell != null ? farewellAt < farewell.length : output.ready();
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public void close() {
        closed = true;
        pacer.close();
        session.close();
    }
}
