package dev.homeport.ssh.transport.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeport.ssh.rig.Rig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.sshd.agent.SshAgentFactory;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SSHD public-key authentication to the rig's real OpenSSH sshd, with keys only from a real ssh-agent. */
class AgentAuthenticationRigTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path directory;

    private Rig rig;

    /**
     * Skips without the rig, but fails under CI, where a green run must mean these tests ran.
     * (Done here rather than through RigExtension: JUnit turns an abort thrown while resolving
     * a parameter into an error, so the extension cannot skip.)
     */
    @BeforeEach
    void findTheRig() {
        rig = Rig.load();
        if (rig == null) {
            String message = "The test rig is not up (no " + Rig.directory().resolve("rig.properties") + "); run scripts/rig up";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(message + ". Under CI the rig tests must run, never skip.");
            }
            Assumptions.abort(message);
        }
    }

    @Test
    void authenticatesWithTheAgentsKeyAndRunsACommand() throws Exception {
        try (OpenSshAgent agent = OpenSshAgent.start(directory)) {
            agent.add(rig.sshKey());

            try (ClientSession session = connect(new UnixSocketAgentFactory(agent.socket()))) {
                session.auth().verify(TIMEOUT);

                assertThat(session.executeRemoteCommand("echo ok", TIMEOUT)).isEqualTo("ok\n");
            }
        }
    }

    @Test
    void anAgentWithoutAnAuthorizedKeyFailsAuthentication() throws Exception {
        try (OpenSshAgent agent = OpenSshAgent.start(directory)) {
            agent.add(OpenSshTools.generateKey(directory, "ed25519", 256));

            try (ClientSession session = connect(new UnixSocketAgentFactory(agent.socket()))) {
                assertThatThrownBy(() -> session.auth().verify(TIMEOUT))
                        .isInstanceOf(SshException.class)
                        .hasMessageContaining("No more authentication methods available");
            }
        }
    }

    @Test
    void aMissingAgentSocketFailsAuthenticationNamingIt() throws Exception {
        Path gone = directory.resolve("gone.sock");

        try (ClientSession session = connect(new UnixSocketAgentFactory(gone))) {
            assertThatThrownBy(() -> session.auth().verify(TIMEOUT))
                    .isInstanceOf(SshException.class)
                    .rootCause()
                    .isInstanceOf(AgentUnavailableException.class)
                    .hasMessageContaining("No ssh-agent at " + gone)
                    .hasMessageContaining("SSH_AUTH_SOCK");
        }
    }

    @Test
    void withoutTheOptionalAgentOtherKeysStillAuthenticate() throws Exception {
        UnixSocketAgentFactory missing = new UnixSocketAgentFactory(directory.resolve("gone.sock")).optional();

        try (ClientSession session = connect(missing)) {
            session.setKeyIdentityProvider(new FileKeyPairProvider(rig.sshKey()));
            session.auth().verify(TIMEOUT);

            assertThat(session.executeRemoteCommand("echo ok", TIMEOUT)).isEqualTo("ok\n");
        }
    }

    /** A connected, not yet authenticated session whose only way to authenticate is the agent's keys. */
    private ClientSession connect(SshAgentFactory agentFactory) throws Exception {
        SshClient client = SshClient.setUpDefaultClient();
        client.setAgentFactory(agentFactory);
        // Any host key is accepted here: these tests are about user authentication;
        // checking the rig's host key is the host-key verification's tests' business.
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        client.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        client.start();
        try {
            ClientSession session = client.connect(rig.sshUser(), rig.sshHost(), rig.sshPort()).verify(TIMEOUT).getSession();
            session.addCloseFutureListener(closed -> client.stop());
            return session;
        } catch (Exception | Error e) {
            client.stop();
            throw e;
        }
    }
}
