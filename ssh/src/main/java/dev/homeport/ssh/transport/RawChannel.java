package dev.homeport.ssh.transport;

import java.io.InputStream;
import java.io.OutputStream;
import org.apache.sshd.client.channel.ChannelExec;

/** A remote command's plain streams, for callers that speak their own protocol over them. */
public final class RawChannel implements AutoCloseable {
    private final ChannelExec channel;
    private final NodeConnection.Lease lease;

    RawChannel(ChannelExec channel, NodeConnection.Lease lease) {
        this.channel = channel;
        this.lease = lease;
    }

    public InputStream in() {
        return channel.getInvertedOut();
    }

    public OutputStream out() {
        return channel.getInvertedIn();
    }

    public InputStream err() {
        return channel.getInvertedErr();
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
