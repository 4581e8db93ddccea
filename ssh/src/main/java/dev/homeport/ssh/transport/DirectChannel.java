package dev.homeport.ssh.transport;

import java.io.InputStream;
import java.io.OutputStream;
import org.apache.sshd.client.channel.ChannelDirectTcpip;

/**
 * One TCP connection that the node opens to {@code host:port} on our behalf (an SSH {@code direct-tcpip}
 * channel, what {@code ssh -L} opens per connection): bytes written to {@link #out()} arrive there, and
 * what it answers comes out of {@link #in()}. Holds the connection's lease until closed.
 */
public final class DirectChannel implements AutoCloseable {
    private final ChannelDirectTcpip channel;
    private final NodeConnection.Lease lease;

    DirectChannel(ChannelDirectTcpip channel, NodeConnection.Lease lease) {
        this.channel = channel;
        this.lease = lease;
    }

    /** What the far end sends; end of stream when it closed its side. */
    public InputStream in() {
        return channel.getInvertedOut();
    }

    /** To the far end; closing it sends end-of-file (the far end sees its peer shut down writing). */
    public OutputStream out() {
        return channel.getInvertedIn();
    }

    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() {
        try {
            channel.close(false);
        } finally {
            lease.close();
        }
    }
}
