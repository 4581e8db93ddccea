package dev.homeport.ssh.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.ssh.rig.NodeContainer;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.RigTargets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Hosts named by their ~/.ssh/config alias, and ProxyJump chains through node containers. */
@ExtendWith(RigExtension.class)
class SshConfigTest {
    @TempDir
    static Path folder;
    private static NodeContainer first;
    private static NodeContainer second;
    private static NodeContainer last;
    private static NodeConnections connections;

    @BeforeAll
    static void start(Rig rig) throws Exception {
        first = NodeContainer.start(rig);
        second = NodeContainer.start(rig);
        last = NodeContainer.start(rig);
        Path config = folder.resolve("config");
        Files.writeString(config, """
                # Written the way users write theirs: patterns, aliases and jump chains.
                Host hop1
                    HostName %s
                Host hop2
                    HostName %s
                    ProxyJump hop1
                Host deep
                    HostName %s
                    ProxyJump hop2
                Host app-*
                    HostName %s
                Host hop1 hop2 deep app-*
                    User homeport
                    Port 22
                    IdentityFile %s
                    IdentitiesOnly yes
                """.formatted(first.ip(), second.ip(), last.ip(), first.ip(), rig.sshKey()));
        connections = new NodeConnections(RigTargets.settings(rig, folder).withSshConfig(config));
        for (NodeContainer node : new NodeContainer[] {first, second, last}) {
            connections.hostKeys().accept(node.ip(), 22, node.hostKey("ed25519"));
        }
    }

    @AfterAll
    static void stop() {
        connections.close();
        first.close();
        second.close();
        last.close();
    }

    @Test
    void anAliasAloneIsEnough() {
        SshTarget alias = new SshTarget("hop1", "hop1", 22, "homeport", new Credentials.SshConfig());
        assertThat(connections.to(alias, Prompts.NONE).exec(Command.of("hostname", "-I")).out()).contains(first.ip());
    }

    @Test
    void hostPatternsMatchToo() {
        SshTarget pattern = new SshTarget("app-web", "app-web", 22, "homeport", new Credentials.SshConfig());
        assertThat(connections.to(pattern, Prompts.NONE).exec(Command.of("hostname", "-I")).out()).contains(first.ip());
    }

    @Test
    void aProxyJumpChainLeadsThroughEveryHop() {
        SshTarget deep = new SshTarget("deep", "deep", 22, "homeport", new Credentials.SshConfig());
        String connection = connections.to(deep, Prompts.NONE).exec(Command.script("echo $SSH_CONNECTION")).out();
        assertThat(connection.split(" ")[0]).as("the last hop connects from the second node").isEqualTo(second.ip());
        assertThat(connection.split(" ")[2]).isEqualTo(last.ip());
        assertThat(first.sshdLog()).contains("Accepted publickey for homeport");
        assertThat(second.sshdLog()).contains("Accepted publickey for homeport from " + first.ip());
    }

    @Test
    void anUnknownJumpHostStopsTheChainAndIsNamed(Rig rig) {
        Path emptyKnownHosts = folder.resolve("fresh");
        try (NodeConnections fresh = new NodeConnections(RigTargets.settings(rig, emptyKnownHosts).withSshConfig(folder.resolve("config")))) {
            SshTarget deep = new SshTarget("deep", "deep", 22, "homeport", new Credentials.SshConfig());
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> fresh.to(deep, Prompts.NONE).connect())
                    .isInstanceOf(HostKeyException.class)
                    .satisfies(e -> assertThat(((HostKeyException) e).host()).isEqualTo(first.ip()));
        }
    }
}
