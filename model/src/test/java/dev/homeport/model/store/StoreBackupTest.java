package dev.homeport.model.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.homeport.model.Environment;
import dev.homeport.model.HomeportHome;
import dev.homeport.model.Organisation;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.StoreBackupSchedule;
import dev.homeport.model.Variable;
import dev.homeport.model.VariableScope;
import dev.homeport.model.inventory.Inventory;
import dev.homeport.model.inventory.KeyInventory;
import dev.homeport.model.vault.Secret;
import dev.homeport.model.vault.Vault;
import dev.homeport.model.vault.VaultException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole-store backups on real H2 files: made while the store is open and written to, restored, refused when they should be. */
class StoreBackupTest {
    private static final String PRIVATE_KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n";

    @TempDir
    Path folder;

    private HomeportHome home(String name) {
        return new HomeportHome(folder.resolve(name)).ensureExists();
    }

    /** An organisation with a service, a secret variable and an SSH identity. */
    private static void fill(Store store, Vault vault) {
        Inventory inventory = new Inventory(store, vault);
        Organisation acme = inventory.createOrganisation("acme");
        Environment prod = inventory.createEnvironment(inventory.createApplication(acme.id(), "shop").id(), "prod");
        Service web = inventory.createService(new Service(0, prod.id(), "web", new ServiceSource.Image("nginx:1.27"), 80, null, null, null));
        inventory.setSecret(VariableScope.SERVICE, web.id(), "DB_PASSWORD", Secret.of("s3cret-value"));
        new KeyInventory(store, vault).add("deploy", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB deploy", Secret.of(PRIVATE_KEY));
    }

    private static void assertFilled(Store store, Vault vault) {
        Inventory inventory = new Inventory(store, vault);
        Organisation acme = inventory.organisations().stream().filter(o -> o.name().equals("acme")).findFirst().orElseThrow();
        Environment prod = inventory.environments(inventory.applications(acme.id()).getFirst().id()).getFirst();
        Service web = inventory.services(prod.id()).getFirst();
        assertThat(web.name()).isEqualTo("web");
        Variable password = inventory.variables(VariableScope.SERVICE, web.id()).getFirst();
        assertThat(password.secret()).isTrue();
        assertThat(inventory.reveal(password).reveal()).isEqualTo("s3cret-value");
        KeyInventory keys = new KeyInventory(store, vault);
        assertThat(keys.privateKey(keys.identity("deploy")).reveal()).isEqualTo(PRIVATE_KEY);
    }

    @Test
    void aBackupMadeWhileTheStoreIsInUseRestoresTheInventoryAndTheKeys() throws Exception {
        HomeportHome source = home("source");
        Path backup = folder.resolve("elsewhere/homeport.zip");
        AtomicInteger written = new AtomicInteger();
        try (Store store = Store.open(source)) {
            Vault vault = Vault.openOrCreate(source.vaultKey(), null);
            fill(store, vault);
            Inventory inventory = new Inventory(store, vault);
            AtomicBoolean stop = new AtomicBoolean();
            Thread writer = Thread.ofVirtual().start(() -> {
                while (!stop.get()) {
                    inventory.createOrganisation("busy-" + written.incrementAndGet());
                }
            });
            try {
                while (written.get() < 20) {
                    Thread.sleep(5);
                }
                StoreBackup.Manifest manifest = new StoreBackups(store, source).backUpNow(backup, "backup passphrase".toCharArray());
                assertThat(manifest.key()).isEqualTo(StoreBackup.KeyProtection.BACKUP_PASSPHRASE);
                assertThat(manifest.migration()).isEqualTo(Integer.parseInt(Store.LATEST_MIGRATION));
            } finally {
                stop.set(true);
                writer.join();
            }
            assertThat(new StoreBackups(store, source).last()).hasValueSatisfying(run -> {
                assertThat(run.ok()).isTrue();
                assertThat(run.file()).isEqualTo(backup.toString());
            });
        }
        assertThat(Files.getPosixFilePermissions(backup)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.list(backup.getParent()).toList()).containsExactly(backup);
        // The key file is not in the zip in the clear.
        String zipText = new String(Files.readAllBytes(backup), StandardCharsets.ISO_8859_1);
        String keyLine = Files.readAllLines(source.vaultKey()).stream().filter(l -> l.startsWith("key=")).findFirst().orElseThrow();
        assertThat(zipText).doesNotContain(keyLine.substring(4));

        // Restored on another machine (a fresh data folder): the wrong passphrase is refused, the right one gives everything back.
        HomeportHome target = home("target");
        assertThatThrownBy(() -> StoreBackup.restore(target, backup, "wrong passphrase".toCharArray()))
                .isInstanceOf(VaultException.class).hasMessageContaining("Wrong passphrase");
        assertThat(target.storeFile()).doesNotExist();
        StoreBackup.restore(target, backup, "backup passphrase".toCharArray());
        try (Store store = Store.open(target)) {
            Vault vault = Vault.openOrCreate(target.vaultKey(), null);
            assertFilled(store, vault);
            long busy = new Inventory(store, vault).organisations().stream().filter(o -> o.name().startsWith("busy-")).count();
            assertThat(busy).isBetween(20L, (long) written.get());
        }
        assertThat(Files.readString(target.vaultKey())).isEqualTo(Files.readString(source.vaultKey()));
    }

    @Test
    void withAMasterPassphraseTheWrappedKeyTravelsAndTheRestoreKeepsTheCurrentStoreAside() throws Exception {
        HomeportHome home = home("home");
        Path backup = folder.resolve("backup.zip");
        try (Store store = Store.open(home)) {
            Vault vault = Vault.openOrCreate(home.vaultKey(), null);
            fill(store, vault);
            vault.setPassphrase("master passphrase".toCharArray());
            StoreBackup.Manifest manifest = StoreBackup.backUp(store, home, backup, null, "test");
            assertThat(manifest.key()).isEqualTo(StoreBackup.KeyProtection.MASTER_PASSPHRASE);
            new Inventory(store, vault).delete(new Inventory(store, vault).resolve(dev.homeport.model.inventory.InventoryPath.parse("acme")));
            assertThat(new Inventory(store, vault).organisations()).isEmpty();
            // While the store is open here, a restore is refused and says to close the app.
            assertThatThrownBy(() -> StoreBackup.restore(home, backup, null))
                    .isInstanceOf(StoreLockedException.class).hasMessageContaining("close the Homeport app first");
        }
        StoreBackup.restore(home, backup, null);
        try (Store store = Store.open(home)) {
            assertThatThrownBy(() -> Vault.openOrCreate(home.vaultKey(), null)).hasMessageContaining("master passphrase");
            assertFilled(store, Vault.openOrCreate(home.vaultKey(), attempt -> "master passphrase".toCharArray()));
        }
        try (var files = Files.list(home.root())) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .anyMatch(name -> name.startsWith("homeport.mv.db.before-restore-"))
                    .anyMatch(name -> name.startsWith("vault.key.before-restore-"))
                    .noneMatch(name -> name.startsWith("restore-"));
        }
    }

    @Test
    void aRestoreTheAppStagedGoesInPlaceAtTheNextOpen() {
        HomeportHome home = home("home");
        Path backup = folder.resolve("backup.zip");
        try (Store store = Store.open(home)) {
            Vault vault = Vault.openOrCreate(home.vaultKey(), null);
            fill(store, vault);
            StoreBackup.backUp(store, home, backup, "backup passphrase".toCharArray(), "test");
            new Inventory(store, vault).createOrganisation("after-the-backup");
            StoreBackup.stage(home, backup, "backup passphrase".toCharArray());
            assertThat(StoreBackup.pending(home)).isTrue();
            // Still the open store until it closes.
            assertThat(new Inventory(store, vault).organisations()).hasSize(2);
        }
        try (Store store = Store.open(home)) {
            Vault vault = Vault.openOrCreate(home.vaultKey(), null);
            assertFilled(store, vault);
            assertThat(new Inventory(store, vault).organisations()).extracting(Organisation::name).containsExactly("acme");
        }
        assertThat(StoreBackup.pending(home)).isFalse();
    }

    @Test
    void withoutAnyPassphraseTheBackupIsRefusedAndNothingIsWritten() {
        HomeportHome home = home("home");
        Path backup = folder.resolve("out/backup.zip");
        try (Store store = Store.open(home)) {
            Vault.openOrCreate(home.vaultKey(), null);
            assertThatThrownBy(() -> new StoreBackups(store, home).backUpNow(backup, null))
                    .isInstanceOf(StoreBackupException.class).hasMessageContaining("give a passphrase for the backup");
            assertThat(new StoreBackups(store, home).last()).hasValueSatisfying(run -> assertThat(run.ok()).isFalse());
            assertThatThrownBy(() -> StoreBackup.backUp(store, home, backup, "short".toCharArray(), "test"))
                    .hasMessageContaining("at least 8 characters");
        }
        assertThat(backup).doesNotExist();
        assertThat(backup.getParent()).isEmptyDirectory();
    }

    @Test
    void corruptForeignAndNewerFilesAreRefusedAndTheStoreIsUntouched() throws Exception {
        HomeportHome home = home("home");
        Path good = folder.resolve("good.zip");
        try (Store store = Store.open(home)) {
            Vault vault = Vault.openOrCreate(home.vaultKey(), null);
            fill(store, vault);
            StoreBackup.backUp(store, home, good, "backup passphrase".toCharArray(), "test");
        }
        String before = sha256(home.storeFile()) + sha256(home.vaultKey());

        Path garbage = Files.write(folder.resolve("garbage.zip"), "not a zip at all".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> StoreBackup.restore(home, garbage, null)).isInstanceOf(StoreBackupException.class)
                .hasMessageContaining("not a zip file");

        Path foreign = zip("foreign.zip", "readme.txt", "hello");
        assertThatThrownBy(() -> StoreBackup.restore(home, foreign, null)).hasMessageContaining("is not a Homeport store backup");

        Path newer = zip("newer.zip", StoreBackup.MANIFEST, "format=" + StoreBackup.FORMAT + "\nmigration=999\ncreated=2026-01-01T00:00:00Z\nkey=NONE\n");
        assertThatThrownBy(() -> StoreBackup.restore(home, newer, null)).hasMessageContaining("newer Homeport")
                .hasMessageContaining("store version 999");

        Path noDatabase = zip("nodb.zip", StoreBackup.MANIFEST, "format=" + StoreBackup.FORMAT + "\nmigration=1\ncreated=2026-01-01T00:00:00Z\nkey=NONE\n");
        assertThatThrownBy(() -> StoreBackup.restore(home, noDatabase, null)).hasMessageContaining("holds no homeport.mv.db");

        Path brokenDatabase = zip("brokendb.zip", StoreBackup.MANIFEST, "format=" + StoreBackup.FORMAT + "\nmigration=1\ncreated=2026-01-01T00:00:00Z\nkey=NONE\n",
                StoreBackup.DATABASE, "this is no H2 file");
        assertThatThrownBy(() -> StoreBackup.restore(home, brokenDatabase, null)).hasMessageContaining("does not open");

        assertThatThrownBy(() -> StoreBackup.restore(home, good, null)).hasMessageContaining("give it to restore");
        assertThatThrownBy(() -> StoreBackup.restore(home, folder.resolve("missing.zip"), null)).hasMessageContaining("There is no backup file");

        assertThat(sha256(home.storeFile()) + sha256(home.vaultKey())).isEqualTo(before);
        try (var files = Files.list(home.root())) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).noneMatch(name -> name.contains("restore"));
        }
        try (Store store = Store.open(home)) {
            assertFilled(store, Vault.openOrCreate(home.vaultKey(), null));
        }
    }

    @Test
    void anOldStoreIsCopiedBeforeItsMigrationAndTheCopyRestoresTheOldData() throws Exception {
        HomeportHome home = home("home");
        String url = Store.jdbcUrl(home.storeBase());
        Flyway.configure().dataSource(url, "homeport", "").locations("classpath:db/migration").target("7").load().migrate();
        try (Connection connection = DriverManager.getConnection(url, "homeport", ""); Statement sql = connection.createStatement()) {
            sql.execute("INSERT INTO organisation (name) VALUES ('from-v7')");
            sql.execute("SHUTDOWN");
        }
        Vault.openOrCreate(home.vaultKey(), null);

        try (Store store = Store.open(home)) {
            store.update(h -> h.execute("DELETE FROM organisation"));
        }
        List<Path> copies;
        try (var files = Files.list(home.backups())) {
            copies = files.toList();
        }
        assertThat(copies).singleElement().satisfies(copy -> {
            assertThat(copy.getFileName().toString()).matches("store-before-V8-\\d{8}-\\d{6}\\.zip");
            assertThat(Files.getPosixFilePermissions(copy)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        });
        StoreBackup.Manifest manifest = StoreBackup.check(home, copies.getFirst());
        assertThat(manifest.migration()).isEqualTo(7);
        assertThat(manifest.key()).isEqualTo(StoreBackup.KeyProtection.PLAIN);

        StoreBackup.restore(home, copies.getFirst(), null);
        try (Store store = Store.open(home)) {
            List<String> names = store.read(h -> h.createQuery("SELECT name FROM organisation").mapTo(String.class).list());
            assertThat(names).containsExactly("from-v7");
            String version = store.read(h -> {
                try {
                    return Store.installedVersion(h.getConnection());
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(version).isEqualTo(Store.LATEST_MIGRATION);
        }
    }

    @Test
    void theScheduleWritesDatedFilesKeepsTheNewestAndRecordsAFailure() throws Exception {
        HomeportHome home = home("home");
        Path target = folder.resolve("scheduled");
        Files.createDirectories(target);
        Path unrelated = Files.writeString(target.resolve("notes.txt"), "mine");
        try (Store store = Store.open(home)) {
            Vault vault = Vault.openOrCreate(home.vaultKey(), null);
            StoreBackups backups = new StoreBackups(store, home);
            StoreBackupSchedule daily = new StoreBackupSchedule(StoreBackupSchedule.Frequency.DAILY, target.toString(), 2);
            assertThatThrownBy(() -> backups.setSchedule(daily)).hasMessageContaining("need a master passphrase");
            vault.setPassphrase("master passphrase".toCharArray());
            backups.setSchedule(daily);
            assertThat(backups.schedule()).isEqualTo(daily);

            Instant now = Instant.parse("2026-12-01T03:00:00Z");
            for (int day = 0; day < 3; day++) {
                Instant at = now.plus(Duration.ofDays(day));
                assertThat(backups.runIfDue(at)).hasValueSatisfying(run -> assertThat(run.ok()).as(run.message()).isTrue());
                assertThat(backups.runIfDue(at.plus(Duration.ofHours(1)))).isEmpty();
            }
            try (var files = Files.list(target)) {
                assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                        .hasSize(3).contains("notes.txt").allMatch(name -> name.equals("notes.txt") || name.matches("homeport-backup-\\d{8}-\\d{6}\\.zip"));
            }
            assertThat(unrelated).hasContent("mine");

            // A target that cannot be written: the run fails, is recorded, and is not thrown.
            Path blocked = Files.writeString(folder.resolve("a-file"), "x");
            backups.setSchedule(new StoreBackupSchedule(StoreBackupSchedule.Frequency.WEEKLY, blocked.resolve("sub").toString(), 2));
            assertThat(backups.runIfDue(now.plus(Duration.ofDays(30)))).hasValueSatisfying(run -> {
                assertThat(run.ok()).isFalse();
                assertThat(run.message()).contains("Cannot write the backup");
            });
            assertThat(backups.runs(10)).hasSize(4);
        }
    }

    private Path zip(String name, String... entries) throws Exception {
        Path file = folder.resolve(name);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (int i = 0; i < entries.length; i += 2) {
                zip.putNextEntry(new ZipEntry(entries[i]));
                zip.write(entries[i + 1].getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return file;
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
