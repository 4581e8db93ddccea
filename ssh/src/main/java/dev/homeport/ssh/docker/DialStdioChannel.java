package dev.homeport.ssh.docker;

import dev.homeport.ssh.transport.RawChannel;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One exec channel running {@code docker system dial-stdio} on the node: a byte
 * stream to the Docker daemon's socket, carrying one HTTP exchange at a time.
 */
final class DialStdioChannel implements AutoCloseable {
    private final RawChannel raw;
    private final InputStream in;
    private final OutputStream out;
    private final AtomicBoolean closed = new AtomicBoolean();
    private int exchanges;
    private long idleSinceNanos;

    DialStdioChannel(RawChannel raw) {
        this.raw = raw;
        this.in = new BufferedInputStream(raw.in(), 64 * 1024);
        this.out = new BufferedOutputStream(raw.out(), 16 * 1024);
    }

    InputStream in() {
        return in;
    }

    OutputStream out() {
        return out;
    }

    /** True when an earlier exchange used this channel: a failure before any answer may mean it went stale. */
    boolean reused() {
        return exchanges > 0;
    }

    void startExchange() {
        exchanges++;
    }

    void idleSince(long nanos) {
        idleSinceNanos = nanos;
    }

    long idleSinceNanos() {
        return idleSinceNanos;
    }

    boolean isOpen() {
        return !closed.get() && raw.isOpen();
    }

    /** Ends what we send (the daemon sees end-of-file, as after the last stdin byte of an attach) and keeps reading. */
    void endOutput() throws IOException {
        out.close();
    }

    /**
     * What dial-stdio (or the shell before it) wrote on stderr before the channel ended, such as
     * "docker: not found" or a permission error on the daemon's socket. Empty when it wrote nothing in time.
     */
    String errorText(Duration wait) {
        FutureTask<byte[]> read = new FutureTask<>(() -> raw.err().readNBytes(4096));
        Thread.ofVirtual().name("homeport-docker-stderr").start(read);
        try {
            return new String(read.get(wait.toMillis(), TimeUnit.MILLISECONDS), StandardCharsets.UTF_8).strip();
        } catch (ExecutionException | TimeoutException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        } finally {
            read.cancel(true);
        }
    }

    /** Closes the channel once: a second close would give the connection's lease back twice. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            raw.close();
        }
    }
}
