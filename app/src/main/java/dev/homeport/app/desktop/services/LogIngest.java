package dev.homeport.app.desktop.services;

import dev.homeport.ssh.logs.LogFilter;
import dev.homeport.ssh.logs.LogLevel;
import dev.homeport.ssh.logs.LogLine;
import dev.homeport.ssh.logs.LogMergeQueue;
import dev.homeport.ssh.logs.LogStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The work of a log view that is not the FX thread's, on one thread of its own: lines from any number of streams are
 * parsed, merged into time order ({@link LogMergeQueue}), kept ({@link LogStore}) and matched against the view's filter
 * and hidden sources; a filter change scans every kept line again, and a newer change cancels the scan under way.
 * What the view should show goes out as {@link Update}s, on this thread (the view hands them to the FX thread).
 *
 * <p>Every {@value #TICK_MS} ms it takes the lines that came; so a million lines a second reach the view as about 20
 * updates a second, whatever the rate.
 *
 * <p>No object per line in flight: a line offered is copied at once, as UTF-8, into the current {@link Batch} (a few
 * arrays: its bytes, where each line ends, its stream and arrival), and the stream's {@code String} is garbage at
 * once; the worker reads each line's time, replica and level from those bytes into the batch's arrays, the merge
 * holds numbers (the line's time, its batch and index), and the store copies the text's bytes from the batch. What
 * stays alive while lines arrive (the lines waiting and the lines held 200 ms for the merge, a few hundred thousand)
 * is then a few large arrays, which a young collection of G1 does not copy, not a million small objects which it did
 * (its pauses were 75 to 190 ms).
 */
final class LogIngest implements AutoCloseable {
    static final int TICK_MS = 50;
    static final Duration HOLD = Duration.ofMillis(200);
    static final int MAX_QUEUED = 50_000;
    /**
     * Emptied batches kept for reuse: about as many as are in use while lines stream (the inbox, and the lines of
     * {@code HOLD / TICK_MS} ticks held), so their arrays are made once, grow to the stream's rate, and age into G1's
     * old generation instead of being made, grown and copied by young collections again each tick.
     */
    private static final int SPARE_BATCHES = 8;

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

    private final LogStore store;
    private final LogMergeQueue merger = new LogMergeQueue(HOLD);
    /** The batch lines are offered into; guarded by itself' lock {@code inboxLock}. */
    private final Object inboxLock = new Object();
    private Batch inbox = new Batch(0);
    private final java.util.concurrent.atomic.AtomicInteger queued = new java.util.concurrent.atomic.AtomicInteger();
    /** Worker only: the batches taken whose lines are still held by the merge, oldest first; and a few emptied, for reuse. */
    private final ArrayList<Batch> holding = new ArrayList<>();
    private final ArrayList<Batch> spare = new ArrayList<>();
    private int batches;
    /** Worker only: each replica named by the lines, once, so a line holds the one label. */
    private final Map<String, String> replicas = new HashMap<>();
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
                merger.drainAll(handle -> keep(handle, shown, seqs));
                if (seqs.size() > 0) {
                    publish(shown, false, seqs.toArray());
                }
            });
        }
    }

    LogStore store() {
        return store;
    }

    /** From the FX thread: other work of the view that must not run there (a large selection copied), on this worker. */
    void later(Runnable work) {
        worker.execute(work);
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
        byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
        long now = System.nanoTime();
        synchronized (inboxLock) {
            inbox.add(from, source, bytes, now);
        }
        queued.incrementAndGet();
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

    /**
     * From any thread: keep at most {@code next} from now on (Settings → Logs, {@code homeport settings logs} changed
     * while the view is open); when it is lower, the oldest lines go at once, and the view drops them.
     */
    void bound(LogStore.Bound next) {
        worker.execute(() -> {
            if (!next.equals(store.bound())) {
                store.bound(next);
                publish(view, false, new long[0]);
            }
        });
    }

    /** From the FX thread: drop every line kept and held (a new stream starts). */
    void clear() {
        View now = view;
        worker.execute(() -> {
            // Lines of earlier streams still queued are dropped by their epoch; the new stream's first ones stay.
            merger.drainAll(this::release);
            store.clear();
            out.accept(new Update(now.generation(), true, new long[0], store.first(), 0, store.sources()));
        });
    }

    private void tick() {
        try {
            int current = epoch;
            long now = System.nanoTime();
            Batch taken;
            synchronized (inboxLock) {
                taken = inbox;
                inbox = spare.isEmpty() ? new Batch(++batches) : spare.removeLast().reuse(++batches);
            }
            queued.addAndGet(-taken.count);
            if (taken.count > 0) {
                taken.parse(current, replicas);
                holding.add(taken);
                for (int i = 0; i < taken.count; i++) {
                    if (taken.levels[i] >= 0) {
                        merger.offer(taken.times[i], (long) taken.number << 32 | i, taken.arrivals[i]);
                    }
                }
                if (taken.remaining == 0) {
                    done(taken);
                }
            } else {
                spare(taken);
            }
            View shown = view;
            LongList seqs = new LongList();
            merger.drain(now, handle -> keep(handle, shown, seqs));
            if (seqs.size > 0 || sourcesChanged()) {
                publish(shown, false, seqs.toArray());
            }
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(LogIngest.class).warn("The log view's worker failed", e);
        }
    }

    /** A line the merge gave out: kept, and its number added to {@code seqs} when the view shows it. */
    private void keep(long handle, View shown, LongList seqs) {
        Batch batch = batch((int) (handle >>> 32));
        int i = (int) handle;
        long seq = store.add(batch.times[i], batch.labels[i], LEVELS[batch.levels[i]], batch.bytes, batch.textStarts[i],
                batch.ends[i] - batch.textStarts[i]);
        if (shown.all() || store.matches(seq, shown.filter(), shown.hidden())) {
            seqs.add(seq);
        }
        if (--batch.remaining == 0) {
            done(batch);
        }
    }

    /** A line the merge gave out, dropped (the view was cleared). */
    private void release(long handle) {
        Batch batch = batch((int) (handle >>> 32));
        if (--batch.remaining == 0) {
            done(batch);
        }
    }

    /** The batch numbered {@code number}: one of the few whose lines are held, so found by looking. */
    private Batch batch(int number) {
        for (Batch each : holding) {
            if (each.number == number) {
                return each;
            }
        }
        throw new IllegalStateException("no batch " + number + " holds lines");
    }

    private void done(Batch batch) {
        holding.remove(batch);
        spare(batch);
    }

    private void spare(Batch batch) {
        synchronized (inboxLock) {
            if (spare.size() < SPARE_BATCHES) {
                spare.add(batch);
            }
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

    private static final LogLevel[] LEVELS = LogLevel.values();

    /**
     * Lines as offered, then as read: their UTF-8 bytes one after another, where each ends, its epoch, stream label
     * and arrival; then (by {@link #parse}, on the worker) its time, label and level, and where its text starts.
     */
    static final class Batch {
        int number;
        byte[] bytes = new byte[64 * 1024];
        int used;
        int count;
        int[] ends = new int[1024];
        int[] epochs = new int[1024];
        String[] labels = new String[1024];
        long[] arrivals = new long[1024];
        long[] times = new long[0];
        int[] textStarts = new int[0];
        /** The level's ordinal; -1 for a line dropped (of an earlier epoch). */
        byte[] levels = new byte[0];
        /** Lines the merge holds still. */
        int remaining;

        Batch(int number) {
            this.number = number;
        }

        Batch reuse(int next) {
            number = next;
            used = 0;
            count = 0;
            remaining = 0;
            Arrays.fill(labels, null);
            return this;
        }

        void add(int epoch, String label, byte[] line, long arrival) {
            if (used + line.length > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, used + line.length));
            }
            if (count == ends.length) {
                int more = count * 2;
                ends = Arrays.copyOf(ends, more);
                epochs = Arrays.copyOf(epochs, more);
                labels = Arrays.copyOf(labels, more);
                arrivals = Arrays.copyOf(arrivals, more);
            }
            System.arraycopy(line, 0, bytes, used, line.length);
            used += line.length;
            ends[count] = used;
            epochs[count] = epoch;
            labels[count] = label;
            arrivals[count] = arrival;
            count++;
        }

        /**
         * Reads each line of {@code epoch} as {@link LogLine#parse} does: Docker's time, then a replica (the label
         * when the stream has none), then the text and its level. Lines of other epochs are marked dropped.
         */
        void parse(int epoch, Map<String, String> replicas) {
            if (times.length < count) {
                times = new long[ends.length];
                textStarts = new int[ends.length];
                levels = new byte[ends.length];
            }
            int start = 0;
            for (int i = 0; i < count; i++) {
                int end = ends[i];
                if (epochs[i] != epoch) {
                    levels[i] = -1;
                    start = end;
                    continue;
                }
                int space = indexOf(bytes, start, end);
                long time = LogLine.epochNanos(bytes, start, space < 0 ? end : space);
                int text = start;
                if (time != LogMergeQueue.NO_TIME) {
                    text = space < 0 ? end : space + 1;
                    int next = indexOf(bytes, text, end);
                    if (next > text && LogLine.isReplica(bytes, text, next)) {
                        if (labels[i] == null) {
                            String replica = new String(bytes, text, next - text, StandardCharsets.UTF_8);
                            labels[i] = replicas.computeIfAbsent(replica, name -> name);
                        }
                        text = next + 1;
                    }
                }
                times[i] = time;
                textStarts[i] = text;
                levels[i] = (byte) LogLine.levelOf(new String(bytes, text, end - text, StandardCharsets.UTF_8)).ordinal();
                remaining++;
                start = end;
            }
        }

        private static int indexOf(byte[] bytes, int from, int to) {
            for (int i = from; i < to; i++) {
                if (bytes[i] == ' ') {
                    return i;
                }
            }
            return -1;
        }
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
