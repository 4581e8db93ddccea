package dev.homeport.ssh.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeport.ssh.rig.NodeContainer;
import dev.homeport.ssh.rig.Processes;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.RigTargets;
import dev.homeport.ssh.transport.NodeConnection;
import dev.homeport.ssh.transport.NodeConnections;
import dev.homeport.ssh.transport.Prompts;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A node whose user cannot reach Docker gets an error that says so, not a protocol failure. */
@ExtendWith(RigExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DockerUnreachableTest {
    @TempDir
    Path folder;

    @Test
    void aNodeWithoutDockerSaysThatDockerIsMissing(Rig rig) {
        // The rig's node image runs sshd but has no docker program.
        try (NodeContainer bare = NodeContainer.start(rig);
             NodeConnections connections = new NodeConnections(RigTargets.settings(rig, folder))) {
            connections.hostKeys().accept(bare.ip(), 22, bare.hostKey("ed25519"));
            NodeConnection node = connections.to(RigTargets.node(rig, bare), Prompts.NONE);
            try (NodeDocker docker = new NodeDocker(node)) {
                assertThatThrownBy(docker::client)
                        .isInstanceOf(DockerUnavailableException.class)
                        .hasMessageContaining("Docker cannot be reached on " + bare.name() + " as " + bare.user())
                        .hasMessageContaining("docker system dial-stdio")
                        .hasMessageContaining("not found")
                        .hasMessageContaining("Is Docker installed");
                assertThat(docker.transport().idleChannels()).as("the failed channel is not kept").isZero();
            }
        }
    }

    @Test
    void aNodeWhoseDaemonIsNotRunningSaysSo(Rig rig) {
        // The real docker program on a node with no Docker daemon (so no socket to dial).
        try (NodeContainer node = NodeContainer.start(rig);
             NodeConnections connections = new NodeConnections(RigTargets.settings(rig, folder))) {
            String cli = Processes.run("sh", "-c", "command -v docker");
            Processes.run("docker", "cp", "-L", cli, node.name() + ":/usr/local/bin/docker");
            connections.hostKeys().accept(node.ip(), 22, node.hostKey("ed25519"));
            try (NodeDocker docker = new NodeDocker(connections.to(RigTargets.node(rig, node), Prompts.NONE))) {
                assertThatThrownBy(docker::client)
                        .isInstanceOf(DockerUnavailableException.class)
                        .hasMessageContaining("dial unix /var/run/docker.sock")
                        .hasMessageContaining("Is the Docker daemon running on the node?");
            }
        }
    }
}
