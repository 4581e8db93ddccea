package dev.homeport.ssh.docker;

import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A response whose body is read straight from its channel. Closing it gives
 * the channel back only when the body has been read to its end; a body still
 * running (a log stream, an unread download) or one that failed ends with its
 * channel.
 */
final class DialStdioResponse implements DockerHttpClient.Response {
    /**
     * How long close() waits for the little that usually follows a parsed body: docker-java stops
     * reading after the last JSON value, and a chunked body's last chunk may still be on its way.
     */
    static final Duration LINGER = Duration.ofMillis(250);
    static final long LINGER_LIMIT = 256 * 1024;

    private final HttpWire.Head head;
    private final ResponseBody body;
    private final DialStdioChannel channel;
    private final DialStdioPool pool;
    private final boolean reusable;
    private final AtomicBoolean closed = new AtomicBoolean();

    DialStdioResponse(HttpWire.Head head, ResponseBody body, DialStdioChannel channel, DialStdioPool pool, boolean reusable) {
        this.head = head;
        this.body = body;
        this.channel = channel;
        this.pool = pool;
        this.reusable = reusable && body.framed();
        body.onClose(this::close);
    }

    @Override
    public int getStatusCode() {
        return head.status();
    }

    @Override
    public Map<String, List<String>> getHeaders() {
        return head.headers();
    }

    @Override
    public String getHeader(String name) {
        return head.header(name);
    }

    @Override
    public InputStream getBody() {
        return body;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (!body.closeForReading()) {
            // Another thread is blocked reading (a stream being cancelled): closing the channel ends its read.
            pool.discard(channel);
            return;
        }
        if (reusable && readToEnd()) {
            pool.giveBack(channel);
        } else {
            pool.discard(channel);
        }
    }

    /** Reads what is left of a framed body, if it is little and arrives soon. */
    private boolean readToEnd() {
        if (body.atEnd()) {
            return true;
        }
        boolean[] ended = new boolean[1];
        Thread reader = Thread.ofVirtual().name("homeport-docker-linger").start(() -> {
            try {
                ended[0] = body.skipRest(LINGER_LIMIT);
            } catch (IOException e) {
                ended[0] = false;
            }
        });
        try {
            if (reader.join(LINGER)) {
                return ended[0];
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }
}
