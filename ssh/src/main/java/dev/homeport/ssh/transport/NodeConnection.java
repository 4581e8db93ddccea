package dev.homeport.ssh.transport;

import dev.homeport.ssh.transport.NodeException.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared connection to one node. Every operation borrows the session;
 * when it has dropped, the next operation opens a new one, waiting a little
 * longer after each failure in a row (up to 30 s) so a node that is down is
 * not hammered.
 */
public final class NodeConnection implements AutoCloseable {
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMinutes(2);
    private static final Logger log = LoggerFactory.getLogger(NodeConnection.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final NodeConnections owner;
    private final SshTarget target;
    private volatile Prompts prompts;
    private ClientSession session;
    private int failuresInARow;
    private long nextAttemptNanos;
    private final AtomicInteger inUse = new AtomicInteger();
    private volatile long lastUsedNanos = System.nanoTime();
    private volatile boolean closed;
    // The quick shell serves one command at a time; callers that find it busy use a channel of their own.
    private final java.util.concurrent.locks.ReentrantLock quickLock = new java.util.concurrent.locks.ReentrantLock();
    private QuickShell quick;
    private ClientSession quickSession;
    // When the quick shell could not start (a node that hangs, a shell that misbehaves), plain
    // channels serve until a new session, or for a minute.
    private static final long QUICK_RETRY_NANOS = Duration.ofMinutes(1).toNanos();
    private ClientSession quickRefusedBy;
    private long quickRefusedAt;

    NodeConnection(NodeConnections owner, SshTarget target, Prompts prompts) {
        this.owner = owner;
        this.target = target;
        this.prompts = prompts;
    }

    public SshTarget target() {
        return target;
    }

    void usePrompts(Prompts newPrompts) {
        this.prompts = newPrompts;
    }

    /** True while an authenticated session is open. */
    public synchronized boolean isConnected() {
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
            if (stdin == null && quickLock.tryLock()) {
                try {
                    ExecResult quick = quickExec(current, command, timeout);
                    if (quick != null) {
                        return quick;
                    }
                } finally {
                    quickLock.unlock();
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
            quick = null;
            throw dropped(current, e);
        }
        // Timed out: stop the whole process group, which holds the shell and the command's children.
        quick = null;
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
        if (quick != null && quick.usable() && quickSession == current) {
            return quick;
        }
        if (quick != null) {
            quick.close();
            quick = null;
        }
        if (quickRefusedBy == current && System.nanoTime() - quickRefusedAt < QUICK_RETRY_NANOS) {
            return null;
        }
        try {
            quick = QuickShell.start(current, owner.settings().connectTimeout());
            quickSession = current;
            return quick;
        } catch (IOException e) {
            log.debug("No quick shell on {}: {}", target.name(), e.getMessage());
            quickRefusedBy = current;
            quickRefusedAt = System.nanoTime();
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

    /** Forwards a free local port to {@code host:port} as seen from the node; closing the forward frees it. */
    public PortForward forwardLocal(String host, int port) {
        return leased((current, lease) -> new PortForward(current.createLocalPortForwardingTracker(
                new SshdSocketAddress("127.0.0.1", 0), new SshdSocketAddress(host, port)), lease));
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
            throw dropped(session, e);
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
        if (closed) {
            throw new NodeException(Kind.DISCONNECTED, "The connection to " + target.name() + " was closed.");
        }
        inUse.incrementAndGet();
        // Closing twice (a cancel racing the end of a process) must count once.
        java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                lastUsedNanos = System.nanoTime();
                inUse.decrementAndGet();
            }
        };
    }

    /** An open, authenticated session, connecting (or reconnecting) when needed. */
    synchronized ClientSession session() {
        if (closed) {
            throw new NodeException(Kind.DISCONNECTED, "The connection to " + target.name() + " was closed.");
        }
        if (session != null && session.isOpen() && session.isAuthenticated()) {
            return session;
        }
        if (session != null) {
            session.close(true);
            session = null;
        }
        waitForBackoff();
        try {
            session = new Login(owner, target, prompts).open();
            failuresInARow = 0;
            return session;
        } catch (NodeException e) {
            if (e.kind() != Kind.AUTH_FAILED && e.kind() != Kind.HOST_KEY_REJECTED) {
                failuresInARow++;
                long backoff = Math.min(MAX_BACKOFF.toMillis(), 500L << Math.min(failuresInARow - 1, 10));
                nextAttemptNanos = System.nanoTime() + backoff * 1_000_000;
            }
            throw e;
        }
    }

    private void waitForBackoff() {
        long wait = nextAttemptNanos - System.nanoTime();
        if (failuresInARow > 0 && wait > 0) {
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
        if (inUse.get() == 0 && now - lastUsedNanos > idle.toNanos()) {
            synchronized (this) {
                if (session != null && inUse.get() == 0) {
                    log.debug("Closing the idle connection to {}", target.name());
                    session.close(false);
                    session = null;
                }
            }
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** Drops the session as if the network had failed: for fault tests. */
    synchronized void breakForTests() throws IOException {
        if (session != null) {
            session.getIoSession().close(true);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (session != null) {
            session.close(false);
            session = null;
        }
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
