package dev.homeport.ssh.transport.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.pubkey.PublicKeyAuthenticationReporter;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SSHD's RSA public-key authentication through the agent, against an in-process SSHD server that
 * accepts only the agent's RSA key: the server rejects the login unless the agent signed with the
 * SHA-2 hash the client announced, so this proves the signature flags end to end.
 */
class AgentRsaAuthenticationTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path directory;

    private OpenSshAgent agent;
    private PublicKey rsaKey;
    private SshServer server;

    @BeforeEach
    void startAgentAndServer() throws Exception {
        agent = OpenSshAgent.start(directory);
        Path key = OpenSshTools.generateKey(directory, "rsa", 3072);
        agent.add(key);
        rsaKey = PublicKeyEntry.parsePublicKeyEntry(OpenSshTools.publicLine(key)).resolvePublicKey(null, Map.of(), null);

        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider());
        server.setPublickeyAuthenticator((user, offered, session) -> KeyUtils.compareKeys(rsaKey, offered));
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop(true);
        agent.close();
    }

    enum RsaSignature {
        SHA512(BuiltinSignatures.rsaSHA512), SHA256(BuiltinSignatures.rsaSHA256);

        final BuiltinSignatures factory;

        RsaSignature(BuiltinSignatures factory) {
            this.factory = factory;
        }
    }

    @ParameterizedTest
    @EnumSource(RsaSignature.class)
    void authenticatesWithTheAgentsRsaKey(RsaSignature signature) throws Exception {
        List<String> signedWith = new CopyOnWriteArrayList<>();
        SshClient client = SshClient.setUpDefaultClient();
        client.setAgentFactory(new UnixSocketAgentFactory(agent.socket()));
        // A throwaway in-process server: its host key is not what this test is about.
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        client.setUserAuthFactories(List.of(new UserAuthPublicKeyFactory(List.of(signature.factory))));
        client.setPublicKeyAuthenticationReporter(new PublicKeyAuthenticationReporter() {
            @Override
            public void signalSignatureAttempt(ClientSession session, String service, KeyPair identity, String algorithm,
                    byte[] signed) {
                signedWith.add(algorithm);
            }
        });
        client.start();
        try (ClientSession session = client.connect("someone", "127.0.0.1", server.getPort()).verify(TIMEOUT).getSession()) {
            session.auth().verify(TIMEOUT);

            assertThat(signedWith).containsExactly(signature.factory.getName());
        } finally {
            client.stop();
        }
    }
}
