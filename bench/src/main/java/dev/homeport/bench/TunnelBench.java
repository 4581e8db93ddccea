package dev.homeport.bench;

import static dev.homeport.bench.Timing.median;

import dev.homeport.model.NodeIdentity;
import dev.homeport.model.WorkerNode;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigTargets;
import dev.homeport.ssh.transport.NodeConnection;
import dev.homeport.ssh.transport.NodeConnections;
import dev.homeport.ssh.transport.Prompts;
import dev.homeport.ssh.tunnel.Tunnel;
import dev.homeport.ssh.tunnel.TunnelTarget;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Throughput through a Homeport tunnel against OpenSSH's {@code ssh -L}, side by side in one run, on the
 * rig's sshd: 1 GiB sent by a server on the node's loopback (the rig's node is this machine, so a server of
 * this process serves it), read through each tunnel's local port. Each tunnel is opened once and each run
 * is a new connection through it; the two ways alternate, run by run. Medians.
 */
public final class TunnelBench {
    private static final long SIZE = 1L << 30;
    private static final int BUFFER = 1 << 20;

    private TunnelBench() {
    }

    /** {@code --out FILE} rewrites the "## Tunnels" section; {@code --runs N} (default 5); {@code --mib N} moves less, for a quick try. */
    public static void main(String[] args) throws Exception {
        List<String> options = List.of(args);
        Path page = BenchArgs.out(options);
        int runs = BenchArgs.runs(options, 5);
        long size = BenchArgs.value(options, "--mib").map(mib -> Long.parseLong(mib) << 20).orElse(SIZE);
        Rig rig = Rig.load();
        if (rig == null) {
            throw new IllegalStateException("The rig is not up: run scripts/rig up");
        }
        Path scratch = Files.createTempDirectory("homeport-bench");
        try (ServerSocket source = source(size);
             NodeConnections connections = new NodeConnections(RigTargets.settings(rig, scratch))) {
            NodeConnection connection = connections.to(RigTargets.rig(rig), Prompts.NONE);
            connection.connect();
            WorkerNode node = new WorkerNode(1, "rig", rig.sshHost(), rig.sshPort(), rig.sshUser(),
                    new NodeIdentity.KeyFile(rig.sshKey().toString()), null);
            Process ssh = null;
            try (Tunnel tunnel = Tunnel.open(connection, TunnelTarget.nodePort(node, source.getLocalPort()), 0, Tunnel.Listener.NONE)) {
                int sshPort = freePort();
                ssh = new ProcessBuilder("ssh", "-N", "-i", rig.sshKey().toString(), "-p", Integer.toString(rig.sshPort()),
                        "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + rig.knownHosts(),
                        "-o", "ExitOnForwardFailure=yes", "-L", "127.0.0.1:" + sshPort + ":127.0.0.1:" + source.getLocalPort(),
                        rig.sshUser() + "@" + rig.sshHost()).redirectErrorStream(true).start();
                awaitListening(sshPort, ssh);
                // One warm-up each: the JIT, and the first channel of each connection.
                read(tunnel.localPort(), size);
                if (!ssh.isAlive()) {
                    throw new IllegalStateException("ssh -L ended: " + new String(ssh.getInputStream().readAllBytes()).strip());
                }
                read(sshPort, size);
                double[] homeport = new double[runs];
                double[] openssh = new double[runs];
                for (int i = 0; i < runs; i++) {
                    homeport[i] = read(tunnel.localPort(), size);
                    openssh[i] = read(sshPort, size);
                }
                String section = section(size, runs, median(homeport), median(openssh), tunnel.stats());
                System.out.print(section);
                if (page != null) {
                    BenchmarksPage.writeSection(page, "Tunnels", section);
                }
            } finally {
                if (ssh != null) {
                    ssh.destroy();
                    ssh.waitFor();
                }
            }
        }
    }

    private static String section(long size, int runs, double homeportMs, double sshMs, Tunnel.Stats stats) {
        double homeportRate = size / 1048576.0 / (homeportMs / 1000);
        double sshRate = size / 1048576.0 / (sshMs / 1000);
        double ratio = homeportRate / sshRate;
        return "## Tunnels\n\n"
                + "Reading " + Tunnel.size(size) + " through a tunnel to the rig's node, measured " + java.time.LocalDate.now()
                + " by `bench/run`: a server on the node's loopback sends it, the reader counts it. Homeport's tunnel"
                + " (`homeport tunnel NODE:PORT`, a loopback port with a `direct-tcpip` channel per connection) against"
                + " OpenSSH's `ssh -N -L` to the same port, both open for the whole run, each run a new connection through"
                + " them, the two alternating. Medians of " + runs + " runs. The goal: at least 0.9× the throughput of `ssh -L`.\n\n"
                + "| way | median time | throughput | vs `ssh -L` |\n|---|---|---|---|\n"
                + String.format(Locale.ROOT, "| Homeport tunnel | %.2f s | %.0f MiB/s | %.2f× |%n", homeportMs / 1000, homeportRate, ratio)
                + String.format(Locale.ROOT, "| OpenSSH `ssh -L` | %.2f s | %.0f MiB/s | 1.00× |%n%n", sshMs / 1000, sshRate)
                + String.format(Locale.ROOT, "Homeport: **%.2f×** `ssh -L` (goal 0.9×: %s). Its counters after the run: %d connections,"
                        + " %s received.%n%n", ratio, ratio >= 0.9 ? "met" : "not met", stats.total(), Tunnel.size(stats.received()))
                + "Both speak to the same sshd over loopback, so the numbers measure the SSH client's side: the cipher,"
                + " the channel window and the copying between socket and channel. OpenSSH uses its default,"
                + " ChaCha20-Poly1305; Homeport offers AES-GCM first, which the JVM runs on the CPU's AES instructions"
                + " (its ChaCha20 moved half as much here). Homeport gives each tunnel connection a 4 MiB window (OpenSSH:"
                + " 2 MiB) and passes the packets on as they came; through SSHD's own channel stream, which copies them"
                + " into a growing buffer and out again, the tunnel moved about a quarter less.\n";
    }

    /** A server on loopback that sends {@code size} bytes to each connection, then closes it. */
    private static ServerSocket source(long size) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        byte[] chunk = new byte[BUFFER];
        new java.util.Random(1).nextBytes(chunk);
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Thread.ofVirtual().start(() -> {
                        try (socket; OutputStream out = socket.getOutputStream()) {
                            long left = size;
                            while (left > 0) {
                                int n = (int) Math.min(left, chunk.length);
                                out.write(chunk, 0, n);
                                left -= n;
                            }
                        } catch (IOException ignored) {
                            // the reader says what went wrong
                        }
                    });
                } catch (IOException closed) {
                    return;
                }
            }
        });
        return server;
    }

    /** Reads everything from a local port; the time in ms. Fails when fewer or more bytes arrived than sent. */
    private static double read(int port, long size) throws IOException {
        long start = System.nanoTime();
        long got = 0;
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port); InputStream in = socket.getInputStream()) {
            byte[] buffer = new byte[BUFFER];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                got += n;
            }
        }
        double ms = (System.nanoTime() - start) / 1e6;
        if (got != size) {
            throw new IllegalStateException("Read " + got + " bytes through 127.0.0.1:" + port + ", expected " + size);
        }
        return ms;
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static void awaitListening(int port, Process ssh) throws Exception {
        List<String> tried = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            if (!ssh.isAlive()) {
                throw new IllegalStateException("ssh -L ended: " + new String(ssh.getInputStream().readAllBytes()).strip());
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                tried.add(notYet.getMessage());
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("ssh -L did not listen on " + port + ": " + tried.getLast());
    }
}
