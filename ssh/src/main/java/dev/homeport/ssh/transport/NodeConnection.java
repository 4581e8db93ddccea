package dev.homeport.ssh.transport;

import dev.homeport.ssh.transport.NodeException.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.channel.PtyCapableChannelSession;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.future.CloseFuture;
import org.apache.sshd.common.channel.PtyChannelConfiguration;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared connection to one node, as one user of it sees it. Every operation borrows the
 * session; when it has dropped, the next operation opens a new one, waiting a little longer
 * after each failure in a row (up to 30 s) so a node that is down is not hammered.
 *
 * <p>Everyone who asks {@link NodeConnections#to} for a node gets their own {@code
 * NodeConnection} over the same shared state (the session, the login in flight, the backoff,
 * the quick shell), carrying their own {@link Prompts}: a login asks the prompts of the
 * caller that needs it, never whoever asked for the connection last.
 *
 * <p>A login never runs under the state lock. The first caller that finds no session logs in
 * on its own thread; callers that come meanwhile wait for that login (outside the lock) and
 * share its session, and {@link #isConnected()} answers at once. A caller whose prompts differ
 * from the login's, and that login failed for want of a passphrase or password (or was
 * cancelled), logs in again with its own prompts.
 */
public final class NodeConnection implements AutoCloseable {
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMinutes(2);
    private static final Logger log = LoggerFactory.getLogger(NodeConnection.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    // When the quick shell could not start (a node that hangs, a shell that misbehaves), plain
    // channels serve until a new session, or for a minute.
    private static final long QUICK_RETRY_NANOS = Duration.ofMinutes(1).toNanos();

    private final NodeConnections owner;
    private final SshTarget target;
    private final Shared shared;
    private final Prompts prompts;

    /** What every user of one node's connection shares. Its monitor is the state lock: held for reads and writes of these fields only. */
    private static final class Shared {
        private volatile ClientSession session;
        /** The login in flight, or null. */
        private PendingLogin login;
        private int failuresInARow;
        private long nextAttemptNanos;
        private final AtomicInteger inUse = new AtomicInteger();
        private volatile long lastUsedNanos = System.nanoTime();
        private volatile boolean closed;
        // The quick shell serves one command at a time; callers that find it busy use a channel of their own.
        private final java.util.concurrent.locks.ReentrantLock quickLock = new java.util.concurrent.locks.ReentrantLock();
        private QuickShell quick;
        private ClientSession quickSession;
        private ClientSession quickRefusedBy;
        private long quickRefusedAt;
    }

    /** One login under way: its outcome, shared with the callers that wait for it, and whose prompts it asks. */
    private record PendingLogin(CompletableFuture<ClientSession> outcome, Prompts prompts, AtomicBoolean cancelled) {
        PendingLogin(Prompts prompts) {
            this(new CompletableFuture<>(), prompts, new AtomicBoolean());
        }
    }

    NodeConnection(NodeConnections owner, SshTarget target, Prompts prompts) {
        this(owner, target, new Shared(), prompts);
    }

    private NodeConnection(NodeConnections owner, SshTarget target, Shared shared, Prompts prompts) {
        this.owner = owner;
        this.target = target;
        this.shared = shared;
        this.prompts = prompts;
    }

    /** The same connection, for a user who answers with {@code prompts}. */
    NodeConnection withPrompts(Prompts newPrompts) {
        return newPrompts == prompts ? this : new NodeConnection(owner, target, shared, newPrompts);
    }

    /** True when both are views of one shared connection (one session, one pool of channels). */
    public boolean sameConnection(NodeConnection other) {
        return other != null && other.shared == shared;
    }

    public SshTarget target() {
        return target;
    }

    /** True while an authenticated session is open. Never waits, not even for a login under way. */
    public boolean isConnected() {
        return usable(shared.session);
    }

    private static boolean usable(ClientSession session) {
        return session != null && session.isOpen() && session.isAuthenticated();
    }

    /** The host key the node presented on the open connection, in OpenSSH's one-line form. */
    public String serverKey() {
        try (Lease ignored = lease()) {
            return HostKeyInfo.of(session().getServerKey()).openSsh();
        }
    }

    /** Connects now if not connected: a connection test. */
    public void connect() {
        try (Lease ignored = lease()) {
            session();
        }
    }

    // ---- operations --------------------------------------------------------------------------

    public ExecResult exec(Command command) {
        return exec(command, DEFAULT_COMMAND_TIMEOUT, null);
    }

    /**
     * Runs a command and waits for it; {@code stdin} (or null) is fed to it, then closed.
     * Without stdin, the command goes to the connection's {@link QuickShell} when it is free,
     * which saves sshd's channel set-up and fork and exec for each command.
     */
    public ExecResult exec(Command command, Duration timeout, byte[] stdin) {
        try (Lease ignored = lease()) {
            ClientSession current = session();
            if (stdin == null && shared.quickLock.tryLock()) {
                try {
                    ExecResult quick = quickExec(current, command, timeout);
                    if (quick != null) {
                        return quick;
                    }
                } finally {
                    shared.quickLock.unlock();
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            try (ChannelExec channel = current.createExecChannel(command.render())) {
                channel.setOut(out);
                channel.setErr(err);
                channel.open().verify(timeout);
                // Written straight into the channel, then end-of-file: no pumping thread.
                try (java.io.OutputStream in = channel.getInvertedIn()) {
                    if (stdin != null) {
                        in.write(stdin);
                    }
                }
                Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout);
                if (events.contains(ClientChannelEvent.TIMEOUT)) {
                    Signals.terminate(channel);
                    throw new NodeException(Kind.COMMAND_TIMED_OUT, "'" + firstWord(command) + "' on " + target.name()
                            + " did not finish within " + timeout.toSeconds() + " s; it was stopped.");
                }
                return new ExecResult(exitStatus(channel, current), out.toByteArray(), err.toByteArray());
            } catch (IOException e) {
                throw dropped(current, e);
            }
        }
    }

    /** Runs a command on the quick shell; null when there is none to be had (the caller uses a channel). */
    private ExecResult quickExec(ClientSession current, Command command, Duration timeout) {
        QuickShell shell = quickShell(current);
        if (shell == null) {
            return null;
        }
        try {
            ExecResult result = shell.run(command, timeout);
            if (result != null) {
                return result;
            }
        } catch (IOException e) {
            shell.close();
            shared.quick = null;
            throw dropped(current, e);
        }
        // Timed out: stop the whole process group, which holds the shell and the command's children.
        shared.quick = null;
        shell.close();
        try {
            exec(Command.of("kill", "-TERM", "--", "-" + shell.processGroup()), owner.settings().connectTimeout(), new byte[0]);
        } catch (NodeException ignored) {
            // the connection may be gone as well; closing the channel ends the shell in any case
        }
        throw new NodeException(Kind.COMMAND_TIMED_OUT, "'" + firstWord(command) + "' on " + target.name()
                + " did not finish within " + timeout.toSeconds() + " s; it was stopped.");
    }

    private QuickShell quickShell(ClientSession current) {
        if (shared.quick != null && shared.quick.usable() && shared.quickSession == current) {
            return shared.quick;
        }
        if (shared.quick != null) {
            shared.quick.close();
            shared.quick = null;
        }
        if (shared.quickRefusedBy == current && System.nanoTime() - shared.quickRefusedAt < QUICK_RETRY_NANOS) {
            return null;
        }
        try {
            shared.quick = QuickShell.start(current, owner.settings().connectTimeout());
            shared.quickSession = current;
            return shared.quick;
        } catch (IOException e) {
            log.debug("No quick shell on {}: {}", target.name(), e.getMessage());
            shared.quickRefusedBy = current;
            shared.quickRefusedAt = System.nanoTime();
            return null;
        }
    }

    /**
     * Starts a command whose output arrives line by line, for as long as it runs.
     * {@code sink} is called on a reader thread; while it blocks, reading stops and
     * the server is told to wait (SSH flow control), so a slow consumer loses nothing.
     */
    public RemoteProcess start(Command command, LineSink sink) {
        return leased((current, lease) -> new RemoteProcess(this, openExec(current, command), firstWord(command), sink, lease));
    }

    /** A command's raw stdin and stdout, for protocols spoken over them (such as docker system dial-stdio). */
    public RawChannel openStream(Command command) {
        return leased((current, lease) -> new RawChannel(openExec(current, command), lease));
    }

    /**
     * A login shell with a terminal of {@code columns} × {@code rows}, as {@code ssh -t NODE} opens
     * (see {@link PtySession}). Its output arrives as the program writes it; nothing is read until asked.
     */
    public PtySession openShell(int columns, int rows) {
        PtyChannelConfiguration pty = PtySession.pty(columns, rows);
        return leased((current, lease) -> {
            ChannelShell channel = current.createShellChannel(pty, Map.of());
            return openedPty(channel, lease);
        });
    }

    /** {@code command} run with a terminal of {@code columns} × {@code rows}, as {@code ssh -t NODE COMMAND} runs it. */
    public PtySession openTerminal(Command command, int columns, int rows) {
        PtyChannelConfiguration pty = PtySession.pty(columns, rows);
        return leased((current, lease) -> {
            ChannelExec channel = current.createExecChannel(command.render(), pty, Map.of());
            channel.setUsePty(true); // an exec channel asks for none unless told
            return openedPty(channel, lease);
        });
    }

    private PtySession openedPty(PtyCapableChannelSession channel, Lease lease) throws IOException {
        channel.setRedirectErrorStream(true);
        try {
            channel.open().verify(owner.settings().connectTimeout());
        } catch (IOException | RuntimeException e) {
            channel.close(true);
            throw e;
        }
        return new PtySession(channel, lease);
    }

    /** Forwards a free local port to {@code host:port} as seen from the node; closing the forward frees it. */
    public PortForward forwardLocal(String host, int port) {
        return leased((current, lease) -> new PortForward(current.createLocalPortForwardingTracker(
                new SshdSocketAddress("127.0.0.1", 0), new SshdSocketAddress(host, port)), lease));
    }

    /**
     * Opens one connection from the node to {@code host:port} (as the node resolves and reaches it) and
     * hands over its two streams: what {@code ssh -L} does for each connection it accepts. Throws a
     * {@link NodeException} when the node refuses (nothing listens there, or forwarding is off).
     */
    public DirectChannel openDirect(String host, int port) {
        return leased((current, lease) -> {
            DirectChannel.Tcpip channel = new DirectChannel.Tcpip(new SshdSocketAddress("127.0.0.1", 0), new SshdSocketAddress(host, port));
            // Read when the channel is registered, which sets up its window.
            org.apache.sshd.core.CoreModuleProperties.WINDOW_SIZE.set(channel, DirectChannel.WINDOW);
            current.getService(org.apache.sshd.common.session.ConnectionService.class).registerChannel(channel);
            try {
                channel.open().verify(owner.settings().connectTimeout());
            } catch (IOException | RuntimeException e) {
                channel.close(true);
                if (current.isOpen()) {
                    throw new NodeException(Kind.PROTOCOL, target.name() + " could not connect to " + host + ":" + port + ": "
                            + e.getMessage(), e);
                }
                throw e;
            }
            return new DirectChannel(channel, lease);
        });
    }

    private ChannelExec openExec(ClientSession current, Command command) throws IOException {
        ChannelExec channel = current.createExecChannel(command.render());
        channel.open().verify(owner.settings().connectTimeout());
        return channel;
    }

    private interface LeasedOpen<T> {
        T open(ClientSession session, Lease lease) throws IOException;
    }

    /** Opens something that outlives this call and holds the lease until it is closed; on failure the lease is returned. */
    private <T> T leased(LeasedOpen<T> opener) {
        Lease lease = lease();
        try {
            return opener.open(session(), lease);
        } catch (IOException e) {
            lease.close();
            throw dropped(shared.session, e);
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    /** Uploads and downloads over SFTP, on this connection. */
    public FileTransfer files() {
        return new FileTransfer(this);
    }

    // ---- the session -------------------------------------------------------------------------

    /** Borrows the connection: it is not closed for idleness while a lease is open. */
    Lease lease() {
        if (shared.closed) {
            throw new NodeException(Kind.DISCONNECTED, "The connection to " + target.name() + " was closed.");
        }
        shared.inUse.incrementAndGet();
        // Closing twice (a cancel racing the end of a process) must count once.
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                shared.lastUsedNanos = System.nanoTime();
                shared.inUse.decrementAndGet();
            }
        };
    }

    /** An open, authenticated session, connecting (or reconnecting) when needed; the login runs outside the state lock. */
    ClientSession session() {
        while (true) {
            PendingLogin pending;
            boolean mine = false;
            ClientSession stale = null;
            synchronized (shared) {
                if (shared.closed) {
                    throw new NodeException(Kind.DISCONNECTED, "The connection to " + target.name() + " was closed.");
                }
                if (usable(shared.session)) {
                    return shared.session;
                }
                if (shared.login == null) {
                    stale = shared.session;
                    shared.session = null;
                    shared.login = new PendingLogin(prompts);
                    mine = true;
                }
                pending = shared.login;
            }
            if (mine) {
                if (stale != null) {
                    stale.close(true);
                }
                return logIn(pending);
            }
            ClientSession joined = join(pending);
            if (joined != null) {
                return joined;
            }
        }
    }

    /** Logs in on this thread, with this user's prompts, and hands the outcome to everyone waiting for it. */
    private ClientSession logIn(PendingLogin pending) {
        try {
            waitForBackoff();
            ClientSession opened = new Login(owner, target, prompts).open();
            boolean kept;
            synchronized (shared) {
                shared.login = null;
                kept = !shared.closed;
                if (kept) {
                    shared.session = opened;
                    shared.failuresInARow = 0;
                }
            }
            if (!kept) {
                opened.close(true);
                throw new NodeException(Kind.DISCONNECTED, "The connection to " + target.name() + " was closed.");
            }
            pending.outcome().complete(opened);
            return opened;
        } catch (RuntimeException | Error e) {
            synchronized (shared) {
                shared.login = null;
                if (e instanceof NodeException failed && failed.kind() != Kind.AUTH_FAILED && failed.kind() != Kind.HOST_KEY_REJECTED
                        && !Thread.currentThread().isInterrupted()) {
                    shared.failuresInARow++;
                    long backoff = Math.min(MAX_BACKOFF.toMillis(), 500L << Math.min(shared.failuresInARow - 1, 10));
                    shared.nextAttemptNanos = System.nanoTime() + backoff * 1_000_000;
                }
            }
            pending.cancelled().set(Thread.currentThread().isInterrupted());
            pending.outcome().completeExceptionally(e);
            throw e;
        }
    }

    /**
     * Waits, outside the state lock, for another caller's login and shares its session. Null when
     * that login failed for a reason of its own (its prompts gave no answer, or its caller was
     * cancelled), so this caller should try with its own prompts.
     */
    private ClientSession join(PendingLogin pending) {
        try {
            return pending.outcome().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NodeException(Kind.DISCONNECTED, "Interrupted while waiting to connect to " + target.name() + ".", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            boolean itsOwn = pending.cancelled().get() || (pending.prompts() != prompts
                    && cause instanceof NodeException failed && failed.kind() == Kind.AUTH_FAILED);
            if (itsOwn) {
                return null;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new NodeException(Kind.PROTOCOL, "SSH to " + target.name() + " failed: " + cause, cause);
        }
    }

    private void waitForBackoff() {
        long wait;
        synchronized (shared) {
            wait = shared.failuresInARow > 0 ? shared.nextAttemptNanos - System.nanoTime() : 0;
        }
        if (wait > 0) {
            log.debug("Waiting {} ms before reconnecting to {}", wait / 1_000_000, target.name());
            try {
                Thread.sleep(Duration.ofNanos(wait));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NodeException(Kind.DISCONNECTED, "Interrupted while waiting to reconnect to " + target.name() + ".", e);
            }
        }
    }

    /** An I/O failure on an open session: the connection dropped, unless the session is still fine. */
    NodeException dropped(ClientSession failed, IOException e) {
        if (failed == null || !failed.isOpen()) {
            return new NodeException(Kind.DISCONNECTED, "The connection to " + target.name() + " dropped: " + e.getMessage(), e);
        }
        return new NodeException(Kind.PROTOCOL, "SSH to " + target.name() + " failed: " + e.getMessage(), e);
    }

    int exitStatus(ChannelExec channel, ClientSession current) {
        Integer status = channel.getExitStatus();
        if (status != null) {
            return status;
        }
        if (channel.getExitSignal() != null) {
            return 128 + Signals.number(channel.getExitSignal());
        }
        if (!current.isOpen()) {
            throw new NodeException(Kind.DISCONNECTED, "The connection to " + target.name() + " dropped before the command finished.");
        }
        throw new NodeException(Kind.PROTOCOL, target.name() + " closed the command's channel without an exit status.");
    }

    void closeIfIdle(long now, Duration idle) {
        if (shared.inUse.get() == 0 && now - shared.lastUsedNanos > idle.toNanos()) {
            ClientSession idleSession;
            synchronized (shared) {
                if (shared.session == null || shared.inUse.get() != 0) {
                    return;
                }
                idleSession = shared.session;
                shared.session = null;
            }
            log.debug("Closing the idle connection to {}", target.name());
            idleSession.close(false);
        }
    }

    boolean isClosed() {
        return shared.closed;
    }

    /** Drops the session as if the network had failed: for fault tests. */
    void breakForTests() throws IOException {
        ClientSession current = shared.session;
        if (current != null) {
            current.getIoSession().close(true);
        }
    }

    /** Closes the shared connection, for every user of it. */
    @Override
    public void close() {
        closeSession();
    }

    /** Starts a graceful close of the session; its future, or null when none was open. */
    CloseFuture closeSession() {
        ClientSession open;
        synchronized (shared) {
            shared.closed = true;
            open = shared.session;
            shared.session = null;
        }
        return open == null ? null : open.close(false);
    }

    static String firstWord(Command command) {
        String rendered = command.render();
        int space = rendered.indexOf(' ');
        return space < 0 ? rendered : rendered.substring(0, space);
    }

    /** A borrowed connection, given back by {@link #close()}. */
    interface Lease extends AutoCloseable {
        @Override
        void close();
    }
}
