package dev.homeport.ssh.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.channel.ChannelPipedInputStream;

/**
 * A long-lived {@code sh} on the node that runs short commands one after
 * another, so each costs one fork on the node instead of a new channel and
 * sshd's fork and exec. Each command runs in its own subshell with stdin from
 * /dev/null; then the shell prints an end marker (with a random nonce) and the
 * exit status on stdout, and the marker on stderr, which is how each output is
 * cut off. Commands that take stdin get a channel of their own instead.
 */
final class QuickShell implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ChannelExec channel;
    private final OutputStream in;
    private final ChannelPipedInputStream out;
    private final ChannelPipedInputStream err;
    private long processGroup;
    private volatile boolean broken;

    private QuickShell(ChannelExec channel) {
        this.channel = channel;
        this.in = channel.getInvertedIn();
        this.out = (ChannelPipedInputStream) channel.getInvertedOut();
        this.err = (ChannelPipedInputStream) channel.getInvertedErr();
    }

    /**
     * Starts the shell. It reports its process id, which is also the process group of
     * everything it runs: sshd makes each session's process a session leader.
     */
    static QuickShell start(ClientSession session, Duration timeout) throws IOException {
        ChannelExec channel = session.createExecChannel(Command.of("sh").render());
        channel.open().verify(timeout);
        QuickShell shell = new QuickShell(channel);
        shell.send("echo $$\n");
        Split line = shell.readThrough(shell.out, new byte[] {'\n'}, System.nanoTime() + timeout.toNanos());
        String pid = line == null ? "" : new String(line.before(), StandardCharsets.US_ASCII).strip();
        if (!pid.matches("\\d+")) {
            channel.close(true);
            throw new IOException("the node's sh did not start as expected");
        }
        shell.processGroup = Long.parseLong(pid);
        return shell;
    }

    boolean usable() {
        return !broken && channel.isOpen();
    }

    long processGroup() {
        return processGroup;
    }

    /**
     * Runs one command and returns its result, or null when it did not finish in time:
     * the shell is then broken, and the caller stops its process group.
     */
    ExecResult run(Command command, Duration timeout) throws IOException {
        String nonce = "HOMEPORT-END-" + HexFormat.of().formatHex(nonce());
        // Only the command is variable, and Command quotes it. The newline before each marker
        // puts it at the start of a line even when the output does not end with one.
        send("(" + command.render() + "\n) </dev/null; printf '\\n%s %s\\n' " + nonce + " $?; printf '\\n%s\\n' " + nonce + " >&2\n");
        long deadline = System.nanoTime() + timeout.toNanos();
        FutureTask<Split> stderr = new FutureTask<>(() -> readThrough(err, ("\n" + nonce + "\n").getBytes(StandardCharsets.US_ASCII), deadline));
        Thread.ofVirtual().name("homeport-quick-stderr").start(stderr);
        Split stdout = readThrough(out, ("\n" + nonce + " ").getBytes(StandardCharsets.US_ASCII), deadline);
        Split status = stdout == null ? null : restOfLine(stdout.after(), deadline);
        Split errors = awaitStderr(stderr, deadline);
        if (stdout == null || status == null || errors == null) {
            broken = true;
            return null;
        }
        return new ExecResult(Integer.parseInt(new String(status.before(), StandardCharsets.US_ASCII).strip()), stdout.before(), errors.before());
    }

    private void send(String text) throws IOException {
        in.write(text.getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    private Split restOfLine(byte[] already, long deadline) throws IOException {
        int newline = indexOf(already, new byte[] {'\n'}, 0);
        if (newline >= 0) {
            return new Split(Arrays.copyOf(already, newline), new byte[0]);
        }
        Split more = readThrough(out, new byte[] {'\n'}, deadline);
        if (more == null) {
            return null;
        }
        byte[] line = Arrays.copyOf(already, already.length + more.before().length);
        System.arraycopy(more.before(), 0, line, already.length, more.before().length);
        return new Split(line, more.after());
    }

    private static Split awaitStderr(FutureTask<Split> stderr, long deadline) throws IOException {
        try {
            return stderr.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            stderr.cancel(true);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the node");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    /** What came before a marker, and what came after it in the same read. */
    private record Split(byte[] before, byte[] after) {
    }

    /** Reads until the marker; null when the deadline passes first. */
    private Split readThrough(ChannelPipedInputStream stream, byte[] marker, long deadline) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int searchFrom = 0;
        while (true) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return null;
            }
            stream.setTimeout(left);
            int count;
            try {
                count = stream.read(buffer);
            } catch (java.net.SocketException e) {
                // SSHD's pipe reports its read timeout this way.
                if (e.getMessage() != null && e.getMessage().startsWith("Timeout")) {
                    return null;
                }
                throw e;
            } catch (InterruptedIOException timedOut) {
                return null;
            }
            if (count < 0) {
                throw new IOException("the node's shell ended");
            }
            read.write(buffer, 0, count);
            byte[] all = read.toByteArray();
            int at = indexOf(all, marker, searchFrom);
            if (at >= 0) {
                return new Split(Arrays.copyOf(all, at), Arrays.copyOfRange(all, at + marker.length, all.length));
            }
            searchFrom = Math.max(0, all.length - marker.length);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] nonce() {
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        return nonce;
    }

    @Override
    public void close() {
        broken = true;
        channel.close(false);
    }
}
