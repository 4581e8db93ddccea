package dev.homeport.ssh.docker;

import com.github.dockerjava.transport.DockerHttpClient;
import dev.homeport.ssh.transport.Command;
import dev.homeport.ssh.transport.NodeConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Locale;

/**
 * docker-java's HTTP transport over SSH: each connection to the Docker daemon
 * is an exec channel running {@code docker system dial-stdio} on the node, and
 * this class speaks HTTP/1.1 over it. Channels are kept for the next request
 * (keep-alive), so a warm call costs one round trip and starts no process.
 * Hijacking requests (attach, exec with stdin) turn their channel into the
 * container's raw stream in both directions; such a channel is never reused.
 */
public final class DialStdioHttpClient implements DockerHttpClient {
    private final DialStdioPool pool;

    public DialStdioHttpClient(NodeConnection node) {
        this(node, DialStdioPool.DIAL_STDIO);
    }

    /** With another command in place of {@code docker system dial-stdio}, for tests that must find its process. */
    DialStdioHttpClient(NodeConnection node, Command dial) {
        this.pool = new DialStdioPool(node, dial);
    }

    /** How many dial-stdio channels this client has opened so far (each one a process on the node). */
    public int channelsOpened() {
        return pool.channelsOpened();
    }

    /** How many channels wait for the next request. */
    public int idleChannels() {
        return pool.idleChannels();
    }

    @Override
    public Response execute(Request request) {
        DialStdioChannel channel = pool.take();
        boolean reused = channel.reused();
        try {
            return exchange(channel, request);
        } catch (StaleChannel stale) {
            // A kept channel that ended before answering (its dial-stdio or the daemon went away):
            // the request did not reach the daemon's handler, so it is sent once more on a new channel.
            if (!reused || request.body() != null && request.bodyBytes() == null) {
                throw failure(channel, stale.getCause());
            }
            pool.discard(channel);
            DialStdioChannel fresh = pool.openNew();
            try {
                return exchange(fresh, request);
            } catch (StaleChannel again) {
                throw failure(fresh, again.getCause());
            }
        }
    }

    private Response exchange(DialStdioChannel channel, Request request) throws StaleChannel {
        boolean answered = false;
        boolean reused = channel.reused();
        try {
            channel.startExchange();
            try {
                HttpWire.writeRequest(channel.out(), request);
            } catch (IOException e) {
                throw new StaleChannel(e);
            }
            HttpWire.Head head = HttpWire.readHead(channel.in());
            if (head == null) {
                throw new StaleChannel(new java.io.EOFException("the channel ended before the daemon answered"));
            }
            answered = true;
            InputStream hijackedInput = request.hijackedInput();
            if (hijackedInput != null && (head.status() == 101 || head.status() / 100 == 2)) {
                pumpStdin(channel, hijackedInput);
                // docker-java takes 101 Switching Protocols as success only when it reads 200.
                return new DialStdioResponse(head.withStatus(200), new ResponseBody.UntilClose(channel.in()), channel, pool, false);
            }
            ResponseBody body = HttpWire.body(channel.in(), request.method(), head);
            return new DialStdioResponse(head, body, channel, pool, head.keepsAlive() && hijackedInput == null);
        } catch (IOException e) {
            if (!answered && !reused) {
                throw failure(channel, e);
            }
            pool.discard(channel);
            throw new UncheckedIOException("The Docker API on " + nodeName() + " failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            pool.discard(channel);
            throw e;
        }
    }

    /** Copies the caller's stdin into a hijacked channel; its end becomes end-of-file for the container. */
    private static void pumpStdin(DialStdioChannel channel, InputStream stdin) {
        Thread.ofVirtual().name("homeport-docker-stdin").start(() -> {
            byte[] buffer = new byte[8192];
            try {
                int n;
                while ((n = stdin.read(buffer)) >= 0) {
                    channel.out().write(buffer, 0, n);
                    channel.out().flush();
                }
                channel.endOutput();
            } catch (IOException endedWithTheStream) {
                // the channel closed first: the attach is over
            }
        });
    }

    /** A channel that ended without an answer: closes it and tells why, from what dial-stdio wrote on stderr. */
    private RuntimeException failure(DialStdioChannel channel, Throwable cause) {
        String said = channel.errorText(Duration.ofSeconds(3));
        pool.discard(channel);
        String user = pool.node().target().user();
        String start = "Docker cannot be reached on " + nodeName() + " as " + user + ": '" + pool.dialCommand().render() + "'";
        if (said.isEmpty()) {
            return new DockerUnavailableException(start + " ended without an answer (" + cause.getMessage() + ").", cause);
        }
        String lower = said.toLowerCase(Locale.ROOT);
        String hint = "";
        if (lower.contains("permission denied")) {
            hint = " Is " + user + " in the node's docker group?";
        } else if (lower.contains("docker.sock") || lower.contains("cannot connect") || lower.contains("connection refused")) {
            // dial-stdio names the socket it could not open: no daemon there, or one that is down
            hint = " Is the Docker daemon running on the node?";
        } else if (lower.contains("not found")) {
            hint = " Is Docker installed on the node, and on the PATH of a non-interactive SSH session?";
        }
        return new DockerUnavailableException(start + " failed: " + said + "." + hint, cause);
    }

    private String nodeName() {
        return pool.node().target().name();
    }

    @Override
    public void close() {
        pool.close();
    }

    /** A channel that ended before the daemon said anything. */
    private static final class StaleChannel extends Exception {
        StaleChannel(IOException cause) {
            super(cause);
        }
    }
}
