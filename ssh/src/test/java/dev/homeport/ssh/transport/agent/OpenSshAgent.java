package dev.homeport.ssh.transport.agent;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A real OpenSSH ssh-agent, in the foreground on a socket of its own, with keys added by the real ssh-add. */
public final class OpenSshAgent implements AutoCloseable {
    private final Process process;
    private final Path socket;

    private OpenSshAgent(Process process, Path socket) {
        this.process = process;
        this.socket = socket;
    }

    public static OpenSshAgent start(Path directory) throws IOException, InterruptedException {
        Path socket = directory.resolve("agent.sock");
        Process process = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        // The socket file appears at bind(), a moment before the agent listens on it.
        while (!accepts(socket)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IOException("ssh-agent did not start listening on " + socket);
            }
            Thread.sleep(20);
        }
        return new OpenSshAgent(process, socket);
    }

    private static boolean accepts(Path socket) {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return probe.isConnected();
        } catch (IOException notYet) {
            return false;
        }
    }

    public Path socket() {
        return socket;
    }

    public void add(Path privateKey) throws IOException {
        OpenSshTools.run(List.of("ssh-add", "-q", privateKey.toString()), environment());
    }

    /** What {@code ssh-add -L} prints: one "type base64 comment" line per key. */
    List<String> listedByOpenSsh() throws IOException {
        return OpenSshTools.run(List.of("ssh-add", "-L"), environment()).lines().map(String::strip).toList();
    }

    private Map<String, String> environment() {
        return Map.of("SSH_AUTH_SOCK", socket.toString());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
