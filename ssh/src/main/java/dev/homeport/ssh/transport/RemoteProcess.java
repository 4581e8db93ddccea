package dev.homeport.ssh.transport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;

/**
 * A running remote command. Its output goes to the {@link LineSink}; its stdin
 * can be written; {@link #cancel()} ends the remote process too.
 */
public final class RemoteProcess implements AutoCloseable {
    private final NodeConnection connection;
    private final ChannelExec channel;
    private final String name;
    private final NodeConnection.Lease lease;
    private final CountDownLatch readersDone = new CountDownLatch(2);
    private volatile boolean cancelled;

    RemoteProcess(NodeConnection connection, ChannelExec channel, String name, LineSink sink, NodeConnection.Lease lease) {
        this.connection = connection;
        this.channel = channel;
        this.name = name;
        this.lease = lease;
        read(channel.getInvertedOut(), LineSink.Source.STDOUT, sink);
        read(channel.getInvertedErr(), LineSink.Source.STDERR, sink);
    }

    /** The command's stdin. Close it to send end-of-file. */
    public OutputStream stdin() {
        return channel.getInvertedIn();
    }

    /** Waits for the command to end and returns its exit status. */
    public int waitFor(Duration timeout) {
        Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout);
        if (events.contains(ClientChannelEvent.TIMEOUT)) {
            throw new NodeException(NodeException.Kind.COMMAND_TIMED_OUT, "'" + name + "' on " + connection.target().name()
                    + " did not finish within " + timeout.toSeconds() + " s.");
        }
        awaitReaders();
        try {
            return connection.exitStatus(channel, channel.getClientSession());
        } finally {
            lease.close();
        }
    }

    public boolean isRunning() {
        return channel.isOpen();
    }

    public boolean cancelled() {
        return cancelled;
    }

    /** Stops the remote process (SIGTERM) and closes the channel. */
    public void cancel() {
        cancelled = true;
        Signals.terminate(channel);
        awaitReaders();
        lease.close();
    }

    @Override
    public void close() {
        if (channel.isOpen()) {
            cancel();
        }
    }

    private void read(InputStream stream, LineSink.Source source, LineSink sink) {
        Thread.ofVirtual().name("homeport-ssh-" + source.name().toLowerCase(java.util.Locale.ROOT)).start(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    sink.line(source, line);
                }
            } catch (IOException endedWithTheChannel) {
                // the channel closed: a cancel or a dropped connection, reported by waitFor
            } finally {
                readersDone.countDown();
            }
        });
    }

    private void awaitReaders() {
        try {
            readersDone.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
