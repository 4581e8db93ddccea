package dev.homeport.ssh.deploy;

import dev.homeport.model.inventory.DeploymentHistory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A deployment's log. Every line is masked for the release's secret values,
 * shown to the listener at once, and written to the store in batches (a
 * build can print thousands of lines; one transaction each would slow it).
 */
final class DeployLog {
    private static final int BATCH = 200;
    private static final Duration FLUSH_AFTER = Duration.ofMillis(500);
    static final String MASK = "••••••";

    private final DeploymentHistory history;
    private final long deploymentId;
    private final DeployListener listener;
    private final List<String> secrets = new ArrayList<>();
    private final List<String> pending = new ArrayList<>();
    private long lastFlush = System.nanoTime();

    DeployLog(DeploymentHistory history, long deploymentId, DeployListener listener) {
        this.history = history;
        this.deploymentId = deploymentId;
        this.listener = listener;
    }

    /** Values that must never be written: each is masked wherever it shows up in a line. Very short values are left, as masking them would hide ordinary text. */
    synchronized void mask(String secret) {
        if (secret != null && secret.length() >= 4) {
            secrets.add(secret);
            secrets.sort((a, b) -> b.length() - a.length());
        }
    }

    synchronized void line(String text) {
        String body = text.replaceFirst("\\r?\\n$", "");
        for (String line : body.split("\r?\n|\r", -1)) {
            String masked = masked(line);
            pending.add(masked);
            listener.log(masked);
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

    String masked(String line) {
        String result = line;
        for (String secret : secrets) {
            result = result.replace(secret, MASK);
        }
        return result;
    }
}
