package dev.homeport.ssh.docker;

import dev.homeport.ssh.transport.Command;
import dev.homeport.ssh.transport.NodeConnection;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The dial-stdio channels of one node. A request takes an idle channel when
 * there is one, so it starts no process on the node; a finished response gives
 * its channel back. At most {@link #MAX_IDLE} wait, each at most
 * {@link #IDLE_TIMEOUT}, since every idle channel holds a process on the node
 * and keeps the SSH connection from closing for idleness.
 */
final class DialStdioPool implements AutoCloseable {
    static final Command DIAL_STDIO = Command.of("docker", "system", "dial-stdio");
    static final int MAX_IDLE = 4;
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

    private final NodeConnection node;
    private final Command dial;
    private final Deque<DialStdioChannel> idle = new ArrayDeque<>();
    private final Set<DialStdioChannel> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger opened = new AtomicInteger();
    private boolean sweepScheduled;
    private boolean closed;

    DialStdioPool(NodeConnection node, Command dial) {
        this.node = node;
        this.dial = dial;
    }

    NodeConnection node() {
        return node;
    }

    Command dialCommand() {
        return dial;
    }

    /** An idle channel, or a new one. */
    DialStdioChannel take() {
        while (true) {
            DialStdioChannel channel;
            synchronized (this) {
                ensureOpen();
                channel = idle.pollFirst();
            }
            if (channel == null) {
                return openNew();
            }
            if (channel.isOpen()) {
                return channel;
            }
            discard(channel);
        }
    }

    /** A new channel, for a first request or for a retry after a stale one. */
    DialStdioChannel openNew() {
        synchronized (this) {
            ensureOpen();
        }
        DialStdioChannel channel = new DialStdioChannel(node.openStream(dial));
        opened.incrementAndGet();
        open.add(channel);
        synchronized (this) {
            if (closed) {
                discard(channel);
                ensureOpen();
            }
        }
        return channel;
    }

    /** Takes back a channel whose response was read to its end. */
    void giveBack(DialStdioChannel channel) {
        synchronized (this) {
            if (!closed && idle.size() < MAX_IDLE && channel.isOpen()) {
                channel.idleSince(System.nanoTime());
                idle.addFirst(channel);
                scheduleSweep();
                return;
            }
        }
        discard(channel);
    }

    /** Closes a channel that must not carry another request. */
    void discard(DialStdioChannel channel) {
        open.remove(channel);
        channel.close();
    }

    int channelsOpened() {
        return opened.get();
    }

    synchronized int idleChannels() {
        return idle.size();
    }

    private void scheduleSweep() {
        if (!sweepScheduled) {
            sweepScheduled = true;
            CompletableFuture.delayedExecutor(IDLE_TIMEOUT.toMillis() / 2, TimeUnit.MILLISECONDS).execute(this::sweep);
        }
    }

    /** Closes the channels idle longer than the timeout (the oldest are at the end). */
    private void sweep() {
        List<DialStdioChannel> expired = new ArrayList<>();
        synchronized (this) {
            sweepScheduled = false;
            long now = System.nanoTime();
            while (!idle.isEmpty() && now - idle.peekLast().idleSinceNanos() > IDLE_TIMEOUT.toNanos()) {
                expired.add(idle.pollLast());
            }
            if (!idle.isEmpty() && !closed) {
                scheduleSweep();
            }
        }
        expired.forEach(this::discard);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("The Docker client for " + node.target().name() + " was closed.");
        }
    }

    /** Closes every channel, idle or busy: streams still running end. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            idle.clear();
        }
        List.copyOf(open).forEach(this::discard);
    }
}
