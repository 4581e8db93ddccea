package dev.homeport.ssh.deploy;

import dev.homeport.model.inventory.DeploymentHistory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A deployment's log. Every text is masked for the release's secret values by
 * its {@link SecretMask}, whole before it is cut into lines (so a value of
 * several lines is found whole, as well as line by line), then shown to the
 * listener at once and written to the store in batches (a build can print
 * thousands of lines; one transaction each would slow it).
 */
final class DeployLog {
    private static final int BATCH = 200;
    private static final Duration FLUSH_AFTER = Duration.ofMillis(500);

    private final DeploymentHistory history;
    private final long deploymentId;
    private final DeployListener listener;
    private final SecretMask secrets = new SecretMask();
    private final List<String> pending = new ArrayList<>();
    private long lastFlush = System.nanoTime();

    DeployLog(DeploymentHistory history, long deploymentId, DeployListener listener) {
        this.history = history;
        this.deploymentId = deploymentId;
        this.listener = listener;
    }

    /** A value that must never be written: from now on it is masked wherever it shows up (see {@link SecretMask} for the rule). */
    void mask(String secret) {
        secrets.add(secret);
    }

    /** {@code text} (a reason, a message) with the secrets masked, by the same rule as the log's lines. */
    String masked(String text) {
        return secrets.apply(text);
    }

    /** Logs {@code text}, one line or several. */
    synchronized void line(String text) {
        String body = masked(text).replaceFirst("\\r?\\n$", "");
        for (String line : body.split("\r?\n|\r", -1)) {
            pending.add(line);
            listener.log(line);
        }
        if (pending.size() >= BATCH || System.nanoTime() - lastFlush > FLUSH_AFTER.toNanos()) {
            flush();
        }
    }

    synchronized void flush() {
        if (!pending.isEmpty()) {
            history.appendLog(deploymentId, List.copyOf(pending));
            pending.clear();
        }
        lastFlush = System.nanoTime();
    }

    /** A stream of text into this log that arrives in chunks cut anywhere, such as a build's output. */
    Lines lines() {
        return new Lines();
    }

    /**
     * Holds a chunk's unfinished last line until the rest of it comes, so the
     * mask sees whole lines: a secret cut in two by a chunk boundary is still
     * found. A line longer than {@value #LONGEST_LINE} characters is logged in
     * parts. Close it to log what is left.
     */
    final class Lines implements AutoCloseable {
        static final int LONGEST_LINE = 64 * 1024;
        private final StringBuilder partial = new StringBuilder();

        synchronized void append(String chunk) {
            partial.append(chunk);
            int end = partial.lastIndexOf("\n");
            if (end >= 0) {
                String whole = partial.substring(0, end);
                partial.delete(0, end + 1);
                if (!whole.isBlank()) {
                    line(whole);
                }
            }
            if (partial.length() > LONGEST_LINE) {
                close();
            }
        }

        /** Logs the unfinished line, if any. */
        @Override
        public synchronized void close() {
            if (!partial.isEmpty()) {
                line(partial.toString());
                partial.setLength(0);
            }
        }
    }
}
