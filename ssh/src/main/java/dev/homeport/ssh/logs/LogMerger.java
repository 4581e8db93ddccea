package dev.homeport.ssh.logs;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Merges the lines of several streams (replicas, releases) into time order. Each stream comes in its own order, but
 * the streams arrive interleaved by the network, not by time: a line is held until {@code hold} has passed since it
 * arrived, and given out in the order of Docker's times once no line still held could come before it. So two streams
 * are merged in time order when each line arrives within {@code hold} of the lines of the same time from the others.
 *
 * <p>Not thread-safe: one thread offers and drains (the view's worker).
 */
public final class LogMerger {
    /** A line and the label of its stream, as merged. */
    public record Merged(LogLine line, String source) {
    }

    private record Held(long key, long order, long arrival, Merged merged) {
    }

    private final long holdNanos;
    private final PriorityQueue<Held> byTime = new PriorityQueue<>(Comparator.comparingLong(Held::key).thenComparingLong(Held::order));
    private final ArrayDeque<Held> young = new ArrayDeque<>();
    private long order;
    private long lastKey = Long.MIN_VALUE;

    public LogMerger(java.time.Duration hold) {
        this.holdNanos = hold.toNanos();
    }

    /** A line that arrived at {@code now} (nanoTime), from the stream {@code source} (null: the line's own). A line with no time goes after the last line offered. */
    public void offer(LogLine line, String source, long now) {
        long key = line.time() == null ? lastKey : line.time().getEpochSecond() * 1_000_000_000L + line.time().getNano();
        lastKey = Math.max(lastKey, key);
        Held held = new Held(key, order++, now, new Merged(line, source));
        byTime.add(held);
        young.addLast(held);
    }

    /** Gives out, in time order, the lines that no line held could now come before. */
    public void drain(long now, Consumer<Merged> out) {
        while (!young.isEmpty() && now - young.peekFirst().arrival() >= holdNanos) {
            young.removeFirst();
        }
        long youngest = Long.MAX_VALUE;
        for (Held each : young) {
            youngest = Math.min(youngest, each.key());
        }
        while (!byTime.isEmpty() && byTime.peek().key() < youngest) {
            out.accept(byTime.poll().merged());
        }
    }

    /** Gives out every line held, in time order (the streams ended). */
    public void drainAll(Consumer<Merged> out) {
        young.clear();
        while (!byTime.isEmpty()) {
            out.accept(byTime.poll().merged());
        }
    }

    public int held() {
        return byTime.size();
    }
}
