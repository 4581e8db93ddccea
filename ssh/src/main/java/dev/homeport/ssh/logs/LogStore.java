package dev.homeport.ssh.logs;

import dev.homeport.model.LogViewBound;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * The newest lines of a log, bounded by a number of lines and by the bytes of their text, whichever comes first;
 * the oldest go first. Each line has a sequence number (the first line ever added is 0, and they never repeat), so a
 * view can hold numbers instead of lines and ask for each line as it shows it.
 *
 * <p>Stored compactly, for a million lines in about the bytes of their text plus 23 bytes each: the text as UTF-8 in
 * blocks of {@value #BLOCK} bytes (a line never spans two; the oldest block goes as a whole when the bytes are over),
 * the time as epoch nanoseconds, the level as a byte and the source (replica or release) as an index into the few
 * sources seen. No object per line.
 *
 * <p>Thread-safe: one thread may add while others read and {@linkplain #scan scan}; a scan holds the lock for
 * {@value #SCAN_STEP} lines at a time, so adding waits at most that long.
 */
public final class LogStore {
    /**
     * Bytes per block of text; a longer line is cut to this (Docker cuts its lines at 16 KiB already). Just under 1 MiB:
     * with G1's 1 MiB regions (heaps up to 2 GiB) a block is a "humongous" object in one region of its own, never
     * copied by a young collection (blocks of 256 KiB were copied, and made its pauses longer); exactly 1 MiB took two.
     */
    static final int BLOCK = (1 << 20) - 64;
    private static final int SCAN_STEP = 4096;
    private static final long NO_TIME = LogMergeQueue.NO_TIME;
    private static final LogLevel[] LEVELS = LogLevel.values();

    /** How much a store keeps: at most {@code lines} lines and {@code bytes} bytes of their text. */
    public record Bound(int lines, long bytes) {
        /** A million lines, 256 MiB of text: {@link LogViewBound#defaults()}. */
        public static final Bound DEFAULT = of(LogViewBound.defaults());

        public Bound {
            if (lines < 1) {
                throw new IllegalArgumentException("a log keeps at least one line, not " + lines);
            }
            if (bytes < 1L << 20) {
                throw new IllegalArgumentException("a log keeps at least 1 MiB of text, not " + bytes + " bytes");
            }
        }

        /** The bound the operator set (Settings → Logs, {@code homeport settings logs}). */
        public static Bound of(LogViewBound setting) {
            return new Bound(setting.maxLines(), setting.maxBytes());
        }
    }

    /** One line as kept: its time (null when it had none), source label (null: none), level and text. */
    public record Entry(long seq, Instant time, String source, LogLevel level, String text) {
        /** As a {@link LogLine}, for the filter; {@code raw} is the time (as Docker writes it), source and text. */
        public LogLine line() {
            return new LogLine(raw(), time, source, level, text);
        }

        /** Time (UTC), source and text, space-separated, as saved to a file. */
        public String raw() {
            StringBuilder out = new StringBuilder(text.length() + 48);
            if (time != null) {
                out.append(time).append(' ');
            }
            if (source != null) {
                out.append(source).append(' ');
            }
            return out.append(text).toString();
        }
    }

    private Bound bound;
    private final List<String> sources = new ArrayList<>();
    private final Map<String, Integer> sourceIds = new HashMap<>();
    private long[] times = new long[1024];
    private short[] sourceOf = new short[1024];
    private byte[] levels = new byte[1024];
    /** Where each line's text starts: block number (absolute, since the first) times {@link #BLOCK} plus offset. */
    private long[] starts = new long[1024];
    private int[] lengths = new int[1024];
    /** The ring: line {@code first + i} is at {@code (head + i) % capacity}. */
    private int head;
    private int size;
    private long first;
    private final ArrayList<byte[]> blocks = new ArrayList<>();
    /** The absolute number of {@code blocks.getFirst()}. */
    private long firstBlock;
    private int fill = BLOCK;

    public LogStore(Bound bound) {
        this.bound = bound;
    }

    public synchronized Bound bound() {
        return bound;
    }

    /**
     * Keeps at most {@code next} from now on (the operator changed the setting while a view is open): when it is
     * lower, the oldest lines go now, until the lines and whole blocks of text kept are within it.
     */
    public synchronized void bound(Bound next) {
        bound = next;
        if (size > next.lines()) {
            dropOldest(size - next.lines());
        }
        while ((long) blocks.size() * BLOCK > next.bytes() && blocks.size() > 1) {
            dropOldestBlock();
        }
        if (times.length > next.lines()) {
            int capacity = Math.max(next.lines(), 1);
            times = unwrap(times, capacity);
            sourceOf = unwrap(sourceOf, capacity);
            levels = unwrap(levels, capacity);
            starts = unwrap(starts, capacity);
            lengths = unwrap(lengths, capacity);
            head = 0;
        }
    }

    /** Adds a line; returns its sequence number. May drop the oldest lines to stay within the bound. */
    public long add(Instant time, String source, LogLevel level, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return add(time == null ? NO_TIME : time.getEpochSecond() * 1_000_000_000L + time.getNano(), source, level, bytes, 0, bytes.length);
    }

    /**
     * Adds a line whose time is {@code epochNanos} ({@link LogMergeQueue#NO_TIME}: none) and whose text is the UTF-8
     * of {@code text[from, from + length)}, copied straight into the store; returns its sequence number. May drop the
     * oldest lines to stay within the bound.
     */
    public synchronized long add(long epochNanos, String source, LogLevel level, byte[] text, int from, int length) {
        length = Math.min(length, BLOCK);
        if (blocks.isEmpty() || fill + Math.max(length, 1) > BLOCK) {
            newBlock();
        }
        if (size == times.length && size < bound.lines()) {
            grow();
        }
        if (size == bound.lines()) {
            dropOldest(1);
        }
        byte[] block = blocks.getLast();
        System.arraycopy(text, from, block, fill, length);
        int at = (int) ((head + (long) size) % times.length);
        times[at] = epochNanos;
        sourceOf[at] = (short) sourceId(source);
        levels[at] = (byte) level.ordinal();
        starts[at] = (firstBlock + blocks.size() - 1) * BLOCK + fill;
        lengths[at] = length;
        fill += length;
        size++;
        return first + size - 1;
    }

    /** Adds a line as read ({@link LogLine#parse}); a {@code source} given wins over the line's own replica. */
    public long add(LogLine line, String source) {
        return add(line.time(), source != null ? source : line.source(), line.level(), line.text());
    }

    private void newBlock() {
        long bytesAfter = (blocks.size() + 1L) * BLOCK;
        if (bytesAfter > bound.bytes() && !blocks.isEmpty()) {
            dropOldestBlock();
        }
        blocks.addLast(new byte[BLOCK]);
        fill = 0;
    }

    /** The oldest block goes, with every line that starts in it (the oldest lines). */
    private void dropOldestBlock() {
        long end = (firstBlock + 1) * BLOCK;
        int gone = 0;
        while (gone < size && starts[(head + gone) % times.length] < end) {
            gone++;
        }
        dropOldest(gone);
        blocks.removeFirst();
        firstBlock++;
    }

    private void dropOldest(int count) {
        head = (head + count) % times.length;
        size -= count;
        first += count;
    }

    private void grow() {
        int capacity = (int) Math.min(bound.lines(), times.length * 2L);
        times = unwrap(times, capacity);
        sourceOf = unwrap(sourceOf, capacity);
        levels = unwrap(levels, capacity);
        starts = unwrap(starts, capacity);
        lengths = unwrap(lengths, capacity);
        head = 0;
    }

    private Object copyRing(Object from, Object to, int length) {
        int tail = Math.min(size, length - head);
        System.arraycopy(from, head, to, 0, tail);
        System.arraycopy(from, 0, to, tail, size - tail);
        return to;
    }

    private long[] unwrap(long[] a, int capacity) {
        return (long[]) copyRing(a, new long[capacity], a.length);
    }

    private int[] unwrap(int[] a, int capacity) {
        return (int[]) copyRing(a, new int[capacity], a.length);
    }

    private short[] unwrap(short[] a, int capacity) {
        return (short[]) copyRing(a, new short[capacity], a.length);
    }

    private byte[] unwrap(byte[] a, int capacity) {
        return (byte[]) copyRing(a, new byte[capacity], a.length);
    }

    private int sourceId(String source) {
        if (source == null) {
            return 0;
        }
        Integer id = sourceIds.get(source);
        if (id == null) {
            if (sources.size() >= Short.MAX_VALUE - 1) {
                return 0;
            }
            sources.add(source);
            id = sources.size();
            sourceIds.put(source, id);
        }
        return id;
    }

    /** The sequence number of the oldest line kept (the next one's when none is). */
    public synchronized long first() {
        return first;
    }

    /** The sequence number the next line will have. */
    public synchronized long end() {
        return first + size;
    }

    public synchronized int size() {
        return size;
    }

    /** The sources seen, in the order they were first seen (dropped lines' too). */
    public synchronized List<String> sources() {
        return List.copyOf(sources);
    }

    /** The line {@code seq}, or null when it has been dropped (or is not yet added). */
    public synchronized Entry get(long seq) {
        if (seq < first || seq >= first + size) {
            return null;
        }
        return entry(seq, (int) ((head + (seq - first)) % times.length));
    }

    private Entry entry(long seq, int at) {
        long start = starts[at];
        return entry(seq, at, blocks.get((int) (start / BLOCK - firstBlock)));
    }

    private Entry entry(long seq, int at, byte[] block) {
        long nanos = times[at];
        Instant time = nanos == NO_TIME ? null : Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
        int source = sourceOf[at];
        String text = new String(block, (int) (starts[at] % BLOCK), lengths[at], StandardCharsets.UTF_8);
        return new Entry(seq, time, source == 0 ? null : sources.get(source - 1), LEVELS[levels[at]], text);
    }

    /**
     * Goes through the lines from {@code from} (or the oldest kept) to the newest, passing the sequence number of each
     * that {@code filter} lets through and whose source is not in {@code hidden}; stops early, returning -1, when
     * {@code cancelled} says so (checked every {@value #SCAN_STEP} lines). Returns the sequence number it got to.
     */
    public long scan(long from, LogFilter filter, java.util.Set<String> hidden, BooleanSupplier cancelled, LongConsumer matches) {
        long seq = from;
        while (true) {
            if (cancelled.getAsBoolean()) {
                return -1;
            }
            synchronized (this) {
                seq = Math.max(seq, first);
                long stop = Math.min(first + size, seq + SCAN_STEP);
                if (seq >= stop) {
                    return seq;
                }
                boolean everySource = hidden.isEmpty();
                for (; seq < stop; seq++) {
                    int at = (int) ((head + (seq - first)) % times.length);
                    int source = sourceOf[at];
                    if (!everySource && source != 0 && hidden.contains(sources.get(source - 1))) {
                        continue;
                    }
                    if (filter == LogFilter.ALL || passes(at, filter)) {
                        matches.accept(seq);
                    }
                }
            }
        }
    }

    private boolean passes(int at, LogFilter filter) {
        long nanos = times[at];
        Instant time = nanos == NO_TIME ? null : Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
        int source = sourceOf[at];
        return filter.matches(time, source == 0 ? null : sources.get(source - 1), LEVELS[levels[at]],
                () -> new String(blocks.get((int) (starts[at] / BLOCK - firstBlock)), (int) (starts[at] % BLOCK), lengths[at], StandardCharsets.UTF_8));
    }

    /** Whether the line {@code seq} is kept and passes: for lines as they come. */
    public synchronized boolean matches(long seq, LogFilter filter, java.util.Set<String> hidden) {
        if (seq < first || seq >= first + size) {
            return false;
        }
        int at = (int) ((head + (seq - first)) % times.length);
        int source = sourceOf[at];
        return (source == 0 || !hidden.contains(sources.get(source - 1))) && passes(at, filter);
    }

    /** Drops every line (the sequence numbers go on from where they were). */
    public synchronized void clear() {
        first += size;
        size = 0;
        head = 0;
        blocks.clear();
        firstBlock = 0;
        fill = BLOCK;
        Arrays.fill(lengths, 0);
    }

    /** The bytes of text held (whole blocks), for a view to show how full it is. */
    public synchronized long textBytes() {
        return (long) blocks.size() * BLOCK;
    }
}
