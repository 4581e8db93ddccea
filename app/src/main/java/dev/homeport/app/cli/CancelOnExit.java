package dev.homeport.app.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C during long remote work: the JVM runs its shutdown hooks, and this
 * one cancels the work, then gives it a moment to stop cleanly (a remote
 * command stopped, the outcome recorded and reported) before the JVM ends.
 * The command calls {@link #close()} once the work has ended and been reported.
 */
final class CancelOnExit implements AutoCloseable {
    private final CountDownLatch ended = new CountDownLatch(1);
    private final Thread hook;
    private volatile boolean exiting;

    CancelOnExit(String name, Runnable cancel, Duration grace) {
        this.hook = new Thread(() -> {
            exiting = true;
            cancel.run();
            try {
                ended.await(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** True once the hook has run: the JVM ends as soon as {@link #close()} is called, so report before it. */
    boolean exiting() {
        return exiting;
    }

    @Override
    public void close() {
        ended.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: the work was cancelled and has now ended
        }
    }
}
