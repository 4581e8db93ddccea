package dev.homeport.app.desktop;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * Hands items from any thread to the FX thread in batches, in the order they came.
 * At most one hand-over waits in the FX queue however fast items arrive, so a build
 * that prints thousands of lines a second costs the FX thread one call per frame,
 * not one per line.
 */
public final class FxFeed<T> {
    private final ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Consumer<List<T>> sink;

    /** {@code sink} gets each batch on the FX thread. */
    public FxFeed(Consumer<List<T>> sink) {
        this.sink = sink;
    }

    /** From any thread. */
    public void post(T item) {
        queue.add(item);
        if (scheduled.compareAndSet(false, true)) {
            Platform.runLater(this::drain);
        }
    }

    private void drain() {
        scheduled.set(false);
        List<T> batch = new ArrayList<>();
        for (T item = queue.poll(); item != null; item = queue.poll()) {
            batch.add(item);
        }
        if (!batch.isEmpty()) {
            sink.accept(batch);
        }
    }
}
