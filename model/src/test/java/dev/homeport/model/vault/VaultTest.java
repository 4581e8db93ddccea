package dev.homeport.model.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VaultTest {
    @TempDir
    Path folder;

    @Test
    void sealsAndOpensAndTheKeyFileIsPrivate() throws Exception {
        Path keyFile = folder.resolve("vault.key");
        Vault vault = Vault.openOrCreate(keyFile, null);
        Sealed sealed = vault.seal(Secret.of("hunter2"), SecretKind.VARIABLE);

        assertThat(sealed.text()).startsWith("v1.").doesNotContain("hunter2");
        assertThat(vault.seal(Secret.of("hunter2"), SecretKind.VARIABLE)).as("a fresh nonce each time").isNotEqualTo(sealed);
        assertThat(Vault.openOrCreate(keyFile, null).open(sealed, SecretKind.VARIABLE).reveal()).isEqualTo("hunter2");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
    }

    @Test
    void aValueSealedForOneUseCannotBeOpenedAsAnother() {
        Vault vault = Vault.openOrCreate(folder.resolve("vault.key"), null);
        Sealed password = vault.seal(Secret.of("p"), SecretKind.NODE_PASSWORD);
        assertThatThrownBy(() -> vault.open(password, SecretKind.VARIABLE)).isInstanceOf(VaultException.class);
    }

    @Test
    void anotherKeyCannotOpenIt() {
        Sealed sealed = Vault.openOrCreate(folder.resolve("a.key"), null).seal(Secret.of("x"), SecretKind.VARIABLE);
        Vault other = Vault.openOrCreate(folder.resolve("b.key"), null);
        assertThatThrownBy(() -> other.open(sealed, SecretKind.VARIABLE))
                .isInstanceOf(VaultException.class).hasMessageContaining("cannot be decrypted");
    }

    @Test
    void aMasterPassphraseWrapsTheKey() throws Exception {
        Path keyFile = folder.resolve("vault.key");
        Vault vault = Vault.openOrCreate(keyFile, null);
        Sealed sealed = vault.seal(Secret.of("db-password"), SecretKind.VARIABLE);
        vault.setPassphrase("correct horse".toCharArray());

        assertThat(vault.hasPassphrase()).isTrue();
        assertThat(Files.readString(keyFile)).doesNotContainPattern("(?m)^key=").contains("wrapped-key=");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");

        AtomicInteger asked = new AtomicInteger();
        Vault reopened = Vault.openOrCreate(keyFile, attempt -> {
            asked.incrementAndGet();
            return attempt == 1 ? "wrong guess".toCharArray() : "correct horse".toCharArray();
        });
        assertThat(asked).hasValue(2);
        assertThat(reopened.open(sealed, SecretKind.VARIABLE).reveal()).isEqualTo("db-password");

        assertThatThrownBy(() -> Vault.openOrCreate(keyFile, attempt -> "nope nope".toCharArray()))
                .isInstanceOf(VaultLockedException.class).hasMessage("Wrong master passphrase, three times.");
        assertThatThrownBy(() -> Vault.openOrCreate(keyFile, null)).isInstanceOf(VaultLockedException.class);

        reopened.removePassphrase();
        assertThat(Vault.openOrCreate(keyFile, null).open(sealed, SecretKind.VARIABLE).reveal()).isEqualTo("db-password");
    }

    @Test
    void secretsNeverPrintTheirValue() {
        Secret secret = Secret.of("p@ss");
        assertThat(secret.toString()).isEqualTo("[REDACTED]");
        assertThat(String.valueOf(java.util.List.of(secret))).doesNotContain("p@ss");
        assertThat(new Sealed("v1.abc").toString()).isEqualTo("[sealed]");
    }
}
