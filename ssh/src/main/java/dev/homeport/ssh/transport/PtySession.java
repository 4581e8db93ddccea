package dev.homeport.ssh.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.channel.PtyCapableChannelSession;
import org.apache.sshd.common.channel.PtyChannelConfiguration;

/**
 * A session with a terminal on the node: a login shell ({@code ssh -t NODE}) or a command run with a
 * PTY ({@code ssh -t NODE COMMAND}). The node's PTY merges the program's stdout and stderr into
 * {@link #output()}; keys go to {@link #input()}; {@link #resize} tells the PTY its new size (the
 * program gets SIGWINCH). Closing it ends the channel (the node hangs up the program's terminal).
 */
public final class PtySession implements AutoCloseable {
    /** What the PTY says it is: xterm with 256 colours, as terminal emulators today answer. */
    public static final String TERM = "xterm-256color";
    /** Status when the channel ended without one (as OpenSSH's {@code ssh} reports it). */
    public static final int NO_STATUS = 255;

    private final PtyCapableChannelSession channel;
    private final NodeConnection.Lease lease;

    PtySession(PtyCapableChannelSession channel, NodeConnection.Lease lease) {
        this.channel = channel;
        this.lease = lease;
    }

    static PtyChannelConfiguration pty(int columns, int rows) {
        PtyChannelConfiguration config = new PtyChannelConfiguration();
        config.setPtyType(TERM);
        config.setPtyColumns(checked("columns", columns));
        config.setPtyLines(checked("rows", rows));
        return config;
    }

    private static int checked(String what, int value) {
        if (value < 1 || value > 10_000) {
            throw new IllegalArgumentException(what + ": must be 1–10000, got " + value);
        }
        return value;
    }

    /** What the program writes to its terminal. Ends when the session ends. */
    public InputStream output() {
        return channel.getInvertedOut();
    }

    /** The terminal's keyboard: what is written here reaches the program as typed. */
    public OutputStream input() {
        return channel.getInvertedIn();
    }

    /** Tells the node's PTY its new size; the program gets SIGWINCH. Ignored once the session has ended. */
    public void resize(int columns, int rows) {
        if (!channel.isOpen() || columns < 1 || rows < 1) {
            return;
        }
        try {
            channel.sendWindowChange(columns, rows);
        } catch (IOException e) {
            // The channel closed meanwhile: nothing left to resize.
        }
    }

    public boolean isOpen() {
        return channel.isOpen() && !channel.isClosing();
    }

    /**
     * Waits for the program to end and returns its exit status; 128 + the signal's number when a signal
     * ended it, {@link #NO_STATUS} when the node told neither.
     */
    public int waitFor() {
        channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), 0L);
        return status();
    }

    /** Waits at most {@code timeout}; the exit status, or -1 when it is still running. */
    public int waitFor(Duration timeout) {
        Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED, ClientChannelEvent.EXIT_STATUS,
                ClientChannelEvent.EXIT_SIGNAL), timeout);
        if (events.contains(ClientChannelEvent.TIMEOUT)) {
            return -1;
        }
        return status();
    }

    /**
     * True once the session has ended with neither an exit status nor a signal from the program: the
     * connection to the node dropped (or the node's sshd went away), rather than the program ending. OpenSSH's
     * {@code ssh} reports such an end as status {@link #NO_STATUS}, which a program's own {@code exit 255}
     * gives too; this tells them apart.
     */
    public boolean connectionLost() {
        return !channel.isOpen() && channel.getExitStatus() == null && channel.getExitSignal() == null;
    }

    private int status() {
        Integer status = channel.getExitStatus();
        if (status != null) {
            return status;
        }
        String signal = channel.getExitSignal();
        if (signal != null) {
            return 128 + Signals.number(signal);
        }
        return NO_STATUS;
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
