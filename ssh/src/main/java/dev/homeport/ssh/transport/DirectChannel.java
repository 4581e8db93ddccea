package dev.homeport.ssh.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;
import org.apache.sshd.client.channel.ChannelDirectTcpip;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelListener;
import org.apache.sshd.common.util.net.SshdSocketAddress;

/**
 * One TCP connection that the node opens to {@code host:port} on our behalf (an SSH {@code direct-tcpip}
 * channel, what {@code ssh -L} opens per connection): bytes written to {@link #out()} arrive there, and
 * what it answers comes out of {@link #in()}. Holds the connection's lease until closed.
 *
 * <p>What arrives is kept as the packets it came in, and the channel's window is given back only once a
 * packet has been read (or passed on by {@link InputStream#transferTo}): the node never sends more than the
 * window ahead of the reader. SSHD's own stream for this copies everything into a growing buffer and out
 * again, and never ends when only the far end has finished sending.
 */
public final class DirectChannel implements AutoCloseable {
    /** The receive window: how far the node may send ahead of the reader. */
    static final long WINDOW = 4L * 1024 * 1024;
    private static final byte[] END = new byte[0];

    private final Tcpip channel;
    private final NodeConnection.Lease lease;
    private final In in = new In();

    DirectChannel(Tcpip channel, NodeConnection.Lease lease) {
        this.channel = channel;
        this.lease = lease;
        channel.sink = this;
    }

    /** The channel, keeping what arrives as packets in a queue for {@link In}. */
    static final class Tcpip extends ChannelDirectTcpip {
        private final LinkedBlockingQueue<byte[]> packets = new LinkedBlockingQueue<>();
        private volatile DirectChannel sink;

        Tcpip(SshdSocketAddress local, SshdSocketAddress remote) {
            super(local, remote);
            // Told on the I/O thread after every data message before it: the end goes after the last packet.
            addChannelListener(new ChannelListener() {
                @Override
                public void channelStateChanged(Channel changed, String hint) {
                    if (changed.isEofSignalled()) {
                        packets.add(END);
                    }
                }

                @Override
                public void channelClosed(Channel closed, Throwable reason) {
                    packets.add(END);
                }
            });
        }

        @Override
        protected void doWriteData(byte[] data, int off, long len) {
            packets.add(Arrays.copyOfRange(data, off, off + (int) len));
        }
    }

    /** What the far end sends, packet by packet; end of stream when it has finished sending, or the channel closed. */
    private final class In extends InputStream {
        private byte[] current;
        private int position;
        private boolean ended;

        /** The next packet with something left in it; null at the end. */
        private byte[] next() throws IOException {
            if (current != null && position < current.length) {
                return current;
            }
            if (ended) {
                return null;
            }
            try {
                byte[] packet = channel.packets.take();
                if (packet == END) {
                    ended = true;
                    return null;
                }
                current = packet;
                position = 0;
                return packet;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("Interrupted while reading from the tunnel");
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            byte[] packet = next();
            if (packet == null) {
                return -1;
            }
            int n = Math.min(length, packet.length - position);
            System.arraycopy(packet, position, buffer, offset, n);
            position += n;
            release(n);
            return n;
        }

        /** Passes each packet on as it is, without copying it again. */
        @Override
        public long transferTo(OutputStream out) throws IOException {
            long moved = 0;
            byte[] packet;
            while ((packet = next()) != null) {
                int n = packet.length - position;
                out.write(packet, position, n);
                position = packet.length;
                moved += n;
                release(n);
            }
            return moved;
        }

        private void release(int n) throws IOException {
            if (channel.isOpen() && !channel.isClosing()) {
                channel.getLocalWindow().release(n);
            }
        }
    }

    /** What the far end sends; end of stream when it has finished sending. */
    public InputStream in() {
        return in;
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
            channel.packets.add(END);
            lease.close();
        }
    }
}
