package dev.homeport.app.cli;

import dev.homeport.ssh.transport.RemoteProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/**
 * The local half of {@code node exec}, as ssh behaves: the remote command's
 * output is streamed while it runs (by the sink it was started with), piped
 * input is forwarded to it, its exit status becomes ours, and Ctrl-C stops it
 * on the node too.
 */
final class RemoteExec {
    /** A remote command runs as long as it runs, as with ssh; Ctrl-C ends it. */
    private static final Duration NO_LIMIT = Duration.ofDays(36_500);

    private RemoteExec() {
    }

    /** Waits for the command and returns its exit status (128 + n after signal n). */
    static int await(RemoteProcess process, Terminal terminal, Interrupts interrupts) {
        // Ctrl-C ends the JVM through its shutdown hooks (or reaches the app that serves the command);
        // this one takes the remote command with it.
        Thread cancelOnExit = new Thread(process::cancel, "homeport-exec-cancel");
        interrupts.add(cancelOnExit);
        try {
            forwardInput(process, terminal);
            return process.waitFor(NO_LIMIT);
        } finally {
            // When the hook is running or has run, the remote command is being stopped.
            interrupts.remove(cancelOnExit);
        }
    }

    /**
     * Piped input goes to the remote command, then end-of-file. Keystrokes at a
     * terminal are not forwarded (there is no remote terminal to echo them), so
     * the command sees end-of-file at once instead of waiting for input.
     */
    private static void forwardInput(RemoteProcess process, Terminal terminal) {
        if (terminal.interactive()) {
            closeQuietly(process.stdin());
            return;
        }
        Thread.ofPlatform().daemon().name("homeport-exec-stdin").start(() -> copy(terminal.stdin(), process.stdin()));
    }

    /** Each chunk is sent as it is read, so a slow producer's lines are not held back. */
    private static void copy(InputStream from, OutputStream to) {
        byte[] buffer = new byte[8192];
        try (to) {
            int read;
            while ((read = from.read(buffer)) >= 0) {
                to.write(buffer, 0, read);
                to.flush();
            }
        } catch (IOException ended) {
            // the remote command ended or closed its input: the rest of ours is not wanted
        }
    }

    private static void closeQuietly(OutputStream stream) {
        try {
            stream.close();
        } catch (IOException alreadyClosed) {
            // the command already ended
        }
    }
}
