package dev.homeport.ssh.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.model.HomeportHome;
import dev.homeport.model.inventory.Backups;
import dev.homeport.model.store.Store;
import dev.homeport.model.transfer.ImportReport;
import dev.homeport.model.transfer.InventoryExporter;
import dev.homeport.model.transfer.InventoryImporter;
import dev.homeport.model.vault.Vault;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup key moves with an export that has secrets: a store that imports it decrypts what Debian's age (the
 * program the nodes run) encrypted to the recipient written in the file, so backups made before the move can be
 * restored after it.
 */
class BackupKeyTransferTest {
    private static final char[] PASSPHRASE = "move the backup key".toCharArray();

    @TempDir
    Path folder;

    @Test
    void anImportedKeyDecryptsWhatWasEncryptedToTheExportedRecipient() throws Exception {
        String exported;
        String recipient;
        HomeportHome first = new HomeportHome(folder.resolve("first"));
        try (Store store = Store.open(first)) {
            Vault vault = Vault.openOrCreate(first.vaultKey(), null);
            recipient = BackupKey.of(new Backups(store, vault)).recipient();
            StringWriter out = new StringWriter();
            new InventoryExporter(store, vault).exportWithSecrets(out, PASSPHRASE);
            exported = out.toString();
        }
        assertThat(exported).contains("recipient: " + recipient).contains("encryptedIdentity: ").doesNotContain("AGE-SECRET-KEY");

        // A backup made with the old store's key, as a node makes it: age -r with the recipient the file names.
        Path plain = folder.resolve("dump");
        Files.writeString(plain, "a dump made before the move\n".repeat(1000));
        Path encrypted = folder.resolve("dump.age");
        Process age = new ProcessBuilder(List.of("age", "-r", recipient, "-o", encrypted.toString(), plain.toString()))
                .redirectErrorStream(true).start();
        assertThat(age.waitFor()).as(new String(age.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();

        HomeportHome second = new HomeportHome(folder.resolve("second"));
        try (Store store = Store.open(second)) {
            Vault vault = Vault.openOrCreate(second.vaultKey(), null);
            ImportReport report = new InventoryImporter(store, vault).apply(InventoryImporter.parse(exported), PASSPHRASE);
            assertThat(report.backupKey()).isTrue();
            assertThat(report.summary()).endsWith(" Backups: the backup key.");
            BackupKey key = BackupKey.of(new Backups(store, vault));
            assertThat(key.recipient()).isEqualTo(recipient);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (var in = Files.newInputStream(encrypted)) {
                key.decrypt(in, out);
            }
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(Files.readString(plain));
            String stored = store.read(h -> h.createQuery("SELECT identity FROM backup_key").mapTo(String.class).one());
            assertThat(stored).as("sealed by the new store's vault").startsWith("v1.").doesNotContain("AGE-SECRET-KEY");
        }
    }
}
