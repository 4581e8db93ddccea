package dev.homeport.app.desktop.services;

import dev.homeport.ssh.logs.LogFilter;
import dev.homeport.ssh.logs.LogLine;
import dev.homeport.ssh.logs.LogMerger;
import dev.homeport.ssh.logs.LogStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The work of a log view that is not the FX thread's, on one thread of its own: lines from any number of streams are
 * parsed, merged into time order ({@link LogMerger}), kept ({@link LogStore}) and matched against the view's filter
 * and hidden sources; a filter change scans every kept line again, and a newer change cancels the scan under way.
 * What the view should show goes out as {@link Update}s, on this thread (the view hands them to the FX thread).
 *
 * <p>Every {@value #TICK_MS} ms it takes the lines that came; so a million lines a second reach the view as about 20
 * updates a second, whatever the rate.
 */
final class LogIngest implements AutoCloseable {
    static final int TICK_MS = 50;
    static final Duration HOLD = Duration.ofMillis(200);
    static final int MAX_QUEUED = 50_000;

    /** The filter and hidden sources a view shows; each change has a newer generation. */
    record View(int generation, LogFilter filter, Set<String> hidden) {
        boolean all() {
            return filter == LogFilter.ALL && hidden.isEmpty();
        }
    }

    /**
     * What a view shows changed: {@code seqs} are the numbers of the lines that match, added after those it shows
     * (or, with {@code replace}, instead of them); lines before {@code first} are no longer kept.
     */
    record Update(int generation, boolean replace, long[] seqs, long first, int kept, List<String> sources) {
    }

    private record Incoming(int epoch, String source, String raw, long arrival) {
    }

    private final LogStore store;
    private final LogMerger merger = new LogMerger(HOLD);
    private final ConcurrentLinkedQueue<Incoming> queue = new ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicInteger queued = new java.util.concurrent.atomic.AtomicInteger();
    private final ScheduledThreadPoolExecutor worker;
    private ScheduledFuture<?> ticking;
    private volatile boolean running;
    private final Consumer<Update> out;
    private volatile View view = new View(0, LogFilter.ALL, Set.of());
    private volatile int epoch;
    private int sourcesSeen;

    LogIngest(LogStore.Bound bound, Consumer<Update> out) {
        this.store = new LogStore(bound);
        this.out = out;
        this.worker = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("homeport-log-view").daemon().factory());
        worker.setRemoveOnCancelPolicy(true);
        // The thread goes when the view is idle (no stream, no scan), and comes back with the next.
        worker.setKeepAliveTime(5, TimeUnit.SECONDS);
        worker.allowCoreThreadTimeOut(true);
    }

    /** From the FX thread: streams are open; take their lines every {@value #TICK_MS} ms. */
    void start() {
        running = true;
        if (ticking == null) {
            ticking = worker.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** From the FX thread: the streams were closed; the lines still held are given out, then the worker rests. */
    void idle() {
        running = false;
        if (ticking != null) {
            ticking.cancel(false);
            ticking = null;
            worker.execute(() -> {
                tick();
                View shown = view;
                LongList seqs = new LongList();
                merger.drainAll(merged -> {
                    long seq = store.add(merged.line(), merged.source());
                    if (shown.all() || store.matches(seq, shown.filter(), shown.hidden())) {
                        seqs.add(seq);
                    }
                });
                if (seqs.size() > 0) {
                    publish(shown, false, seqs.toArray());
                }
            });
        }
    }

    LogStore store() {
        return store;
    }

    /** The streams from now on: lines offered with an earlier epoch (a stream that was stopped) are dropped. */
    int newEpoch() {
        return ++epoch;
    }

    /**
     * From any thread: a line as a stream read it, and the stream's label (null: the line names its replica). Waits
     * while {@value #MAX_QUEUED} lines wait for the worker: a stream faster than the view is held back (its reader
     * stops reading, and TCP slows the node's sending), so lines waiting never take more than a few MB.
     */
    void offer(int from, String source, String raw) {
        while (queued.get() >= MAX_QUEUED && running) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
        if (!running) {
            return; // the view stopped following: a closing stream's last lines
        }
        queued.incrementAndGet();
        queue.add(new Incoming(from, source, raw, System.nanoTime()));
    }

    /** From any thread: a line of Homeport's own in the stream ("now following release #13"), at the present time. */
    void marker(int from, String text) {
        offer(from, null, Instant.now() + " " + text);
    }

    /** From the FX thread: show this filter and these hidden sources; the lines kept are scanned again. */
    void show(View next) {
        view = next;
        worker.execute(() -> rescan(next));
    }

    /** From the FX thread: drop every line kept and held (a new stream starts). */
    void clear() {
        View now = view;
        worker.execute(() -> {
            // Lines of earlier streams still queued are dropped by their epoch; the new stream's first ones stay.
            merger.drainAll(ignored -> {
            });
            store.clear();
            out.accept(new Update(now.generation(), true, new long[0], store.first(), 0, store.sources()));
        });
    }

    private void tick() {
        try {
            int current = epoch;
            long now = System.nanoTime();
            for (Incoming each = queue.poll(); each != null; each = queue.poll()) {
                queued.decrementAndGet();
                if (each.epoch() == current) {
                    merger.offer(LogLine.parse(each.raw()), each.source(), each.arrival());
                }
            }
            View shown = view;
            LongList seqs = new LongList();
            merger.drain(now, merged -> {
                long seq = store.add(merged.line(), merged.source());
                if (shown.all() || store.matches(seq, shown.filter(), shown.hidden())) {
                    seqs.add(seq);
                }
            });
            if (seqs.size > 0 || sourcesChanged()) {
                publish(shown, false, seqs.toArray());
            }
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(LogIngest.class).warn("The log view's worker failed", e);
        }
    }

    private boolean sourcesChanged() {
        return store.sources().size() != sourcesSeen;
    }

    private void publish(View shown, boolean replace, long[] seqs) {
        List<String> sources = store.sources();
        sourcesSeen = sources.size();
        out.accept(new Update(shown.generation(), replace, seqs, store.first(), store.size(), sources));
    }

    private void rescan(View next) {
        LongList found = new LongList();
        long end = store.scan(store.first(), next.filter(), next.hidden(), () -> view != next, found::add);
        if (end >= 0) {
            publish(next, true, found.toArray());
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }

    /** A growable array of longs. */
    static final class LongList {
        private long[] values = new long[256];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        int size() {
            return size;
        }

        void clear() {
            size = 0;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
