package dev.homeport.ssh.docker;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A response body read from a dial-stdio channel. It knows where its framing
 * ends, so the channel can carry the next response once this one is read to
 * the end. Bytes are handed out as they arrive: a read returns what one read
 * of the channel gave, never waiting to fill the caller's buffer.
 */
abstract sealed class ResponseBody extends InputStream
        permits ResponseBody.Empty, ResponseBody.FixedLength, ResponseBody.Chunked, ResponseBody.UntilClose {
    final InputStream in;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean closed;
    private Runnable onClose = () -> { };

    ResponseBody(InputStream in) {
        this.in = in;
    }

    void onClose(Runnable action) {
        this.onClose = action;
    }

    /** True once the framing's end has been read; the channel then has nothing left of this response. */
    abstract boolean atEnd();

    /** True when the end is marked in the stream itself; a body that runs until the channel closes never is. */
    boolean framed() {
        return true;
    }

    abstract int readFramed(byte[] buffer, int offset, int length) throws IOException;

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public final int read(byte[] buffer, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, buffer.length);
        lock.lock();
        try {
            if (closed) {
                throw new IOException("The Docker API response was closed.");
            }
            if (length == 0) {
                return 0;
            }
            return readFramed(buffer, offset, length);
        } finally {
            lock.unlock();
        }
    }

    /** Closing the body closes its response (which may keep the channel for the next request). */
    @Override
    public void close() {
        onClose.run();
    }

    /**
     * Ends reading for good. Returns false at once when another thread is in the middle of a read
     * (the caller then closes the channel, which ends that read).
     */
    boolean closeForReading() {
        if (!lock.tryLock()) {
            return false;
        }
        try {
            closed = true;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Reads and drops the rest, up to {@code limit} bytes; true when that reached the end. Only after {@link #closeForReading()}. */
    boolean skipRest(long limit) throws IOException {
        byte[] scratch = new byte[8192];
        long skipped = 0;
        while (!atEnd() && skipped <= limit) {
            int n = readFramed(scratch, 0, scratch.length);
            if (n < 0) {
                break;
            }
            skipped += n;
        }
        return atEnd();
    }

    static java.io.EOFException truncated(String what) {
        return new java.io.EOFException("The Docker API connection ended inside " + what + ".");
    }

    /** No body: 204, 304, or a Content-Length of 0. */
    static final class Empty extends ResponseBody {
        Empty(InputStream in) {
            super(in);
        }

        @Override
        boolean atEnd() {
            return true;
        }

        @Override
        int readFramed(byte[] buffer, int offset, int length) {
            return -1;
        }
    }

    /** A body of {@code Content-Length} bytes. */
    static final class FixedLength extends ResponseBody {
        private long remaining;

        FixedLength(InputStream in, long length) {
            super(in);
            this.remaining = length;
        }

        @Override
        boolean atEnd() {
            return remaining == 0;
        }

        @Override
        int readFramed(byte[] buffer, int offset, int length) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, remaining));
            if (n < 0) {
                throw truncated("a response body (" + remaining + " bytes missing)");
            }
            remaining -= n;
            return n;
        }
    }

    /** {@code Transfer-Encoding: chunked}: the form of every streamed response (logs, build output, events). */
    static final class Chunked extends ResponseBody {
        private static final int MAX_LINE = 8192;
        private long chunkRemaining;
        private boolean chunkEndPending;
        private boolean done;

        Chunked(InputStream in) {
            super(in);
        }

        @Override
        boolean atEnd() {
            return done;
        }

        @Override
        int readFramed(byte[] buffer, int offset, int length) throws IOException {
            if (done) {
                return -1;
            }
            if (chunkRemaining == 0) {
                if (chunkEndPending) {
                    expectLineEnd();
                    chunkEndPending = false;
                }
                long size = chunkSize(line());
                if (size == 0) {
                    // Trailers, if any, end with an empty line.
                    while (!line().isEmpty()) {
                        // dropped: Docker sends none, and docker-java reads none
                    }
                    done = true;
                    return -1;
                }
                chunkRemaining = size;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, chunkRemaining));
            if (n < 0) {
                throw truncated("a chunked response body");
            }
            chunkRemaining -= n;
            // The CRLF after the chunk is read with the next chunk's size, so this read returns at once.
            chunkEndPending = chunkRemaining == 0;
            return n;
        }

        private void expectLineEnd() throws IOException {
            if (!line().isEmpty()) {
                throw new IOException("The Docker API sent a malformed chunk (no CRLF after its data).");
            }
        }

        private String line() throws IOException {
            String line = HttpWire.readLine(in, MAX_LINE);
            if (line == null) {
                throw truncated("a chunked response body");
            }
            return line;
        }

        private static long chunkSize(String line) throws IOException {
            int extension = line.indexOf(';');
            String hex = (extension < 0 ? line : line.substring(0, extension)).strip();
            try {
                long size = Long.parseLong(hex, 16);
                if (size < 0) {
                    throw new NumberFormatException(hex);
                }
                return size;
            } catch (NumberFormatException e) {
                throw new IOException("The Docker API sent a malformed chunk size: '" + hex + "'.");
            }
        }
    }

    /** A body that runs until the channel ends: hijacked streams, and responses without framing. Never reusable. */
    static final class UntilClose extends ResponseBody {
        private boolean ended;

        UntilClose(InputStream in) {
            super(in);
        }

        @Override
        boolean atEnd() {
            return ended;
        }

        @Override
        boolean framed() {
            return false;
        }

        @Override
        int readFramed(byte[] buffer, int offset, int length) throws IOException {
            if (ended) {
                return -1;
            }
            int n = in.read(buffer, offset, length);
            if (n < 0) {
                ended = true;
            }
            return n;
        }
    }
}
