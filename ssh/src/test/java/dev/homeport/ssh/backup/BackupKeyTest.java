package dev.homeport.ssh.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.model.HomeportHome;
import dev.homeport.model.inventory.Backups;
import dev.homeport.model.store.Store;
import dev.homeport.model.vault.Vault;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup key: made once and kept (the identity sealed in the store, never in clear), and it decrypts
 * what Debian's age (the program the nodes run) encrypted to its recipient.
 */
class BackupKeyTest {
    @TempDir
    Path folder;

    @Test
    void madeOnceSealedInTheStoreAndItDecryptsWhatDebiansAgeEncrypted() throws Exception {
        HomeportHome home = new HomeportHome(folder.resolve("home"));
        String recipient;
        try (Store store = Store.open(home)) {
            Backups backups = new Backups(store, Vault.openOrCreate(home.vaultKey(), null));
            BackupKey key = BackupKey.of(backups);
            recipient = key.recipient();
            assertThat(recipient).matches("age1[02-9ac-hj-np-z]{58}");
            assertThat(key.identity()).startsWith("AGE-SECRET-KEY-1");
            assertThat(key.toString()).doesNotContain(key.identity());
            assertThat(BackupKey.of(backups).recipient()).isEqualTo(recipient);
            String stored = store.read(h -> h.createQuery("SELECT identity FROM backup_key").mapTo(String.class).one());
            assertThat(stored).startsWith("v1.").doesNotContain("AGE-SECRET-KEY");

            Path plain = folder.resolve("plain");
            Files.writeString(plain, "a dump\n".repeat(10_000));
            Path encrypted = folder.resolve("plain.age");
            Process age = new ProcessBuilder(List.of("age", "-r", recipient, "-o", encrypted.toString(), plain.toString()))
                    .redirectErrorStream(true).start();
            assertThat(age.waitFor()).as(new String(age.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (var in = Files.newInputStream(encrypted)) {
                key.decrypt(in, out);
            }
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(Files.readString(plain));
        }
        // Kept across a restart of the app.
        try (Store store = Store.open(home)) {
            assertThat(BackupKey.of(new Backups(store, Vault.openOrCreate(home.vaultKey(), null))).recipient()).isEqualTo(recipient);
        }
    }
}
