package dev.homeport.ssh.transport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Everything a terminal session wrote, read on a thread of its own, for tests to wait for. */
public final class TerminalOutput implements AutoCloseable {
    private final StringBuffer text = new StringBuffer();
    private final Thread reader;

    public TerminalOutput(InputStream output) {
        reader = Thread.ofVirtual().start(() -> {
            byte[] buffer = new byte[4096];
            try {
                for (int n; (n = output.read(buffer)) > 0; ) {
                    text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException ended) {
                // the session closed
            }
        });
    }

    /** Waits up to 20 s for {@code expected} to appear; fails with what was written otherwise. */
    public void waitFor(String expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!text.toString().contains(expected)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The terminal never showed \"" + expected + "\"; it shows:\n" + text);
            }
            Thread.sleep(20);
        }
    }

    public String text() {
        return text.toString();
    }

    @Override
    public void close() {
        try {
            reader.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
