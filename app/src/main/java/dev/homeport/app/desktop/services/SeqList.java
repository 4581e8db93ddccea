package dev.homeport.app.desktop.services;

import java.util.Arrays;

/**
 * The sequence numbers of the lines a log view shows, in order (ascending): a plain array of longs (8 bytes a line, no
 * object per line), added to at the end and cut at the front as the oldest lines are dropped. FX thread only.
 */
final class SeqList {
    private long[] values = new long[1024];
    private int start;
    private int size;

    /** The number of the line at {@code index} (0: the oldest shown). */
    long at(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        return values[start + index];
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** A copy of the numbers, for work off the FX thread. */
    long[] seqs() {
        return Arrays.copyOfRange(values, start, start + size);
    }

    /** A copy of the numbers from {@code from} (inclusive) to {@code to} (exclusive). */
    long[] seqs(int from, int to) {
        return Arrays.copyOfRange(values, start + from, start + to);
    }

    /**
     * Where {@code seq} is, or where it would be: the index of the first number at least {@code seq} (the size when
     * every number is smaller).
     */
    int indexOf(long seq) {
        int found = Arrays.binarySearch(values, start, start + size, seq);
        return (found >= 0 ? found : -found - 1) - start;
    }

    /** A list of these numbers (ascending), for a view that shows other lines (a search, a filter). */
    static SeqList of(long[] seqs) {
        SeqList list = new SeqList();
        list.values = Arrays.copyOf(seqs, Math.max(1024, seqs.length));
        list.size = seqs.length;
        return list;
    }

    /**
     * Drops the numbers before {@code first}, then adds the first {@code count} of {@code seqs} (ascending) after the
     * others, but for those before {@code first} too: lines that came and were dropped in the same step.
     */
    void append(long[] seqs, int count, long first) {
        int drop = indexOf(first);
        start += drop;
        size -= drop;
        int skip = Arrays.binarySearch(seqs, 0, count, first);
        skip = skip >= 0 ? skip : -skip - 1;
        count -= skip;
        if (start + size + count > values.length) {
            long[] next = size + count > values.length / 2 ? new long[Math.max(1024, (size + count) * 2)] : values;
            System.arraycopy(values, start, next, 0, size);
            values = next;
            start = 0;
        }
        System.arraycopy(seqs, skip, values, start + size, count);
        size += count;
    }
}
