package dev.homeport.ssh.logs;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Merges the lines of several streams (replicas, releases) into time order. Each stream comes in its own order, but
 * the streams arrive interleaved by the network, not by time: a line is held until {@code hold} has passed since it
 * arrived, and given out in the order of Docker's times once no line still held could come before it. So two streams
 * are merged in time order when each line arrives within {@code hold} of the lines of the same time from the others.
 *
 * <p>The lines as objects, for {@code homeport logs}; the order is {@link LogMergeQueue}'s, which a view uses on
 * plain numbers. Not thread-safe: one thread offers and drains.
 */
public final class LogMerger {
    /** A line and the label of its stream, as merged. */
    public record Merged(LogLine line, String source) {
    }

    private final LogMergeQueue queue;
    /** The lines held, by slot (the handle in the queue); free slots are stacked in {@code free}. */
    private Merged[] slots = new Merged[256];
    private int[] free = new int[256];
    private int freeCount;
    private int used;

    public LogMerger(java.time.Duration hold) {
        this.queue = new LogMergeQueue(hold);
    }

    /** A line that arrived at {@code now} (nanoTime), from the stream {@code source} (null: the line's own). A line with no time goes after the last line offered. */
    public void offer(LogLine line, String source, long now) {
        int slot;
        if (freeCount > 0) {
            slot = free[--freeCount];
        } else {
            if (used == slots.length) {
                slots = Arrays.copyOf(slots, used * 2);
                free = Arrays.copyOf(free, used * 2);
            }
            slot = used++;
        }
        slots[slot] = new Merged(line, source);
        long time = line.time() == null ? LogMergeQueue.NO_TIME : line.time().getEpochSecond() * 1_000_000_000L + line.time().getNano();
        queue.offer(time, slot, now);
    }

    /** Gives out, in time order, the lines that no line held could now come before. */
    public void drain(long now, Consumer<Merged> out) {
        queue.drain(now, slot -> out.accept(take((int) slot)));
    }

    /** Gives out every line held, in time order (the streams ended). */
    public void drainAll(Consumer<Merged> out) {
        queue.drainAll(slot -> out.accept(take((int) slot)));
    }

    private Merged take(int slot) {
        Merged merged = slots[slot];
        slots[slot] = null;
        free[freeCount++] = slot;
        return merged;
    }

    public int held() {
        return queue.held();
    }
}
