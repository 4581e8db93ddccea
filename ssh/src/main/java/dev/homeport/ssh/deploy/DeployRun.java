package dev.homeport.ssh.deploy;

import dev.homeport.model.Deployment;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** A deployment running in the background: its record, its end, and its cancel switch. */
public final class DeployRun {
    private final Deployment queued;
    private final Pipeline pipeline;
    private final Runnable afterEnd;
    private final CompletableFuture<Deployment> finished = new CompletableFuture<>();

    /** {@code afterEnd} runs once the pipeline has ended, before {@link #finished()} completes. */
    DeployRun(Deployment queued, Pipeline pipeline, Runnable afterEnd) {
        this.queued = queued;
        this.pipeline = pipeline;
        this.afterEnd = afterEnd;
    }

    /** The deployment as it was queued; its id names it in the history. */
    public Deployment queued() {
        return queued;
    }

    public CompletableFuture<Deployment> finished() {
        return finished;
    }

    /** Cancels it if traffic has not moved to it yet; returns false when it is too late (it then finishes). */
    public boolean cancel() {
        return pipeline.cancel();
    }

    /** Waits for the end and returns the deployment as it ended (LIVE, FAILED or INTERRUPTED). */
    public Deployment await() throws InterruptedException {
        try {
            return finished.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new DeployException(e.getCause().getMessage(), e.getCause());
        }
    }

    void run() {
        try {
            Deployment ended = pipeline.run();
            afterEnd.run();
            finished.complete(ended);
        } catch (Throwable t) {
            finished.completeExceptionally(t);
        }
    }
}
