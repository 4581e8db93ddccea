package dev.homeport.ssh.transport.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.common.signature.Signature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The client against a real OpenSSH ssh-agent holding keys added by the real ssh-add. */
class AgentClientTest {
    @TempDir
    static Path directory;

    private static OpenSshAgent agent;
    private static Map<String, Path> keys;

    @BeforeAll
    static void startAgentWithKeys() throws Exception {
        agent = OpenSshAgent.start(directory);
        keys = Map.of(
                "ed25519", OpenSshTools.generateKey(directory, "ed25519", 256),
                "ecdsa256", OpenSshTools.generateKey(directory, "ecdsa", 256),
                "ecdsa384", OpenSshTools.generateKey(directory, "ecdsa", 384),
                "rsa", OpenSshTools.generateKey(directory, "rsa", 3072));
        for (Path key : keys.values()) {
            agent.add(key);
        }
    }

    @AfterAll
    static void stopAgent() throws Exception {
        agent.close();
    }

    private static AgentClient client() {
        return new AgentClient(agent.socket(), Duration.ofSeconds(10));
    }

    @Test
    void listsTheKeysSshAddShows() throws Exception {
        List<String> listed = new ArrayList<>();
        try (AgentClient client = client()) {
            for (Map.Entry<PublicKey, String> identity : client.getIdentities()) {
                listed.add(PublicKeyEntry.toString(identity.getKey()) + " " + identity.getValue());
            }
        }

        assertThat(listed).hasSize(4).containsExactlyInAnyOrderElementsOf(agent.listedByOpenSsh());
    }

    @ParameterizedTest(name = "{0} key signing as {1}")
    @CsvSource({
            "ed25519,  ssh-ed25519",
            "ecdsa256, ecdsa-sha2-nistp256",
            "ecdsa384, ecdsa-sha2-nistp384",
            "rsa,      rsa-sha2-256",
            "rsa,      rsa-sha2-512",
            "rsa,      ssh-rsa"
    })
    void signaturesVerifyWithThePublicKey(String keyName, String algorithm) throws Exception {
        byte[] data = ("data to sign for " + algorithm).getBytes(StandardCharsets.UTF_8);
        try (AgentClient client = client()) {
            PublicKey key = identity(client, keyName);

            Map.Entry<String, byte[]> signature = client.sign(null, key, algorithm, data);

            assertThat(signature.getKey()).isEqualTo(algorithm);
            assertThat(verifies(algorithm, key, data, signature.getValue())).isTrue();
            byte[] tampered = "other data".getBytes(StandardCharsets.UTF_8);
            assertThat(verifies(algorithm, key, tampered, signature.getValue())).isFalse();
        }
    }

    @Test
    void signsWithAKeyThisClientHasNotListed() throws Exception {
        PublicKey key;
        try (AgentClient lister = client()) {
            key = identity(lister, "ed25519");
        }
        byte[] data = "fresh client".getBytes(StandardCharsets.UTF_8);
        try (AgentClient signer = client()) {
            Map.Entry<String, byte[]> signature = signer.sign(null, key, "ssh-ed25519", data);

            assertThat(verifies("ssh-ed25519", key, data, signature.getValue())).isTrue();
        }
    }

    @Test
    void aKeyTheAgentDoesNotHoldIsRefusedClearly(@TempDir Path elsewhere) throws Exception {
        Path stranger = OpenSshTools.generateKey(elsewhere, "ed25519", 256);
        PublicKey key = PublicKeyEntry.parsePublicKeyEntry(OpenSshTools.publicLine(stranger)).resolvePublicKey(null, Map.of(), null);
        try (AgentClient client = client()) {
            assertThatThrownBy(() -> client.sign(null, key, "ssh-ed25519", new byte[] {1, 2, 3}))
                    .isInstanceOf(SshException.class)
                    .hasMessageContaining("refused to sign with the ssh-ed25519 key SHA256:")
                    .hasMessageContaining(agent.socket().toString());
        }
    }

    @Test
    void servesConcurrentCallers() throws Exception {
        try (AgentClient client = client(); ExecutorService threads = Executors.newFixedThreadPool(8)) {
            PublicKey key = identity(client, "ecdsa256");
            List<Callable<Boolean>> signings = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                byte[] data = ("request " + i).getBytes(StandardCharsets.UTF_8);
                signings.add(() -> verifies("ecdsa-sha2-nistp256", key, data,
                        client.sign(null, key, "ecdsa-sha2-nistp256", data).getValue()));
            }
            for (Future<Boolean> verified : threads.invokeAll(signings)) {
                assertThat(verified.get()).isTrue();
            }
        }
    }

    @Test
    void aClosedClientRefusesRequests() {
        AgentClient client = client();
        client.close();

        assertThat(client.isOpen()).isFalse();
        assertThatThrownBy(client::getIdentities).isInstanceOf(ClosedChannelException.class);
    }

    @Test
    void changingTheAgentsKeysIsLeftToSshAdd() {
        try (AgentClient client = client()) {
            assertThatThrownBy(client::removeAllIdentities)
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("ssh-add");
        }
    }

    @Test
    void rsaSignatureFlagsFollowTheRequestedAlgorithm() {
        assertThat(AgentClient.signatureFlags("rsa-sha2-256")).isEqualTo(2);
        assertThat(AgentClient.signatureFlags("rsa-sha2-512")).isEqualTo(4);
        assertThat(AgentClient.signatureFlags("rsa-sha2-256-cert-v01@openssh.com")).isEqualTo(2);
        assertThat(AgentClient.signatureFlags("rsa-sha2-512-cert-v01@openssh.com")).isEqualTo(4);
        assertThat(AgentClient.signatureFlags("ssh-rsa")).isZero();
        assertThat(AgentClient.signatureFlags("ssh-ed25519")).isZero();
        assertThat(AgentClient.signatureFlags(null)).isZero();
    }

    /** The agent's key that ssh-keygen wrote to the named key's .pub file. */
    private static PublicKey identity(AgentClient client, String keyName) throws Exception {
        String expected = OpenSshTools.publicLine(keys.get(keyName));
        for (Map.Entry<PublicKey, String> identity : client.getIdentities()) {
            if ((PublicKeyEntry.toString(identity.getKey()) + " " + identity.getValue()).equals(expected)) {
                return identity.getKey();
            }
        }
        throw new AssertionError("The agent does not list " + expected);
    }

    private static boolean verifies(String algorithm, PublicKey key, byte[] data, byte[] signature) throws Exception {
        Signature verifier = BuiltinSignatures.fromFactoryName(algorithm).create();
        verifier.initVerifier(null, key);
        verifier.update(null, data);
        return verifier.verify(null, signature);
    }
}
