package dev.homeport.model.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.model.HomeportHome;
import dev.homeport.model.NodeIdentity;
import dev.homeport.model.Organisation;
import dev.homeport.model.VariableScope;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.inventory.Inventory;
import dev.homeport.model.vault.Secret;
import dev.homeport.model.vault.SecretKind;
import dev.homeport.model.vault.Vault;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes every kind of secret, closes the store, and searches the H2 file's raw bytes for any of them. */
class SecretsAtRestTest {
    private static final List<String> SECRETS = List.of(
            "variable-canary-7f3a9c", "node-password-canary-52e1", "registry-password-canary-9d0b",
            "-----BEGIN OPENSSH PRIVATE KEY-----canary-b64c");

    @TempDir
    Path folder;

    @Test
    void noPlaintextSecretAppearsAnywhereInTheStoreFile() throws Exception {
        HomeportHome home = new HomeportHome(folder);
        try (Store store = Store.open(home)) {
            Vault vault = Vault.openOrCreate(home.vaultKey(), null);
            Inventory inventory = new Inventory(store, vault);
            Organisation acme = inventory.createOrganisation("acme");
            long env = inventory.createEnvironment(inventory.createApplication(acme.id(), "shop").id(), "prod").id();
            inventory.setSecret(VariableScope.ENVIRONMENT, env, "TOKEN", Secret.of(SECRETS.get(0)));
            store.update(h -> {
                h.attach(WorkerNodeDao.class).insert(new WorkerNode(0, "n1", "10.0.0.5", 22, "root",
                        new NodeIdentity.Password(vault.seal(Secret.of(SECRETS.get(1)), SecretKind.NODE_PASSWORD)), null));
                h.attach(RegistryCredentialDao.class).insert(acme.id(), "registry.example.com", "bot",
                        vault.seal(Secret.of(SECRETS.get(2)), SecretKind.REGISTRY_PASSWORD).text());
                h.attach(SshIdentityDao.class).insert("laptop", "ssh-ed25519 AAAA",
                        vault.seal(Secret.of(SECRETS.get(3)), SecretKind.SSH_PRIVATE_KEY).text());
            });
        }
        byte[] file = Files.readAllBytes(home.storeFile());
        assertThat(file.length).isGreaterThan(1000);
        for (String secret : SECRETS) {
            assertThat(indexOf(file, secret.getBytes(StandardCharsets.UTF_8))).as("UTF-8 " + secret).isEqualTo(-1);
            assertThat(indexOf(file, secret.getBytes(StandardCharsets.UTF_16BE))).as("UTF-16 " + secret).isEqualTo(-1);
        }
        // The control proves the search works: a plain name is found in the same file.
        assertThat(indexOf(file, "registry.example.com".getBytes(StandardCharsets.UTF_8))).isNotEqualTo(-1);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
