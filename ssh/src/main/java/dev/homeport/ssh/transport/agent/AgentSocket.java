package dev.homeport.ssh.transport.agent;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.apache.sshd.common.SshException;

/**
 * One request and its answer over a fresh connection to an ssh-agent's Unix socket,
 * with a deadline on the whole exchange and a cap on the answer's size.
 *
 * <p>A fresh connection per request keeps no state between calls: concurrent callers
 * never interleave, and an exchange that timed out cannot leave half an answer behind
 * for the next one.
 */
final class AgentSocket {
    /** The same cap OpenSSH's ssh-agent puts on the messages it accepts (AGENT_MAX_LEN). */
    static final int MAX_MESSAGE_BYTES = 256 * 1024;

    static final String FROM_ENVIRONMENT = "from SSH_AUTH_SOCK";
    static final String CONFIGURED = "configured path, not SSH_AUTH_SOCK";

    private final Path path;
    private final String origin;
    private final Duration timeout;

    /**
     * @param origin where the path came from, for error messages: {@link #FROM_ENVIRONMENT} or {@link #CONFIGURED}
     */
    AgentSocket(Path path, String origin, Duration timeout) {
        this.path = Objects.requireNonNull(path, "path");
        this.origin = Objects.requireNonNull(origin, "origin");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("The ssh-agent timeout must be positive, not " + timeout);
        }
    }

    /** Where the agent is, with where that came from: for messages. */
    String describe() {
        return path + " (" + origin + ")";
    }

    /**
     * Sends one message and returns the agent's answer.
     *
     * @param body the message without its length prefix: the type byte and the payload
     * @return the answer without its length prefix, starting at its type byte
     */
    byte[] exchange(byte[] body) throws IOException {
        if (body.length == 0 || body.length > MAX_MESSAGE_BYTES) {
            throw new SshException("Refusing to send a " + body.length + "-byte message to the ssh-agent; the limit is "
                    + MAX_MESSAGE_BYTES);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
                Selector selector = Selector.open()) {
            channel.configureBlocking(false);
            connect(channel, selector, deadline);
            write(channel, selector, ByteBuffer.allocate(Integer.BYTES + body.length).putInt(body.length).put(body).flip(),
                    deadline);
            int length = read(channel, selector, ByteBuffer.allocate(Integer.BYTES), deadline).getInt(0);
            if (length <= 0 || length > MAX_MESSAGE_BYTES) {
                throw new SshException("The ssh-agent at " + describe() + " announced a " + Integer.toUnsignedString(length)
                        + "-byte answer; answers must be 1 to " + MAX_MESSAGE_BYTES + " bytes");
            }
            return read(channel, selector, ByteBuffer.allocate(length), deadline).array();
        }
    }

    private void connect(SocketChannel channel, Selector selector, long deadline) throws IOException {
        try {
            if (!channel.connect(UnixDomainSocketAddress.of(path))) {
                while (!channel.finishConnect()) {
                    await(channel, selector, SelectionKey.OP_CONNECT, deadline);
                }
            }
        } catch (InterruptedIOException timedOutOrInterrupted) {
            throw timedOutOrInterrupted;
        } catch (IOException e) {
            throw new AgentUnavailableException("Cannot connect to the ssh-agent at " + describe() + ": " + e.getMessage()
                    + ". Is ssh-agent running, and is SSH_AUTH_SOCK current?", e);
        }
    }

    private void write(SocketChannel channel, Selector selector, ByteBuffer out, long deadline) throws IOException {
        while (out.hasRemaining()) {
            if (channel.write(out) == 0) {
                await(channel, selector, SelectionKey.OP_WRITE, deadline);
            }
        }
    }

    private ByteBuffer read(SocketChannel channel, Selector selector, ByteBuffer in, long deadline) throws IOException {
        while (in.hasRemaining()) {
            int read = channel.read(in);
            if (read < 0) {
                throw new EOFException("The ssh-agent at " + describe() + " closed the connection before answering in full");
            }
            if (read == 0) {
                await(channel, selector, SelectionKey.OP_READ, deadline);
            }
        }
        return in;
    }

    private void await(SocketChannel channel, Selector selector, int operation, long deadline) throws IOException {
        channel.register(selector, operation);
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("Interrupted while waiting for the ssh-agent at " + describe());
            }
            long remainingNanos = deadline - System.nanoTime();
            if (remainingNanos <= 0) {
                throw new SocketTimeoutException("The ssh-agent at " + describe() + " did not answer within "
                        + timeout.toMillis() + " ms");
            }
            // select(0) would wait forever, so never ask for less than a millisecond.
            if (selector.select(Math.max(1, Duration.ofNanos(remainingNanos).toMillis())) > 0) {
                selector.selectedKeys().clear();
                return;
            }
        }
    }
}
