package dev.homeport.ssh.deploy;

import java.io.Closeable;
import java.io.IOException;

/**
 * A deployment's cancel switch. Long blocking calls (a pull, a build) register
 * what to close so cancelling ends them at once instead of at the next check.
 */
final class Cancel {
    private volatile boolean requested;
    private volatile Closeable running;

    void request() {
        requested = true;
        Closeable current = running;
        if (current != null) {
            try {
                current.close();
            } catch (IOException | RuntimeException ignored) {
                // it is being cancelled; a failure to close changes nothing
            }
        }
    }

    boolean requested() {
        return requested;
    }

    void check() {
        if (requested) {
            throw new CancelledException();
        }
    }

    /** Runs {@code work}, closing {@code closeable} if a cancel arrives meanwhile. */
    <T> T during(Closeable closeable, java.util.function.Supplier<T> work) {
        running = closeable;
        try {
            check();
            return work.get();
        } finally {
            running = null;
        }
    }

    void sleep(long millis) {
        check();
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        }
        check();
    }
}
