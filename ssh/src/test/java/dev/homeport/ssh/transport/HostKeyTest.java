package dev.homeport.ssh.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.ssh.rig.NodeContainer;
import dev.homeport.ssh.rig.Processes;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.RigTargets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Unknown, accepted, changed and revoked host keys, against a real sshd in a node container. */
@ExtendWith(RigExtension.class)
class HostKeyTest {
    @TempDir
    Path folder;
    private NodeContainer node;
    private NodeConnections connections;
    private Path userKnownHosts;
    private SshTarget target;

    @BeforeEach
    void start(Rig rig) {
        node = NodeContainer.start(rig);
        userKnownHosts = folder.resolve("user_known_hosts");
        connections = new NodeConnections(RigTargets.settings(rig, folder).withUserKnownHosts(List.of(userKnownHosts)));
        target = RigTargets.node(rig, node);
    }

    @AfterEach
    void stop() {
        connections.close();
        node.close();
    }

    @Test
    void anUnknownKeyStopsBeforeLoginAndCanBeAccepted() {
        HostKeyException unknown = catchHostKey();
        assertThat(unknown.reason()).isEqualTo(HostKeyException.Reason.UNKNOWN);
        String expected = fingerprint(node.hostKey("ed25519"));
        assertThat(unknown.presented().fingerprint()).isEqualTo(expected);
        assertThat(unknown.presented().type()).isEqualTo("ssh-ed25519");
        assertThat(unknown.getMessage()).contains("can't be established", "ED25519 key fingerprint is " + expected);
        // Nothing was sent: sshd saw the connection end before authentication.
        assertThat(node.sshdLog()).contains("[preauth]").doesNotContain("Accepted", "Failed", "Invalid user");

        connections.hostKeys().accept(unknown.host(), unknown.port(), unknown.presented().openSsh());
        assertThat(connections.to(target, Prompts.NONE).exec(Command.of("hostname")).ok()).isTrue();
        assertThat(node.sshdLog()).contains("Accepted publickey for homeport");
        assertThat(folder.resolve("known_hosts")).content().startsWith(node.ip() + " ssh-ed25519 ");
    }

    @Test
    void aChangedKeyIsRefusedWithBothFingerprintsUntilTheUserReplacesIt() {
        HostKeyException first = catchHostKey();
        connections.hostKeys().accept(first.host(), first.port(), first.presented().openSsh());
        connections.to(target, Prompts.NONE).connect();
        connections.disconnect(target);

        node.regenerateHostKeys();
        HostKeyException changed = catchHostKey();
        assertThat(changed.reason()).isEqualTo(HostKeyException.Reason.CHANGED);
        assertThat(changed.getMessage()).contains("REMOTE HOST IDENTIFICATION HAS CHANGED",
                changed.presented().fingerprint(), first.presented().fingerprint());
        assertThat(changed.known()).extracting(HostKeyInfo::fingerprint).containsExactly(first.presented().fingerprint());

        connections.hostKeys().replace(changed.host(), changed.port(), changed.presented().openSsh());
        assertThat(connections.to(target, Prompts.NONE).exec(Command.of("true")).ok()).isTrue();
    }

    @Test
    void theUsersOwnKnownHostsCountIncludingHashedEntries() throws Exception {
        Files.writeString(userKnownHosts, Processes.run("ssh-keyscan", "-H", "-t", "ed25519", node.ip()) + "\n");
        assertThat(Files.readString(userKnownHosts)).startsWith("|1|");
        assertThat(connections.to(target, Prompts.NONE).exec(Command.of("true")).ok()).isTrue();
        assertThat(folder.resolve("known_hosts")).doesNotExist();
    }

    @Test
    void aKeyForAnotherPortDoesNotCount() throws Exception {
        Files.writeString(userKnownHosts, "[" + node.ip() + "]:2200 " + node.hostKey("ed25519") + "\n");
        assertThat(catchHostKey().reason()).isEqualTo(HostKeyException.Reason.UNKNOWN);
        Files.writeString(userKnownHosts, "[" + node.ip() + "]:22 " + node.hostKey("ed25519") + "\n");
        assertThat(connections.to(target, Prompts.NONE).exec(Command.of("true")).ok()).isTrue();
    }

    @Test
    void aRevokedKeyIsRefusedEvenWhenAccepted() throws Exception {
        connections.hostKeys().accept(node.ip(), 22, node.hostKey("ed25519"));
        Files.writeString(userKnownHosts, "@revoked * " + node.hostKey("ed25519") + "\n");
        HostKeyException revoked = catchHostKey();
        assertThat(revoked.reason()).isEqualTo(HostKeyException.Reason.REVOKED);
        assertThat(revoked.getMessage()).contains("@revoked", "refused");
    }

    private HostKeyException catchHostKey() {
        try {
            connections.to(target, Prompts.NONE).connect();
        } catch (HostKeyException e) {
            return e;
        }
        throw new AssertionError("the connection was not stopped at the host key");
    }

    private String fingerprint(String publicKeyLine) {
        try {
            Path file = Files.writeString(folder.resolve("key.pub"), publicKeyLine + "\n");
            return Processes.run("ssh-keygen", "-l", "-E", "sha256", "-f", file.toString()).split("\\s+")[1];
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
