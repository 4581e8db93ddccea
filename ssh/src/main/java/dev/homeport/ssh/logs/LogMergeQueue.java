package dev.homeport.ssh.logs;

import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * The merge of {@link LogMerger} on plain numbers: each line is a time (epoch nanoseconds) and a handle the caller
 * chooses (where it keeps the line), held in arrays of longs, no object per line. A line is held until {@code hold}
 * has passed since it arrived, and its handle given out in time order (then in the order offered) once no line still
 * held could come before it: no line offered less than {@code hold} ago has an earlier time.
 *
 * <p>What a view holds while lines arrive (a few hundred thousand a second, held 200 ms) is then a few arrays, not
 * objects a young collection must copy one by one. Not thread-safe: one thread offers and drains.
 */
public final class LogMergeQueue {
    /** The time of a line that has none: it goes after the last line offered. */
    public static final long NO_TIME = Long.MIN_VALUE;

    private final long holdNanos;
    // A binary heap of (time, order, handle), least first.
    private long[] keys = new long[1024];
    private long[] orders = new long[1024];
    private long[] handles = new long[1024];
    private int size;
    // The lines offered less than hold ago, in the order they arrived: a ring of (arrival, time).
    private long[] arrivals = new long[1024];
    private long[] youngKeys = new long[1024];
    private int youngHead;
    private int youngSize;
    private long order;
    private long lastKey = Long.MIN_VALUE;

    public LogMergeQueue(java.time.Duration hold) {
        this.holdNanos = hold.toNanos();
    }

    /** A line that arrived at {@code now} (nanoTime), of time {@code time} ({@link #NO_TIME}: none), kept by the caller as {@code handle}. */
    public void offer(long time, long handle, long now) {
        long key = time == NO_TIME ? lastKey : time;
        lastKey = Math.max(lastKey, key);
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
            orders = Arrays.copyOf(orders, size * 2);
            handles = Arrays.copyOf(handles, size * 2);
        }
        int at = size++;
        long ord = order++;
        while (at > 0) {
            int parent = (at - 1) >>> 1;
            if (!less(key, ord, keys[parent], orders[parent])) {
                break;
            }
            keys[at] = keys[parent];
            orders[at] = orders[parent];
            handles[at] = handles[parent];
            at = parent;
        }
        keys[at] = key;
        orders[at] = ord;
        handles[at] = handle;
        if (youngSize == arrivals.length) {
            arrivals = unwrap(arrivals);
            youngKeys = unwrap(youngKeys);
            youngHead = 0;
        }
        int slot = (youngHead + youngSize++) % arrivals.length;
        arrivals[slot] = now;
        youngKeys[slot] = key;
    }

    private long[] unwrap(long[] ring) {
        long[] next = new long[ring.length * 2];
        int tail = ring.length - youngHead;
        System.arraycopy(ring, youngHead, next, 0, tail);
        System.arraycopy(ring, 0, next, tail, youngHead);
        return next;
    }

    private static boolean less(long key, long ord, long otherKey, long otherOrd) {
        return key < otherKey || key == otherKey && ord < otherOrd;
    }

    /** Gives out, in time order, the handles of the lines that no line held could now come before. */
    public void drain(long now, LongConsumer out) {
        while (youngSize > 0 && now - arrivals[youngHead] >= holdNanos) {
            youngHead = (youngHead + 1) % arrivals.length;
            youngSize--;
        }
        long youngest = Long.MAX_VALUE;
        for (int i = 0; i < youngSize; i++) {
            youngest = Math.min(youngest, youngKeys[(youngHead + i) % youngKeys.length]);
        }
        while (size > 0 && keys[0] < youngest) {
            out.accept(poll());
        }
    }

    /** Gives out every handle held, in time order (the streams ended). */
    public void drainAll(LongConsumer out) {
        youngHead = 0;
        youngSize = 0;
        while (size > 0) {
            out.accept(poll());
        }
    }

    private long poll() {
        long handle = handles[0];
        int last = --size;
        long key = keys[last];
        long ord = orders[last];
        long moved = handles[last];
        int at = 0;
        while (true) {
            int child = 2 * at + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && less(keys[child + 1], orders[child + 1], keys[child], orders[child])) {
                child++;
            }
            if (!less(keys[child], orders[child], key, ord)) {
                break;
            }
            keys[at] = keys[child];
            orders[at] = orders[child];
            handles[at] = handles[child];
            at = child;
        }
        if (size > 0) {
            keys[at] = key;
            orders[at] = ord;
            handles[at] = moved;
        }
        return handle;
    }

    public int held() {
        return size;
    }
}
