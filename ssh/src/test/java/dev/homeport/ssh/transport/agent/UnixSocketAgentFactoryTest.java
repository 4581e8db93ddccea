package dev.homeport.ssh.transport.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixSocketAgentFactoryTest {
    @TempDir
    Path directory;

    @Test
    void withoutSshAuthSockThereIsNoAgentAndTheMessageSaysSo() {
        UnixSocketAgentFactory factory = new UnixSocketAgentFactory(Map.of());

        assertThatThrownBy(() -> factory.createClient(null, null))
                .isInstanceOf(AgentUnavailableException.class)
                .hasMessageContaining("SSH_AUTH_SOCK is not set");
    }

    @Test
    void aBlankSshAuthSockCountsAsUnset() {
        UnixSocketAgentFactory factory = new UnixSocketAgentFactory(Map.of("SSH_AUTH_SOCK", " "));

        assertThatThrownBy(() -> factory.createClient(null, null))
                .isInstanceOf(AgentUnavailableException.class)
                .hasMessageContaining("SSH_AUTH_SOCK is not set");
    }

    @Test
    void aMissingSocketFromSshAuthSockIsNamed() {
        Path gone = directory.resolve("gone.sock");
        UnixSocketAgentFactory factory = new UnixSocketAgentFactory(Map.of("SSH_AUTH_SOCK", gone.toString()));

        assertThatThrownBy(() -> factory.createClient(null, null))
                .isInstanceOf(AgentUnavailableException.class)
                .hasMessageContaining("No ssh-agent at " + gone + " (from SSH_AUTH_SOCK)")
                .hasMessageContaining("does not exist");
    }

    @Test
    void aMissingConfiguredSocketIsNamed() {
        Path gone = directory.resolve("gone.sock");

        assertThatThrownBy(() -> new UnixSocketAgentFactory(gone).createClient(null, null))
                .isInstanceOf(AgentUnavailableException.class)
                .hasMessageContaining("No ssh-agent at " + gone + " (configured path, not SSH_AUTH_SOCK)");
    }

    @Test
    void anOptionalAgentThatIsMissingIsNoAgent() throws Exception {
        assertThat(new UnixSocketAgentFactory(Map.of()).optional().createClient(null, null)).isNull();
        assertThat(new UnixSocketAgentFactory(directory.resolve("gone.sock")).optional().createClient(null, null)).isNull();
    }

    @Test
    void theSocketInSshAuthSockIsUsed() throws Exception {
        try (OpenSshAgent agent = OpenSshAgent.start(directory)) {
            UnixSocketAgentFactory factory = new UnixSocketAgentFactory(Map.of("SSH_AUTH_SOCK", agent.socket().toString()));

            try (AgentClient client = factory.createClient(null, null)) {
                assertThat(client.getIdentities()).isEmpty();
                assertThat(client).hasToString("AgentClient[" + agent.socket() + " (from SSH_AUTH_SOCK)]");
            }
        }
    }

    @Test
    void itIsClientSideOnly() {
        UnixSocketAgentFactory factory = new UnixSocketAgentFactory(directory.resolve("agent.sock"));

        assertThat(factory.getChannelForwardingFactories(null)).isEmpty();
        assertThatThrownBy(() -> factory.createServer(null)).isInstanceOf(UnsupportedOperationException.class);
    }
}
