package dev.homeport.ssh.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeport.model.vault.Secret;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.RigRegistry;
import dev.homeport.ssh.rig.RigTargets;
import dev.homeport.ssh.transport.NodeConnections;
import dev.homeport.ssh.transport.Prompts;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry login checked from the rig node's Docker ({@code POST /auth}): a good login works; a wrong password, a
 * registry nobody answers and one that speaks no TLS where Docker needs it each fail with words that say which, and
 * never with the password.
 */
@ExtendWith(RigExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RegistryLoginTest {
    @TempDir
    Path folder;
    private NodeConnections connections;
    private NodeDocker docker;

    @BeforeEach
    void connect(Rig rig) {
        connections = new NodeConnections(RigTargets.settings(rig, folder));
        docker = new NodeDocker(connections.to(RigTargets.rig(rig), Prompts.NONE));
    }

    @AfterEach
    void close() {
        docker.close();
        connections.close();
    }

    @Test
    void aGoodLoginWorksAndAWrongPasswordIsRefusedAsWrongCredentials() throws Exception {
        try (RigRegistry registry = new RigRegistry()) {
            RegistryLogin.check(docker, registry.address(), registry.user, Secret.of(registry.password));

            String wrong = "wrong-" + UUID.randomUUID();
            assertThatThrownBy(() -> RegistryLogin.check(docker, registry.address(), registry.user, Secret.of(wrong)))
                    .isInstanceOfSatisfying(RegistryLoginException.class, e -> {
                        assertThat(e.refusal()).isEqualTo(RegistryLogin.Refusal.CREDENTIALS);
                        assertThat(e.getMessage()).startsWith("The registry " + registry.address() + " refused the login of tester:"
                                + " wrong user name or password (Docker on node rig said: ").contains("401").doesNotContain(wrong, registry.password);
                        assertThat(e.getCause()).isNull();
                    });
            assertThatThrownBy(() -> RegistryLogin.check(docker, registry.address(), "nobody", Secret.of(registry.password)))
                    .isInstanceOfSatisfying(RegistryLoginException.class, e -> assertThat(e.refusal()).isEqualTo(RegistryLogin.Refusal.CREDENTIALS));
        }
    }

    @Test
    void aRegistryNobodyAnswersCannotBeReached() throws Exception {
        int closed;
        try (ServerSocket free = new ServerSocket(0)) {
            closed = free.getLocalPort();
        }
        assertThatThrownBy(() -> RegistryLogin.check(docker, "127.0.0.1:" + closed, "tester", Secret.of("pw-unused")))
                .isInstanceOfSatisfying(RegistryLoginException.class, e -> {
                    assertThat(e.refusal()).isEqualTo(RegistryLogin.Refusal.UNREACHABLE);
                    assertThat(e.getMessage()).startsWith("Node rig cannot reach the registry 127.0.0.1:" + closed + ": ").contains("connection refused");
                });
    }

    /**
     * Docker speaks plain HTTP only to 127.0.0.0/8 (and its insecure-registries); anywhere else a registry must speak
     * TLS. This one answers every connection in plain HTTP at once, as Go's HTTP servers (docker-registry among them)
     * answer a TLS hello.
     */
    @Test
    void aRegistryWithoutTlsOffLoopbackIsATlsProblem() throws Exception {
        try (ServerSocket plain = new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"))) {
            Thread answering = Thread.ofVirtual().start(() -> {
                while (!plain.isClosed()) {
                    try (java.net.Socket client = plain.accept()) {
                        client.getOutputStream().write("HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n"
                                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    } catch (java.io.IOException closed) {
                        // the test is over, or the client went away
                    }
                }
            });
            String address = nonLoopbackAddress() + ":" + plain.getLocalPort();
            assertThatThrownBy(() -> RegistryLogin.check(docker, address, "tester", Secret.of("pw-unused")))
                    .isInstanceOfSatisfying(RegistryLoginException.class, e -> {
                        assertThat(e.refusal()).as(e.getMessage()).isEqualTo(RegistryLogin.Refusal.TLS);
                        assertThat(e.getMessage()).startsWith("TLS problem between node rig and the registry " + address + ": ")
                                .contains("server gave HTTP response to HTTPS client");
                    });
            plain.close();
            answering.join();
        }
    }

    /** A registry whose certificate nobody gave the node's Docker to trust: Docker's x509 error, read as a TLS problem. */
    @Test
    void aCertificateTheNodeDoesNotTrustIsATlsProblem() throws Exception {
        String ip = nonLoopbackAddress();
        Path keystore = folder.resolve("registry.p12");
        dev.homeport.ssh.rig.Processes.run(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "registry", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=homeport-test-registry",
                "-ext", "SAN=ip:" + ip, "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", "changeit", "-keypass", "changeit");
        java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
        try (var in = java.nio.file.Files.newInputStream(keystore)) {
            keys.load(in, "changeit".toCharArray());
        }
        javax.net.ssl.KeyManagerFactory managers = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, "changeit".toCharArray());
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(managers.getKeyManagers(), null, null);
        com.sun.net.httpserver.HttpsServer server = com.sun.net.httpserver.HttpsServer.create(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0), 0);
        server.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            String address = ip + ":" + server.getAddress().getPort();
            assertThatThrownBy(() -> RegistryLogin.check(docker, address, "tester", Secret.of("pw-unused")))
                    .isInstanceOfSatisfying(RegistryLoginException.class, e -> {
                        assertThat(e.refusal()).as(e.getMessage()).isEqualTo(RegistryLogin.Refusal.TLS);
                        assertThat(e.getMessage()).startsWith("TLS problem between node rig and the registry " + address + ": ").contains("x509");
                    });
        } finally {
            server.stop(0);
        }
    }

    /** This machine's first IPv4 address off loopback: the rig's node is this machine, so its Docker reaches it. */
    private static String nonLoopbackAddress() throws Exception {
        return NetworkInterface.networkInterfaces().filter(i -> {
                    try {
                        return i.isUp() && !i.isLoopback();
                    } catch (java.net.SocketException e) {
                        return false;
                    }
                })
                .flatMap(NetworkInterface::inetAddresses).filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
                .map(InetAddress::getHostAddress).findFirst().orElseThrow(() -> new IllegalStateException("no IPv4 address off loopback"));
    }
}
