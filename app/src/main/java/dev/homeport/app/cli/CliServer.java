package dev.homeport.app.cli;

import dev.homeport.app.Homeport;
import dev.homeport.model.HomeportHome;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open app serves the {@code homeport} command on a Unix-domain socket in the
 * data folder ({@link HomeportHome#cliSocket()}: the folder 0700, the socket 0600,
 * and a peer of another user is refused). Each connection runs one command, the same
 * picocli command as in its own process, on the app's open store: the app's store
 * thread stays the only writer and its deploy guard holds for both. Output streams
 * back as it is written; prompts and standard input come from the client's terminal
 * ({@link CliClient}); Ctrl-C there cancels the command here. After a command that
 * changed the store, {@code changed} runs (the app reads its tree again).
 */
public final class CliServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CliServer.class);
    /** How long closing the app waits for served commands to end after cancelling them. */
    private static final long CLOSE_WAIT_SECONDS = 10;
    /** How long a session waits for the client to tell its terminal's size. */
    private static final long SIZE_WAIT_SECONDS = 10;

    private final Homeport homeport;
    private final Runnable changed;
    private final Path socket;
    private final ServerSocketChannel server;
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private CliServer(Homeport homeport, Runnable changed, Path socket, ServerSocketChannel server) {
        this.homeport = homeport;
        this.changed = changed;
        this.socket = socket;
        this.server = server;
    }

    /**
     * Serves the command line on {@code homeport}'s store until closed. The caller holds the
     * store (and so its lock): a socket file left by an app that crashed is replaced.
     */
    public static CliServer start(Homeport homeport, Runnable changed) throws IOException {
        Path socket = homeport.home().cliSocket();
        Path folder = socket.getParent();
        Files.createDirectories(folder);
        if (folder.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        }
        Files.deleteIfExists(socket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(socket));
            if (socket.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            }
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        CliServer started = new CliServer(homeport, changed, socket, server);
        Thread.ofPlatform().daemon().name("homeport-cli-server").start(started::accept);
        return started;
    }

    public Path socket() {
        return socket;
    }

    private void accept() {
        while (!closed) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!closed) {
                    log.warn("The command line server stopped accepting: {}", e.getMessage());
                }
                return;
            }
            if (!sameUser(client)) {
                closeQuietly(client);
                continue;
            }
            Session session = new Session(client);
            sessions.add(session);
            Thread.ofVirtual().name("homeport-cli-session").start(() -> {
                try {
                    session.run();
                } finally {
                    sessions.remove(session);
                }
            });
        }
    }

    /** The folder's mode keeps others out; where the OS tells the peer's user, it is checked too. */
    private static boolean sameUser(SocketChannel client) {
        try {
            UnixDomainPrincipal peer = client.getOption(ExtendedSocketOptions.SO_PEERCRED);
            String me = System.getProperty("user.name");
            if (!peer.user().getName().equals(me)) {
                log.warn("Refused a command line connection from user {}", peer.user().getName());
                return false;
            }
            return true;
        } catch (UnsupportedOperationException | IOException notTold) {
            return true;
        }
    }

    /** Cancels the commands still running, waits a little for them to report, and removes the socket. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        List<Session> running = new ArrayList<>(sessions);
        running.forEach(Session::cancel);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CLOSE_WAIT_SECONDS);
        for (Session session : running) {
            try {
                session.ended.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            closeQuietly(session.channel);
        }
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            log.warn("Could not remove {}: {}", socket, e.getMessage());
        }
    }

    /** One command: read its request, run it, send its exit code. */
    private final class Session implements Interrupts {
        private final SocketChannel channel;
        private final DataOutputStream toClient;
        private final BlockingQueue<byte[]> stdin = new LinkedBlockingQueue<>();
        private final BlockingQueue<Optional<byte[]>> answers = new LinkedBlockingQueue<>();
        /** The client terminal's sizes not yet taken by a session (an empty one: the client is gone). */
        private final BlockingQueue<int[]> sizes = new LinkedBlockingQueue<>();
        private volatile SessionTerminal.Resized resized;
        private final List<Thread> hooks = new ArrayList<>();
        private final CountDownLatch ended = new CountDownLatch(1);
        private volatile boolean cancelled;
        private volatile boolean gone;
        private volatile boolean done;
        private volatile Thread command;

        Session(SocketChannel channel) {
            this.channel = channel;
            this.toClient = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel)));
        }

        void run() {
            command = Thread.currentThread();
            try (channel) {
                DataInputStream fromClient = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel)));
                CliWire.Frame first = CliWire.read(fromClient);
                if (first == null || first.type() != CliWire.RUN) {
                    return;
                }
                DataInputStream request = first.data();
                int version = request.readInt();
                if (version != CliWire.VERSION) {
                    send(CliWire.STDERR, ("homeport: the open Homeport app speaks version " + CliWire.VERSION + " of the command line"
                            + " protocol, this command " + version + "; use the homeport command of the same installation.\n")
                            .getBytes(StandardCharsets.UTF_8));
                    exit(Cli.FAILED);
                    return;
                }
                Path folder = Path.of(CliWire.getString(request));
                boolean interactive = request.readByte() == 1;
                String[] args = new String[request.readInt()];
                for (int i = 0; i < args.length; i++) {
                    args[i] = CliWire.getString(request);
                }
                Thread.ofVirtual().name("homeport-cli-session-input").start(() -> listen(fromClient));
                int code = execute(args, folder.isAbsolute() ? folder : folder.toAbsolutePath(), interactive);
                done = true;
                exit(code);
            } catch (IOException e) {
                if (!gone) {
                    log.warn("A command line connection failed: {}", e.getMessage());
                }
            } finally {
                ended.countDown();
            }
        }

        private int execute(String[] args, Path folder, boolean interactive) {
            PrintWriter out = writer(CliWire.STDOUT);
            PrintWriter err = writer(CliWire.STDERR);
            Terminal terminal = Terminal.remote(new RemoteInput(), interactive ? this::ask : null, ClientTerminal::new);
            long before = homeport.changeCount();
            try {
                return Cli.served(args, new CliContext(homeport, terminal, new Output(out), folder, this), out, err);
            } catch (RuntimeException e) {
                err.println("homeport: " + e.getMessage());
                err.flush();
                return Cli.FAILED;
            } finally {
                if (homeport.changeCount() != before) {
                    changed.run();
                }
            }
        }

        /** Frames from the client after the request: input, answers, Ctrl-C, or its end. */
        private void listen(DataInputStream fromClient) {
            try {
                for (CliWire.Frame frame; (frame = CliWire.read(fromClient)) != null; ) {
                    switch (frame.type()) {
                        case CliWire.STDIN -> stdin.add(frame.payload());
                        case CliWire.ANSWER -> answers.add(frame.payload().length > 0 && frame.payload()[0] == 1
                                ? Optional.of(Arrays.copyOfRange(frame.payload(), 1, frame.payload().length)) : Optional.empty());
                        case CliWire.CANCEL -> cancel();
                        case CliWire.SIZE -> {
                            DataInputStream size = frame.data();
                            resize(size.readInt(), size.readInt());
                        }
                        default -> throw new IOException("unexpected frame '" + (char) frame.type() + "'");
                    }
                }
            } catch (IOException e) {
                // the client is gone: as if it had pressed Ctrl-C and closed its input
            }
            if (!done) {
                gone = true;
                stdin.add(new byte[0]);
                answers.add(Optional.empty());
                sizes.add(new int[0]);
                cancel();
            }
        }

        /** Ctrl-C at the client: the command's hooks run, as shutdown hooks would; a command with none is interrupted. */
        void cancel() {
            List<Thread> starting;
            synchronized (hooks) {
                cancelled = true;
                starting = new ArrayList<>(hooks);
                hooks.clear();
            }
            starting.forEach(Thread::start);
            Thread running = command;
            if (starting.isEmpty() && running != null && !done) {
                running.interrupt();
            }
        }

        @Override
        public void add(Thread hook) {
            synchronized (hooks) {
                if (!cancelled) {
                    hooks.add(hook);
                    return;
                }
            }
            hook.start();
        }

        @Override
        public void remove(Thread hook) {
            synchronized (hooks) {
                hooks.remove(hook);
            }
        }

        private char[] ask(String prompt, boolean echo) {
            synchronized (answers) {
                try {
                    byte[] text = prompt.getBytes(StandardCharsets.UTF_8);
                    byte[] payload = new byte[text.length + 5];
                    ByteBuffer.wrap(payload).put((byte) (echo ? 1 : 0)).putInt(text.length).put(text);
                    send(CliWire.PROMPT, payload);
                    Optional<byte[]> answer = answers.take();
                    if (answer.isEmpty()) {
                        return null;
                    }
                    CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(answer.get()));
                    char[] result = Arrays.copyOf(chars.array(), chars.limit());
                    Arrays.fill(chars.array(), '\0');
                    Arrays.fill(answer.get(), (byte) 0);
                    return result;
                } catch (IOException e) {
                    return null;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
        }

        private void resize(int columns, int rows) {
            SessionTerminal.Resized now = resized;
            if (now != null) {
                now.to(columns, rows);
            } else {
                sizes.add(new int[] {columns, rows});
            }
        }

        /**
         * The client's terminal, for a session ({@code homeport shell}): asked for its size first, then raw mode
         * once the session is open; restored when it closes (the client also restores it when the command ends).
         */
        private final class ClientTerminal implements SessionTerminal {
            private final int columns;
            private final int rows;

            ClientTerminal() {
                sizes.clear();
                tell(CliWire.SESSION_SIZE);
                int[] size;
                try {
                    size = sizes.poll(SIZE_WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CliException(Cli.FAILED, "interrupted while waiting for the terminal's size");
                }
                if (size == null || size.length == 0) {
                    throw new CliException(Cli.FAILED, "the terminal did not tell its size");
                }
                columns = size[0];
                rows = size[1];
            }

            @Override
            public int columns() {
                return columns;
            }

            @Override
            public int rows() {
                return rows;
            }

            @Override
            public void onResize(Resized listener) {
                resized = listener;
                // A resize that came before the listener was set is not lost.
                int[] last = null;
                for (int[] size; (size = sizes.poll()) != null; ) {
                    last = size.length == 2 ? size : last;
                }
                if (last != null) {
                    listener.to(last[0], last[1]);
                }
            }

            @Override
            public void raw() {
                tell(CliWire.SESSION_RAW);
            }

            @Override
            public void close() {
                resized = null;
                try {
                    if (!gone) {
                        send(CliWire.SESSION, new byte[] {CliWire.SESSION_END});
                    }
                } catch (IOException e) {
                    gone = true;
                }
            }

            private void tell(byte what) {
                try {
                    send(CliWire.SESSION, new byte[] {what});
                } catch (IOException e) {
                    gone = true;
                    throw new CliException(Cli.FAILED, "lost the connection to the command's terminal");
                }
            }
        }

        private void exit(int code) throws IOException {
            CliWire.writeInt(toClient, CliWire.EXIT, code);
        }

        private void send(byte type, byte[] bytes) throws IOException {
            if (gone) {
                throw new IOException("the client is gone");
            }
            CliWire.write(toClient, type, bytes);
        }

        private PrintWriter writer(byte type) {
            return new PrintWriter(new OutputStreamWriter(new FrameOutput(type), StandardCharsets.UTF_8), true);
        }

        /** Standard output or error, each write a frame; once the client is gone, output is dropped. */
        private final class FrameOutput extends OutputStream {
            private final byte type;

            FrameOutput(byte type) {
                this.type = type;
            }

            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                for (int at = offset; at < offset + length && !gone; at += CliWire.MAX_PAYLOAD) {
                    try {
                        CliWire.write(toClient, type, bytes, at, Math.min(CliWire.MAX_PAYLOAD, offset + length - at));
                    } catch (IOException e) {
                        gone = true;
                    }
                }
            }
        }

        /** The client's standard input, read only when the command reads it (a script's own input is not taken). */
        private final class RemoteInput extends InputStream {
            private byte[] chunk = new byte[0];
            private int next;
            private boolean end;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public synchronized int read(byte[] buffer, int offset, int length) throws IOException {
                if (length == 0) {
                    return 0;
                }
                if (next == chunk.length) {
                    if (end) {
                        return -1;
                    }
                    if (!gone) {
                        try {
                            CliWire.writeInt(toClient, CliWire.READ, Math.min(length, CliWire.MAX_PAYLOAD));
                        } catch (IOException e) {
                            gone = true;
                        }
                    }
                    try {
                        chunk = gone && stdin.isEmpty() ? new byte[0] : stdin.take();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.io.InterruptedIOException("interrupted while reading standard input");
                    }
                    next = 0;
                    if (chunk.length == 0) {
                        end = true;
                        return -1;
                    }
                }
                int count = Math.min(length, chunk.length - next);
                System.arraycopy(chunk, next, buffer, offset, count);
                next += count;
                return count;
            }
        }
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    /**
     * Holds the store of {@code $HOMEPORT_HOME} open and serves the command line without a window, until
     * standard input ends: for the benchmark (bench/) and for scripts that want a warm store. Prints the socket's
     * path when it is ready.
     */
    public static void main(String[] args) throws IOException {
        HomeportHome home = HomeportHome.fromEnvironment();
        try (Homeport homeport = Homeport.open(home, attempt -> {
            throw new CliException(Cli.FAILED, "The vault has a master passphrase; the headless server cannot ask for it.");
        }); CliServer server = start(homeport, () -> { })) {
            // Ended by a signal, it still takes its socket along (a client would otherwise find it stale and remove it).
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    if (!server.closed) {
                        // Not after a normal close: by then another app may have bound the path again.
                        Files.deleteIfExists(server.socket());
                    }
                } catch (IOException ignored) {
                    // the client removes a stale socket itself
                }
            }, "homeport-cli-server-exit"));
            System.out.println(server.socket());
            System.out.flush();
            System.in.transferTo(OutputStream.nullOutputStream());
        }
    }
}
