package dev.homeport.ssh.docker;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * One target's share of an image archive being read once from the source: the
 * chunks the reader hands over, read as the body of that target's load. At most
 * {@link #QUEUED_CHUNKS} chunks wait, so a slow target holds the reader back
 * instead of the archive piling up in memory.
 */
final class ArchiveFeed extends InputStream {
    static final int CHUNK = 64 * 1024;
    static final int QUEUED_CHUNKS = 32;
    private static final byte[] END = new byte[0];
    private static final long WAIT_MILLIS = 100;

    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUED_CHUNKS);
    private final LongConsumer progress;
    private volatile IOException abort;
    private volatile boolean consumerGone;
    private volatile long taken;
    private byte[] current = END;
    private int position;
    private boolean ended;

    /** {@code progress} hears the bytes the target has taken so far, after each chunk. */
    ArchiveFeed(LongConsumer progress) {
        this.progress = progress;
    }

    /** Hands a chunk over, waiting while the target is behind; false when the target no longer reads (it ended or failed). */
    boolean put(byte[] chunk) throws InterruptedException {
        while (!consumerGone && abort == null) {
            if (queue.offer(chunk, WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                return true;
            }
        }
        return false;
    }

    /** The archive is whole: the target's body ends after what is queued. */
    void end() throws InterruptedException {
        put(END);
    }

    /** The archive will not be whole (the source failed, or the copy was cancelled): the target's next read throws {@code why}. */
    void abort(IOException why) {
        abort = why;
    }

    /** The target stopped reading (its load ended or failed): the reader stops feeding it. */
    void consumerGone() {
        consumerGone = true;
        queue.clear();
    }

    /** How many bytes the target has read. */
    long taken() {
        return taken;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (ended) {
            return -1;
        }
        while (position == current.length) {
            if (abort != null) {
                throw abort;
            }
            byte[] next;
            try {
                next = queue.poll(WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("The image copy was interrupted.");
            }
            if (next == END) {
                ended = true;
                return -1;
            }
            if (next != null) {
                current = next;
                position = 0;
                progress.accept(taken);
            }
        }
        int n = Math.min(length, current.length - position);
        System.arraycopy(current, position, buffer, offset, n);
        position += n;
        taken += n;
        return n;
    }
}
