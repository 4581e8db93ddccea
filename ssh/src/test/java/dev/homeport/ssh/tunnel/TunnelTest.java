package dev.homeport.ssh.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeport.model.NodeIdentity;
import dev.homeport.model.WorkerNode;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.RigTargets;
import dev.homeport.ssh.transport.NodeConnection;
import dev.homeport.ssh.transport.NodeConnections;
import dev.homeport.ssh.transport.Prompts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tunnels to ports on the rig's own node, through its real OpenSSH sshd: Netdata's API, an echo
 * server of the test's own (the rig's node is this machine, so its 127.0.0.1 is ours), a port nobody
 * listens on, and a local port that is taken.
 */
@ExtendWith(RigExtension.class)
class TunnelTest {
    @TempDir
    Path folder;
    private NodeConnections connections;
    private NodeConnection rig;
    private WorkerNode node;
    private final List<AutoCloseable> toClose = new CopyOnWriteArrayList<>();

    @BeforeEach
    void connect(Rig rigInfo) {
        connections = new NodeConnections(RigTargets.settings(rigInfo, folder));
        rig = connections.to(RigTargets.rig(rigInfo), Prompts.NONE);
        node = new WorkerNode(1, "rig", rigInfo.sshHost(), rigInfo.sshPort(), rigInfo.sshUser(),
                new NodeIdentity.KeyFile(rigInfo.sshKey().toString()), null);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
        connections.close();
    }

    private Tunnel open(int nodePort, int localPort, Tunnel.Listener listener) {
        Tunnel tunnel = Tunnel.open(rig, TunnelTarget.nodePort(node, nodePort), localPort, listener);
        toClose.add(tunnel);
        return tunnel;
    }

    @Test
    void netdataAnswersThroughTheLocalPortAndTheCountersMove() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        Tunnel tunnel = open(19999, 0, new Tunnel.Listener() {
            @Override
            public void opened(int number, InetSocketAddress from) {
                events.add("opened " + number);
            }

            @Override
            public void closed(int number, long sent, long received) {
                events.add("closed " + number + " " + (sent > 0) + " " + (received > 0));
            }
        });
        assertThat(tunnel.localAddress()).startsWith("127.0.0.1:");
        assertThat(tunnel.stats().state()).isEqualTo(Tunnel.State.LISTENING);
        assertThat(tunnel.stats().total()).isZero();

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> config = http.send(HttpRequest.newBuilder(URI.create(tunnel.localUrl("http") + "/api/v1/info"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(config.body()).contains("\"version\"");
        http.close();  // closes its kept-alive connection, which ends the one through the tunnel

        awaitNoneOpen(tunnel);
        Tunnel.Stats stats = tunnel.stats();
        assertThat(stats.total()).isEqualTo(1);
        assertThat(stats.failed()).isZero();
        assertThat(stats.sent()).isGreaterThan(30);  // the request line and headers
        assertThat(stats.received()).isGreaterThan(config.body().length());  // the body and the headers
        assertThat(stats.state()).isEqualTo(Tunnel.State.LISTENING);
        assertThat(events).containsExactly("opened 1", "closed 1 true true");

        tunnel.close();
        assertThat(tunnel.stats().state()).isEqualTo(Tunnel.State.CLOSED);
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), tunnel.localPort()).close())
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void everyByteArrivesBothWaysAndIsCountedWhileConnectionsRunSideBySide() throws Exception {
        ServerSocket echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        toClose.add(echo);
        Thread.ofVirtual().start(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket socket = echo.accept();
                    Thread.ofVirtual().start(() -> {
                        try (socket) {
                            socket.getInputStream().transferTo(socket.getOutputStream());
                        } catch (IOException ignored) {
                            // the test fails on its side
                        }
                    });
                } catch (IOException closed) {
                    return;
                }
            }
        });
        Tunnel tunnel = open(echo.getLocalPort(), 0, Tunnel.Listener.NONE);
        int size = 3 * 1024 * 1024 + 17;
        byte[][] payloads = new byte[3][];
        Thread[] clients = new Thread[3];
        byte[][] answers = new byte[3][];
        for (int i = 0; i < 3; i++) {
            payloads[i] = new byte[size];
            new Random(i).nextBytes(payloads[i]);
            int n = i;
            clients[i] = Thread.ofVirtual().start(() -> {
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), tunnel.localPort())) {
                    Thread writer = Thread.ofVirtual().start(() -> {
                        try {
                            OutputStream out = socket.getOutputStream();
                            out.write(payloads[n]);
                            socket.shutdownOutput(); // half-close: the echo must still come back
                        } catch (IOException e) {
                            throw new RuntimeException(e);
                        }
                    });
                    InputStream in = socket.getInputStream();
                    answers[n] = in.readAllBytes();
                    writer.join();
                } catch (Exception e) {
                    answers[n] = new byte[0];
                }
            });
        }
        for (Thread client : clients) {
            client.join(Duration.ofSeconds(60));
        }
        for (int i = 0; i < 3; i++) {
            assertThat(answers[i]).as("echo %d", i).isEqualTo(payloads[i]);
        }
        awaitNoneOpen(tunnel);
        Tunnel.Stats stats = tunnel.stats();
        assertThat(stats.total()).isEqualTo(3);
        assertThat(stats.sent()).isEqualTo(3L * size);
        assertThat(stats.received()).isEqualTo(3L * size);
    }

    @Test
    void aServerThatSendsAndClosesEndsTheConnectionWhileTheClientStillListens() throws Exception {
        int size = 8 * 1024 * 1024;
        byte[] payload = new byte[size];
        new Random(7).nextBytes(payload);
        ServerSocket source = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        toClose.add(source);
        Thread.ofVirtual().start(() -> {
            try (Socket socket = source.accept()) {
                socket.getOutputStream().write(payload);
            } catch (IOException ignored) {
                // the test fails on its side
            }
        });
        Tunnel tunnel = open(source.getLocalPort(), 0, Tunnel.Listener.NONE);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), tunnel.localPort())) {
            socket.setSoTimeout(20_000);  // a hang fails here, not in the build's timeout
            // The client never shuts its side: the end must come from the server's close alone.
            assertThat(socket.getInputStream().readAllBytes()).isEqualTo(payload);
        }
        awaitNoneOpen(tunnel);
        assertThat(tunnel.stats().received()).isEqualTo(size);
    }

    @Test
    void aConnectionToAPortNobodyListensOnIsClosedAndCountedAsFailed() throws Exception {
        int nobody;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nobody = probe.getLocalPort();
        }
        List<String> failures = new CopyOnWriteArrayList<>();
        Tunnel tunnel = open(nobody, 0, new Tunnel.Listener() {
            @Override
            public void failed(int number, String reason) {
                failures.add(reason);
            }
        });
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), tunnel.localPort())) {
            socket.setSoTimeout(10_000);
            assertThat(socket.getInputStream().read()).isEqualTo(-1);  // closed by the tunnel, not left hanging
        }
        Tunnel.Stats stats = tunnel.stats();
        assertThat(stats.failed()).isEqualTo(1);
        assertThat(stats.total()).isZero();
        assertThat(stats.lastError()).contains("127.0.0.1:" + nobody);
        assertThat(failures).hasSize(1);
        // The tunnel still listens for the next one.
        assertThat(tunnel.stats().state()).isEqualTo(Tunnel.State.LISTENING);
    }

    @Test
    void aLocalPortInUseIsNamedWithAFreeOneToUseInstead() throws Exception {
        ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        toClose.add(taken);
        int port = taken.getLocalPort();
        assertThatThrownBy(() -> open(2019, port, Tunnel.Listener.NONE))
                .isInstanceOfSatisfying(LocalPortInUseException.class, e -> {
                    assertThat(e.port()).isEqualTo(port);
                    assertThat(e.suggestion()).isPositive().isNotEqualTo(port);
                    assertThat(e.getMessage()).contains("Local port " + port + " is already in use")
                            .contains("--local " + e.suggestion());
                    // The suggestion is free: a tunnel opens there.
                    Tunnel there = open(2019, e.suggestion(), Tunnel.Listener.NONE);
                    assertThat(there.localPort()).isEqualTo(e.suggestion());
                });
    }

    @Test
    void itListensOnLoopbackOnly() throws Exception {
        Tunnel tunnel = open(2019, 0, Tunnel.Listener.NONE);
        InetAddress other = NetworkInterface.networkInterfaces()
                .filter(nic -> {
                    try {
                        return nic.isUp() && !nic.isLoopback();
                    } catch (IOException e) {
                        return false;
                    }
                })
                .flatMap(NetworkInterface::inetAddresses).filter(address -> address instanceof Inet4Address).findFirst()
                .orElseThrow(() -> new AssertionError("this machine has no address besides loopback to try"));
        try (Socket socket = new Socket()) {
            assertThatThrownBy(() -> socket.connect(new InetSocketAddress(other, tunnel.localPort()), 3000))
                    .isInstanceOf(ConnectException.class);
        }
        // The same port on loopback answers.
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), tunnel.localPort()), 3000);
        }
    }

    private static void awaitNoneOpen(Tunnel tunnel) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (tunnel.stats().open() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(tunnel.stats().open()).as("connections still open").isZero();
    }
}
