package dev.homeport.ssh.tunnel;

import dev.homeport.ssh.transport.DirectChannel;
import dev.homeport.ssh.transport.NodeConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local port on loopback that leads to a port on (or behind) a node, as {@code ssh -L} does: each
 * connection accepted here gets its own {@code direct-tcpip} channel over the node's shared SSH
 * connection, and the bytes are copied both ways by two virtual threads, which count them. When the
 * SSH connection dropped, the next connection accepted here opens a new one.
 *
 * <p>It binds 127.0.0.1 only: nothing else on the network can use it.
 */
public final class Tunnel implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Tunnel.class);
    /** Toward the target: what one read of the local socket gives. */
    private static final int UP_BUFFER = 64 * 1024;

    /** What a tunnel is doing. */
    public enum State {
        /** Waiting for a connection. */
        LISTENING,
        /** At least one connection open through it. */
        CONNECTED,
        CLOSED
    }

    /** A snapshot of a tunnel's counters. {@code sent} went to the target, {@code received} came from it. */
    public record Stats(State state, int open, long total, long failed, long sent, long received, String lastError) {
    }

    /** Told of each connection; called on the connection's own thread, so it must not block for long. */
    public interface Listener {
        Listener NONE = new Listener() {
        };

        /** A connection was accepted and the node reached the target. */
        default void opened(int number, InetSocketAddress from) {
        }

        /** A connection ended, with the bytes it moved. */
        default void closed(int number, long sent, long received) {
        }

        /** A connection was accepted, but the node could not reach the target. */
        default void failed(int number, String reason) {
        }
    }

    /**
     * Where each connection accepted goes, asked again for every one: a saved tunnel follows its service's
     * live release this way, and reaches its node again after the node's connection dropped.
     */
    public interface Route {
        /** The node's connection and the target for the next connection; runs on that connection's thread. */
        Hop next();

        /**
         * The node could not reach {@code hop}'s target. True when the route has looked again and the
         * connection should be tried once more with {@link #next()}; false (the default) to give it up.
         */
        default boolean unreachable(Hop hop, RuntimeException reason) {
            return false;
        }
    }

    /** One way through: the connection to a node, and where that node connects to. */
    public record Hop(NodeConnection node, TunnelTarget target) {
    }

    private final Route route;
    private volatile TunnelTarget target;
    private final ServerSocket server;
    private final Listener listener;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger numbers = new AtomicInteger();
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile String lastError;
    private volatile boolean closed;
    private Thread acceptor;

    private Tunnel(Route route, TunnelTarget target, ServerSocket server, Listener listener) {
        this.route = route;
        this.target = target;
        this.server = server;
        this.listener = listener;
    }

    /**
     * Listens on 127.0.0.1:{@code localPort} (0: any free port) and starts accepting. Throws
     * {@link LocalPortInUseException} when the port is taken. Connecting to the node happens on the
     * first connection; call {@link NodeConnection#connect()} first to fail early.
     */
    public static Tunnel open(NodeConnection node, TunnelTarget target, int localPort, Listener listener) {
        Hop fixed = new Hop(node, target);
        Tunnel tunnel = open(() -> fixed, target, localPort, listener);
        log.debug("Tunnel 127.0.0.1:{} -> {} ({}) on {}", tunnel.localPort(), target.what(), target.host() + ":" + target.port(),
                target.node().name());
        return tunnel;
    }

    /**
     * Listens on 127.0.0.1:{@code localPort} and asks {@code route} where to go for each connection
     * accepted. {@code known} is where it leads as far as is known now (null: not yet known). Throws
     * {@link LocalPortInUseException} when the port is taken.
     */
    public static Tunnel open(Route route, TunnelTarget known, int localPort, Listener listener) {
        if (localPort < 0 || localPort > 65535) {
            throw new IllegalArgumentException("A local port is between 1 and 65535 (or 0 for any free one), got " + localPort + ".");
        }
        ServerSocket server = bind(localPort);
        Tunnel tunnel = new Tunnel(route, known, server, listener == null ? Listener.NONE : listener);
        tunnel.acceptor = Thread.ofVirtual().name("homeport-tunnel-" + server.getLocalPort()).start(tunnel::accept);
        return tunnel;
    }

    private static ServerSocket bind(int port) {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        ServerSocket server = null;
        try {
            server = new ServerSocket();
            // Java turns SO_REUSEADDR on: a port left in TIME_WAIT by a tunnel just closed can be bound again,
            // while a port another program listens on still cannot.
            server.bind(new InetSocketAddress(loopback, port), 50);
            return server;
        } catch (BindException e) {
            closeQuietly(server);
            throw new LocalPortInUseException(port, freePortNear(port), e);
        } catch (IOException e) {
            closeQuietly(server);
            throw new IllegalStateException("Cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
    }

    /** A port that is free now: one of the next few after {@code port}, else any. */
    static int freePortNear(int port) {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int candidate = port + 1; candidate > 0 && candidate <= Math.min(65535, port + 20); candidate++) {
            try (ServerSocket probe = new ServerSocket()) {
                probe.bind(new InetSocketAddress(loopback, candidate));
                return candidate;
            } catch (IOException taken) {
                // try the next
            }
        }
        try (ServerSocket probe = new ServerSocket(0, 1, loopback)) {
            return probe.getLocalPort();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Where the last connection went (or where it was opened to); null when a route has not led anywhere yet. */
    public TunnelTarget target() {
        return target;
    }

    public int localPort() {
        return server.getLocalPort();
    }

    /** {@code 127.0.0.1:PORT}. */
    public String localAddress() {
        return "127.0.0.1:" + localPort();
    }

    public String localUrl(String scheme) {
        return scheme + "://" + localAddress();
    }

    public boolean isOpen() {
        return !closed;
    }

    public Stats stats() {
        int now = open.get();
        State state = closed ? State.CLOSED : now > 0 ? State.CONNECTED : State.LISTENING;
        return new Stats(state, now, total.get(), failed.get(), sent.get(), received.get(), lastError);
    }

    private void accept() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    log.warn("Tunnel on {} stopped accepting: {}", localAddress(), e.getMessage());
                    lastError = "Stopped accepting: " + e.getMessage();
                    close();
                }
                return;
            }
            Thread.ofVirtual().name("homeport-tunnel-conn").start(() -> serve(socket));
        }
    }

    private void serve(Socket socket) {
        int number = numbers.incrementAndGet();
        sockets.add(socket);
        DirectChannel channel;
        try {
            socket.setTcpNoDelay(true);
            channel = connect();
        } catch (IOException | RuntimeException e) {
            failed.incrementAndGet();
            lastError = e.getMessage();
            // Told before the socket closes, so whoever sees the connection end finds it counted and told.
            try {
                listener.failed(number, e.getMessage());
            } finally {
                sockets.remove(socket);
                closeQuietly(socket);
            }
            return;
        }
        total.incrementAndGet();
        open.incrementAndGet();
        listener.opened(number, (InetSocketAddress) socket.getRemoteSocketAddress());
        AtomicLong up = new AtomicLong();
        AtomicLong down = new AtomicLong();
        try {
            Thread toTarget = Thread.ofVirtual().name("homeport-tunnel-up").start(() -> {
                try {
                    // Not closed here: closing a socket's stream closes the socket, and the answer may still be coming.
                    copy(socket.getInputStream(), channel.out(), up, sent, true, UP_BUFFER);
                    channel.out().close(); // end-of-file to the target: the client is done sending
                } catch (IOException e) {
                    abort(socket, channel);
                }
            });
            try {
                // Packet by packet, as they came, without another copy.
                channel.in().transferTo(new Counting(socket.getOutputStream(), down, received));
                socket.shutdownOutput(); // the target is done sending
            } catch (IOException e) {
                abort(socket, channel);
            }
            toTarget.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            channel.close();
            closeQuietly(socket);
            sockets.remove(socket);
            try {
                listener.closed(number, up.get(), down.get());
            } finally {
                open.decrementAndGet();
            }
        }
    }

    /** Asks the route where to go and opens the channel there; once more when the route has looked again. */
    private DirectChannel connect() {
        Hop hop = route.next();
        target = hop.target();
        try {
            return hop.node().openDirect(hop.target().host(), hop.target().port());
        } catch (RuntimeException unreachable) {
            if (!route.unreachable(hop, unreachable)) {
                throw unreachable;
            }
            Hop again = route.next();
            target = again.target();
            return again.node().openDirect(again.target().host(), again.target().port());
        }
    }

    /** Counts what passes through, into this connection's count and the tunnel's. */
    private static final class Counting extends java.io.FilterOutputStream {
        private final AtomicLong mine;
        private final AtomicLong all;

        Counting(OutputStream out, AtomicLong mine, AtomicLong all) {
            super(out);
            this.mine = mine;
            this.all = all;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            mine.addAndGet(length);
            all.addAndGet(length);
        }
    }

    private static void copy(InputStream in, OutputStream out, AtomicLong mine, AtomicLong all, boolean flush, int size) throws IOException {
        byte[] buffer = new byte[size];
        int read;
        while ((read = in.read(buffer)) >= 0) {
            if (read == 0) {
                continue;
            }
            out.write(buffer, 0, read);
            if (flush) {
                out.flush();
            }
            mine.addAndGet(read);
            all.addAndGet(read);
        }
        out.flush();
    }

    private static void abort(Socket socket, DirectChannel channel) {
        closeQuietly(socket);
        channel.close();
    }

    /** Stops listening and ends every connection through it. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(server);
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
        // A socket closed while a thread waits in accept() is released only once that thread has woken up:
        // wait for it, so that the port is free when this returns.
        Thread waiting = acceptor;
        if (waiting != null && waiting != Thread.currentThread()) {
            try {
                waiting.join(java.time.Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A byte count for people: {@code 0 B}, {@code 812 B}, {@code 1.4 KiB}, {@code 1.0 GiB}. */
    public static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }
}
