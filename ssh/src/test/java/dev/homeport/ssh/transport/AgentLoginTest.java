package dev.homeport.ssh.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.RigTargets;
import dev.homeport.ssh.transport.agent.OpenSshAgent;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Logging in with the keys of a real OpenSSH ssh-agent, through the shared connections. */
@ExtendWith(RigExtension.class)
class AgentLoginTest {
    @TempDir
    Path folder;

    @Test
    void theAgentsKeyLogsIn(Rig rig) throws Exception {
        try (OpenSshAgent agent = OpenSshAgent.start(folder);
             NodeConnections connections = new NodeConnections(RigTargets.settings(rig, folder).withAgentSocket(agent.socket()))) {
            agent.add(rig.sshKey());
            SshTarget target = new SshTarget("rig-agent", rig.sshHost(), rig.sshPort(), rig.sshUser(), new Credentials.Agent());
            assertThat(connections.to(target, Prompts.NONE).exec(Command.of("whoami")).out().strip()).isEqualTo(rig.sshUser());
        }
    }

    @Test
    void anAgentWithoutTheKeyFailsAndSaysWhatWasTried(Rig rig) throws Exception {
        try (OpenSshAgent agent = OpenSshAgent.start(folder);
             NodeConnections connections = new NodeConnections(RigTargets.settings(rig, folder).withAgentSocket(agent.socket()))) {
            SshTarget target = new SshTarget("rig-agent", rig.sshHost(), rig.sshPort(), rig.sshUser(), new Credentials.Agent());
            assertThatThrownBy(() -> connections.to(target, Prompts.NONE).connect())
                    .isInstanceOf(NodeException.class)
                    .hasMessage("Authentication failed for " + target.address() + ". Tried: publickey (keys from ssh-agent).");
        }
    }
}
