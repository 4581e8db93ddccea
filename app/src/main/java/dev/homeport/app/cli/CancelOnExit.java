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
    private final Interrupts interrupts;
    private volatile boolean exiting;

    /** On Ctrl-C, as {@code interrupts} delivers it (the JVM's shutdown, or the client's cancel when the app serves the command). */
    CancelOnExit(Interrupts interrupts, String name, Runnable cancel, Duration grace) {
        this.interrupts = interrupts;
        this.hook = new Thread(() -> {
            exiting = true;
            cancel.run();
            try {
                ended.await(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        interrupts.add(hook);
    }

    /** True once the hook has run: in its own process the JVM ends as soon as {@link #close()} is called, so report before it. */
    boolean exiting() {
        return exiting;
    }

    @Override
    public void close() {
        ended.countDown();
        // When the hook is running, the work was cancelled and has now ended.
        interrupts.remove(hook);
    }
}
