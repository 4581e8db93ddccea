package dev.homeport.app.desktop.services;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import javafx.collections.ObservableListBase;

/**
 * The sequence numbers of the lines a log view shows, in order, as the list its {@code ListView} shows: a plain
 * array of longs (8 bytes a line, no object per line), added to at the end and cut at the front as the oldest lines
 * are dropped. FX thread only.
 */
final class SeqList extends ObservableListBase<Long> {
    private long[] values = new long[1024];
    private int start;
    private int size;

    @Override
    public Long get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        return values[start + index];
    }

    long at(int index) {
        return values[start + index];
    }

    @Override
    public int size() {
        return size;
    }

    /** A copy of the numbers, for work off the FX thread. */
    long[] seqs() {
        return Arrays.copyOfRange(values, start, start + size);
    }

    /**
     * A list of these numbers. A view shows other lines (a search, a filter) with a new list rather than a change
     * to its own: a change would list every number removed, a million of them, boxed, on the FX thread.
     */
    static SeqList of(long[] seqs) {
        SeqList list = new SeqList();
        list.values = Arrays.copyOf(seqs, Math.max(1024, seqs.length));
        list.size = seqs.length;
        return list;
    }

    /** Adds these after the others and drops the numbers before {@code first}, in one change. */
    void append(long[] seqs, int count, long first) {
        int drop = 0;
        while (drop < size && values[start + drop] < first) {
            drop++;
        }
        List<Long> removed = removed(0, drop);
        start += drop;
        size -= drop;
        if (start + size + count > values.length) {
            long[] next = size + count > values.length / 2 ? new long[Math.max(1024, (size + count) * 2)] : values;
            System.arraycopy(values, start, next, 0, size);
            values = next;
            start = 0;
        }
        System.arraycopy(seqs, 0, values, start + size, count);
        size += count;
        beginChange();
        if (drop > 0) {
            nextRemove(0, removed);
        }
        if (count > 0) {
            nextAdd(size - count, size);
        }
        endChange();
    }

    private List<Long> removed(int from, int to) {
        long[] copy = Arrays.copyOfRange(values, start + from, start + to);
        return new AbstractList<>() {
            @Override
            public Long get(int index) {
                return copy[index];
            }

            @Override
            public int size() {
                return copy.length;
            }
        };
    }
}
