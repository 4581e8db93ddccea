package dev.homeport.ssh.transport.agent;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A misbehaving agent on a Unix socket: it accepts connections, then sends a fixed reply (maybe nothing) and stays. */
final class FakeAgent implements AutoCloseable {
    private final Path socket;
    private final ServerSocketChannel server;
    private final List<SocketChannel> accepted = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private FakeAgent(Path socket, byte[] reply, boolean hangUp) throws IOException {
        this.socket = socket;
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        acceptor = Thread.ofVirtual().name("fake-agent").start(() -> serve(reply, hangUp));
    }

    /** Accepts and never says a word. */
    static FakeAgent silent(Path socket) throws IOException {
        return new FakeAgent(socket, new byte[0], false);
    }

    /** Answers every request with these raw bytes, then keeps the connection open. */
    static FakeAgent replying(Path socket, byte[] reply) throws IOException {
        return new FakeAgent(socket, reply, false);
    }

    /** Answers every request with these raw bytes, then closes the connection. */
    static FakeAgent replyingAndHangingUp(Path socket, byte[] reply) throws IOException {
        return new FakeAgent(socket, reply, true);
    }

    Path socket() {
        return socket;
    }

    private void serve(byte[] reply, boolean hangUp) {
        try {
            while (true) {
                SocketChannel channel = server.accept();
                accepted.add(channel);
                if (reply.length > 0 || hangUp) {
                    channel.read(ByteBuffer.allocate(1024));
                    channel.write(ByteBuffer.wrap(reply));
                }
                if (hangUp) {
                    channel.close();
                }
            }
        } catch (IOException closed) {
            // close() shut the server; nothing more to serve.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        try {
            acceptor.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SocketChannel channel : accepted) {
            channel.close();
        }
    }
}
