package dev.homeport.ssh.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeport.model.vault.Secret;
import dev.homeport.ssh.rig.Processes;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.RigTargets;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Each way a connection can fail gives its own specific error, within the timeout. */
@ExtendWith(RigExtension.class)
class FailureTest {
    @TempDir
    Path folder;
    private NodeConnections connections;

    @AfterEach
    void close() {
        if (connections != null) {
            connections.close();
        }
    }

    private NodeConnections connections(Rig rig, Duration timeout) {
        connections = new NodeConnections(RigTargets.settings(rig, folder).withConnectTimeout(timeout));
        return connections;
    }

    @Test
    void aClosedPortIsRefused(Rig rig) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        SshTarget target = new SshTarget("closed", "127.0.0.1", port, "nobody", new Credentials.Agent());
        assertThatThrownBy(() -> connections(rig, Duration.ofSeconds(5)).to(target, Prompts.NONE).connect())
                .isInstanceOf(NodeException.class)
                .hasMessage("Connection refused by 127.0.0.1:" + port + ": nothing listens on port " + port + ".")
                .extracting(e -> ((NodeException) e).kind()).isEqualTo(NodeException.Kind.REFUSED);
    }

    @Test
    void repeatedFailuresBackOff(Rig rig) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        NodeConnection closed = connections(rig, Duration.ofSeconds(5))
                .to(new SshTarget("closed", "127.0.0.1", port, "nobody", new Credentials.Agent()), Prompts.NONE);
        long[] took = new long[3];
        for (int i = 0; i < took.length; i++) {
            long start = System.nanoTime();
            assertThatThrownBy(closed::connect).isInstanceOf(NodeException.class);
            took[i] = Duration.ofNanos(System.nanoTime() - start).toMillis();
        }
        // The first try is immediate; then it waits 0.5 s, then 1 s, before trying again.
        assertThat(took[0]).isLessThan(400);
        assertThat(took[1]).isBetween(400L, 2000L);
        assertThat(took[2]).isBetween(900L, 3000L);
    }

    @Test
    void aNameThatDoesNotResolveIsUnreachable(Rig rig) {
        SshTarget target = new SshTarget("ghost", "no-such-host.invalid", 22, "nobody", new Credentials.Agent());
        assertThatThrownBy(() -> connections(rig, Duration.ofSeconds(5)).to(target, Prompts.NONE).connect())
                .isInstanceOf(NodeException.class)
                .hasMessage("Host unreachable: the name 'no-such-host.invalid' does not resolve.")
                .extracting(e -> ((NodeException) e).kind()).isEqualTo(NodeException.Kind.UNREACHABLE);
    }

    @Test
    void aServerThatNeverAnswersTimesOutWithinTheLimit(Rig rig) throws Exception {
        // Accepts TCP connections (the kernel does) but never speaks SSH.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            SshTarget target = new SshTarget("silent", "127.0.0.1", silent.getLocalPort(), "nobody", new Credentials.Agent());
            long start = System.nanoTime();
            assertThatThrownBy(() -> connections(rig, Duration.ofSeconds(2)).to(target, Prompts.NONE).connect())
                    .isInstanceOf(NodeException.class)
                    .hasMessage("Timed out: 127.0.0.1:" + silent.getLocalPort() + " did not answer within 2 s.")
                    .extracting(e -> ((NodeException) e).kind()).isEqualTo(NodeException.Kind.TIMED_OUT);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        }
    }

    @Test
    void anAddressWithNoHostTimesOutWithinTheLimit(Rig rig) {
        // The last address of Docker's bridge network: on the link, but nobody answers ARP for it,
        // so the TCP handshake gets no answer at all.
        String subnet = Processes.run("docker", "network", "inspect", "bridge", "-f", "{{(index .IPAM.Config 0).Subnet}}");
        String[] octets = subnet.split("/")[0].split("\\.");
        String nobody = octets[0] + "." + octets[1] + ".255.254";
        SshTarget target = new SshTarget("void", nobody, 22, "nobody", new Credentials.Agent());
        long start = System.nanoTime();
        assertThatThrownBy(() -> connections(rig, Duration.ofSeconds(2)).to(target, Prompts.NONE).connect())
                .isInstanceOf(NodeException.class)
                .hasMessage("Timed out: " + nobody + ":22 did not answer within 2 s.");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void aWrongKeyFailsAuthenticationAndSaysWhatWasTried(Rig rig) {
        Path stranger = folder.resolve("stranger");
        Processes.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", stranger.toString());
        SshTarget target = new SshTarget("rig", rig.sshHost(), rig.sshPort(), rig.sshUser(), new Credentials.KeyFile(stranger));
        assertThatThrownBy(() -> connections(rig, Duration.ofSeconds(10)).to(target, Prompts.NONE).connect())
                .isInstanceOf(NodeException.class)
                .hasMessage("Authentication failed for " + target.address() + ". Tried: publickey (key file " + stranger + ").")
                .extracting(e -> ((NodeException) e).kind()).isEqualTo(NodeException.Kind.AUTH_FAILED);
    }

    @Test
    void passwordsWorkAndAWrongOneSaysSo(Rig rig) {
        SshTarget good = new SshTarget("rig-password", rig.sshHost(), rig.sshPort(), rig.sshUser(),
                new Credentials.Password(Secret.of(rig.sshPassword())));
        assertThat(connections(rig, Duration.ofSeconds(10)).to(good, Prompts.NONE).exec(Command.of("whoami")).out().strip())
                .isEqualTo(rig.sshUser());
        SshTarget wrong = new SshTarget("rig-wrong", rig.sshHost(), rig.sshPort(), rig.sshUser(), new Credentials.Password(Secret.of("not-it")));
        assertThatThrownBy(() -> connections.to(wrong, Prompts.NONE).connect())
                .hasMessage("Authentication failed for " + wrong.address() + ". Tried: password.");
        SshTarget asked = new SshTarget("rig-asked", rig.sshHost(), rig.sshPort(), rig.sshUser(), new Credentials.Password(null));
        assertThatThrownBy(() -> connections.to(asked, Prompts.NONE).connect())
                .hasMessage("A password is needed for " + asked.address() + ", and none was given.");
    }

    @Test
    void aKeyFileThatIsMissingIsNamed(Rig rig) {
        Path missing = folder.resolve("nope");
        SshTarget target = new SshTarget("rig", rig.sshHost(), rig.sshPort(), rig.sshUser(), new Credentials.KeyFile(missing));
        assertThatThrownBy(() -> connections(rig, Duration.ofSeconds(10)).to(target, Prompts.NONE).connect())
                .hasMessage("The key file " + missing + " does not exist.");
    }
}
