package dev.homeport.ssh.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeport.model.vault.Secret;
import dev.homeport.ssh.rig.NodeContainer;
import dev.homeport.ssh.rig.Processes;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.RigTargets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every key type, passphrase-protected keys made by the real ssh-keygen, and keepalives, against a node container. */
@ExtendWith(RigExtension.class)
class AuthTest {
    @TempDir
    static Path folder;
    private static NodeContainer node;
    private static NodeConnections connections;

    @BeforeAll
    static void start(Rig rig) {
        node = NodeContainer.start(rig);
        connections = new NodeConnections(RigTargets.settings(rig, folder)
                .withKeepalive(Duration.ofSeconds(1), 2).withConnectTimeout(Duration.ofSeconds(5)));
        connections.hostKeys().accept(node.ip(), 22, node.hostKey("ed25519"));
    }

    @AfterAll
    static void stop() {
        connections.close();
        node.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ed25519", "ecdsa", "rsa"})
    void everyKeyTypeLogsIn(String type) {
        Path key = keygen(type, "");
        node.authorize(Processes.run("cat", key + ".pub"));
        SshTarget target = new SshTarget("node-" + type, node.ip(), 22, node.user(), new Credentials.KeyFile(key));
        assertThat(connections.to(target, Prompts.NONE).exec(Command.of("whoami")).out().strip()).isEqualTo("homeport");
    }

    @Test
    void aPassphraseIsAskedForAndNotKept() {
        Path key = keygen("ed25519", "correct horse battery");
        node.authorize(Processes.run("cat", key + ".pub"));
        List<Integer> attempts = new ArrayList<>();
        Prompts prompts = new Prompts() {
            @Override
            public Secret keyPassphrase(String keyFile, int attempt) {
                attempts.add(attempt);
                assertThat(keyFile).isEqualTo(key.toString());
                return Secret.of(attempt == 1 ? "wrong" : "correct horse battery");
            }

            @Override
            public Secret password(String userAtHost, int attempt) {
                throw new AssertionError("no password should be asked");
            }
        };
        SshTarget target = new SshTarget("node-passphrase", node.ip(), 22, node.user(), new Credentials.KeyFile(key));
        assertThat(connections.to(target, prompts).exec(Command.of("true")).ok()).isTrue();
        assertThat(attempts).containsExactly(1, 2);
    }

    @Test
    void threeWrongPassphrasesEndIt() {
        Path key = keygen("ed25519", "the real one");
        SshTarget target = new SshTarget("node-wrong-passphrase", node.ip(), 22, node.user(), new Credentials.KeyFile(key));
        Prompts alwaysWrong = new Prompts() {
            @Override
            public Secret keyPassphrase(String keyFile, int attempt) {
                return Secret.of("nope " + attempt);
            }

            @Override
            public Secret password(String userAtHost, int attempt) {
                return null;
            }
        };
        assertThatThrownBy(() -> connections.to(target, alwaysWrong).connect())
                .isInstanceOf(NodeException.class)
                .hasMessage("Cannot open the key " + key + ": wrong passphrase, or a damaged key file.");
        assertThatThrownBy(() -> connections.to(target, Prompts.NONE).connect())
                .hasMessage("The key " + key + " is protected by a passphrase, and none was given.");
    }

    @Test
    void keepalivesNoticeANodeThatStoppedAnsweringAndTheNextCallReconnects(Rig rig) throws Exception {
        NodeConnection connection = connections.to(RigTargets.node(rig, node), Prompts.NONE);
        connection.connect();
        assertThat(connection.isConnected()).isTrue();
        Processes.run("docker", "pause", node.name());
        try {
            // ServerAliveInterval 1 s, ServerAliveCountMax 2: dropped after about 3 s without answers.
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (connection.isConnected() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(connection.isConnected()).as("the silent connection was dropped").isFalse();
        } finally {
            Processes.run("docker", "unpause", node.name());
        }
        assertThat(connection.exec(Command.of("echo", "back")).out()).isEqualTo("back\n");
    }

    @Test
    void aSessionKilledOnTheServerMidStreamSaysSoAndTheNextCallReconnects(Rig rig) throws Exception {
        NodeConnection connection = connections.to(RigTargets.node(rig, node), Prompts.NONE);
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        RemoteProcess process = connection.start(Command.script("echo started; sleep 20"), (source, line) -> started.countDown());
        assertThat(started.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        // The per-connection sshd process, as an operator's kill or a crash would end it.
        node.sh("pkill -f '^sshd: homeport'");
        assertThatThrownBy(() -> process.waitFor(Duration.ofSeconds(10)))
                .isInstanceOf(NodeException.class)
                .satisfies(e -> assertThat(((NodeException) e).kind()).isEqualTo(NodeException.Kind.DISCONNECTED))
                .hasMessageContaining("dropped");
        assertThat(connection.exec(Command.of("echo", "again")).out()).isEqualTo("again\n");
    }

    @Test
    void anIdleConnectionIsClosedAndReopenedOnDemand(Rig rig) throws Exception {
        try (NodeConnections idle = new NodeConnections(RigTargets.settings(rig, folder).withIdleClose(Duration.ofSeconds(2)))) {
            NodeConnection connection = idle.to(RigTargets.node(rig, node), Prompts.NONE);
            assertThat(connection.exec(Command.of("true")).ok()).isTrue();
            assertThat(connection.isConnected()).isTrue();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (connection.isConnected() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(connection.isConnected()).as("closed after being idle").isFalse();
            assertThat(connection.exec(Command.of("echo", "reopened")).out()).isEqualTo("reopened\n");
        }
    }

    private static Path keygen(String type, String passphrase) {
        Path key = folder.resolve("id_" + type + "_" + System.nanoTime());
        Processes.run("ssh-keygen", "-q", "-t", type, "-N", passphrase, "-f", key.toString());
        assertThat(Files.exists(key)).isTrue();
        return key;
    }
}
