package dev.homeport.app.desktop.terminal;

import com.techsenger.jeditermfx.core.TtyConnector;
import com.techsenger.jeditermfx.core.util.TermSize;
import java.io.IOException;
import java.io.Reader;
import java.util.concurrent.CountDownLatch;

/**
 * A terminal fed by a local reader instead of a session: the terminal's tests and benchmarks use it to pour
 * output into the widget without a node. Output is paced as a session's is ({@link #pacer()}); keys and resizes
 * go nowhere. At the reader's end it stays connected and quiet, as an idle shell does, until it is closed.
 */
public final class OutputConnector implements TtyConnector {
    private final Reader output;
    private final String name;
    private final FloodPacer pacer = new FloodPacer();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile long chars;

    public OutputConnector(Reader output, String name) {
        this.output = output;
        this.name = name;
    }

    /** The pacing of this output; {@link TerminalWidgets#pace} tells it the frames. */
    public FloodPacer pacer() {
        return pacer;
    }

    /** How many characters the terminal has read so far. */
    public long chars() {
        return chars;
    }

    @Override
    public int read(char[] buf, int offset, int length) throws IOException {
        int n = output.read(buf, offset, length);
        if (n < 0) {
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return -1;
        }
        chars += n;
        pacer.read(output.ready());
        return n;
    }

    @Override
    public void write(byte[] bytes) {
    }

    @Override
    public void write(String string) {
    }

    @Override
    public boolean isConnected() {
        return true;
    }

    @Override
    public void resize(TermSize size) {
    }

    @Override
    public int waitFor() {
        return 0;
    }

    @Override
    public boolean ready() throws IOException {
        return output.ready();
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public void close() {
        pacer.close();
        closed.countDown();
    }
}
