package dev.homeport.model.store;

import dev.homeport.model.HomeportHome;
import dev.homeport.model.vault.Secret;
import dev.homeport.model.vault.Vault;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole-store backup: the H2 file (copied with H2's online {@code BACKUP TO}, consistent while the store is open
 * and in use) and what the vault needs to open its secrets again, in one zip file.
 *
 * <p>The zip holds {@code homeport-backup.properties} (the format, the store's migration, when and why it was made,
 * how the vault key is kept), {@code homeport.mv.db}, and the vault key file: as it is when a master passphrase
 * already wraps it ({@code vault.key}), or encrypted with a passphrase given for the backup
 * ({@code vault.key.sealed}, AES-256-GCM with a PBKDF2 key). The key is in the clear ({@code vault.key}, "plain")
 * only in the copies taken before a migration, which stay in the data folder beside the key file itself.
 *
 * <p>The file is written to a temporary file (0600) in the target's folder and moved into place, so a failed backup
 * leaves nothing half-written. A restore checks the whole file first (format, version, that the database opens,
 * that the vault key comes out), then keeps the current store and key as {@code <name>.before-restore-<stamp>}.
 */
public final class StoreBackup {
    private static final Logger log = LoggerFactory.getLogger(StoreBackup.class);
    public static final String FORMAT = "homeport-store-backup-1";
    static final String MANIFEST = "homeport-backup.properties";
    static final String DATABASE = "homeport.mv.db";
    static final String KEY = "vault.key";
    static final String SEALED_KEY = "vault.key.sealed";
    static final String PENDING = "restore-pending";
    private static final long MAX_KEY_BYTES = 64 * 1024;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    /** How the vault key travels in a backup. */
    public enum KeyProtection {
        /** Wrapped by the vault's master passphrase, as in the data folder. */
        MASTER_PASSPHRASE,
        /** Encrypted with a passphrase given for this backup. */
        BACKUP_PASSPHRASE,
        /** In the clear: only the copies before a migration, which stay in the data folder. */
        PLAIN,
        /** There was no vault key yet. */
        NONE
    }

    /** What a backup file says about itself, checked. */
    public record Manifest(String format, int migration, Instant created, String reason, KeyProtection key) {
    }

    private StoreBackup() {
    }

    /** Where H2's own backup zip is written; the consistent copy comes from the open database. */
    @FunctionalInterface
    interface H2Copy {
        void to(Path zip) throws SQLException;
    }

    /**
     * Backs up the open {@code store} to {@code target}. Without a master passphrase on the vault, a {@code passphrase}
     * for the backup is needed (at least {@link Vault#MIN_PASSPHRASE_LENGTH} characters): the vault key is encrypted with it.
     */
    public static Manifest backUp(Store store, HomeportHome home, Path target, char[] passphrase, String reason) {
        int migration = store.read(h -> {
            try {
                return Integer.parseInt(Store.installedVersion(h.getConnection()));
            } catch (SQLException e) {
                throw new StoreException("Cannot read the store's version: " + e.getMessage(), e);
            }
        });
        return write(zip -> store.read(h -> h.execute("BACKUP TO '" + zip.toString().replace("'", "''") + "'")), home, target,
                migration, passphrase, false, reason);
    }

    /** The copy {@link Store} makes of itself before a migration: in the data folder, so the key may stay as it is. */
    static Path beforeMigration(Connection keeper, HomeportHome home, String installed, String next) {
        Path target = home.backups().resolve("store-before-V" + next + "-" + LocalDateTime.now().format(STAMP) + ".zip");
        log.info("Copying the store to {} before migrating it to V{}", target, next);
        write(zip -> {
            try (Statement statement = keeper.createStatement()) {
                statement.execute("BACKUP TO '" + zip.toString().replace("'", "''") + "'");
            }
        }, home, target, installed == null ? 0 : Integer.parseInt(installed), null, true, "before migration V" + next);
        return target;
    }

    private static Manifest write(H2Copy copy, HomeportHome home, Path target, int migration, char[] passphrase, boolean plainAllowed,
                                  String reason) {
        Path file = target.toAbsolutePath().normalize();
        if (Files.isDirectory(file)) {
            throw new StoreBackupException("The backup target " + file + " is a folder; name a file, such as " + file.resolve("homeport.zip") + ".");
        }
        Path folder = file.getParent();
        Path h2 = null;
        Path temp = null;
        try {
            Files.createDirectories(folder);
            // The vault key first: a refusal (no way to protect it) costs nothing.
            Properties manifest = new Properties();
            byte[] keyEntry = null;
            String keyName = null;
            KeyProtection protection;
            if (!Files.exists(home.vaultKey())) {
                protection = KeyProtection.NONE;
            } else {
                String keyFile = Files.readString(home.vaultKey(), StandardCharsets.UTF_8);
                if (keyFile.contains("wrapped-key")) {
                    protection = KeyProtection.MASTER_PASSPHRASE;
                    keyName = KEY;
                    keyEntry = keyFile.getBytes(StandardCharsets.UTF_8);
                } else if (passphrase != null) {
                    if (passphrase.length < Vault.MIN_PASSPHRASE_LENGTH) {
                        throw new StoreBackupException("The backup passphrase must be at least " + Vault.MIN_PASSPHRASE_LENGTH + " characters.");
                    }
                    Vault.PassphraseBox box = Vault.PassphraseBox.create(passphrase);
                    protection = KeyProtection.BACKUP_PASSPHRASE;
                    keyName = SEALED_KEY;
                    keyEntry = box.encrypt(Secret.of(keyFile)).getBytes(StandardCharsets.US_ASCII);
                    manifest.setProperty("key-salt", box.salt());
                    manifest.setProperty("key-iterations", Integer.toString(box.iterations()));
                } else if (plainAllowed) {
                    protection = KeyProtection.PLAIN;
                    keyName = KEY;
                    keyEntry = keyFile.getBytes(StandardCharsets.UTF_8);
                } else {
                    throw new StoreBackupException("The vault key is protected only by its file's permissions, and a backup"
                            + " leaves the data folder: give a passphrase for the backup, or set a master passphrase"
                            + " (Settings → Secrets) first.");
                }
            }
            Instant created = Instant.now();
            manifest.setProperty("format", FORMAT);
            manifest.setProperty("migration", Integer.toString(migration));
            manifest.setProperty("created", created.toString());
            manifest.setProperty("reason", reason);
            manifest.setProperty("key", protection.name());

            h2 = Files.createTempFile(home.root(), "backup-", ".h2.zip");
            Files.delete(h2); // H2 refuses to write over a file
            copy.to(h2);
            temp = createPrivate(folder.resolve("." + file.getFileName() + ".tmp-" + ProcessHandle.current().pid()));
            try (OutputStream out = Files.newOutputStream(temp); ZipOutputStream zip = new ZipOutputStream(out)) {
                zip.putNextEntry(new ZipEntry(MANIFEST));
                manifest.store(zip, "Homeport store backup");
                zip.closeEntry();
                try (ZipFile source = new ZipFile(h2.toFile())) {
                    ZipEntry db = source.stream().filter(e -> e.getName().endsWith(".mv.db")).findFirst()
                            .orElseThrow(() -> new StoreBackupException("H2's backup holds no database file."));
                    zip.putNextEntry(new ZipEntry(DATABASE));
                    try (InputStream in = source.getInputStream(db)) {
                        in.transferTo(zip);
                    }
                    zip.closeEntry();
                }
                if (keyEntry != null) {
                    zip.putNextEntry(new ZipEntry(keyName));
                    zip.write(keyEntry);
                    zip.closeEntry();
                }
            }
            try (var channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            temp = null;
            return new Manifest(FORMAT, migration, created, reason, protection);
        } catch (IOException e) {
            throw new StoreBackupException("Cannot write the backup " + file + ": " + e.getMessage(), e);
        } catch (SQLException e) {
            throw new StoreBackupException("H2 could not copy the store: " + e.getMessage(), e);
        } finally {
            deleteQuietly(h2);
            deleteQuietly(temp);
        }
    }

    /** Checks a backup file without touching the store: its format and version, and that its database opens. */
    public static Manifest check(HomeportHome home, Path file) {
        Path checked = null;
        try {
            home.ensureExists();
            checked = Files.createTempDirectory(home.root(), "restore-check-");
            return unpack(file, checked, null, false);
        } catch (IOException e) {
            throw new StoreBackupException("Cannot check the backup " + file + ": " + e.getMessage(), e);
        } finally {
            deleteTree(checked);
        }
    }

    /**
     * Restores {@code file} now: the store may not be open anywhere (the lock is taken here). The current store and
     * vault key are kept as {@code homeport.mv.db.before-restore-<stamp>} and {@code vault.key.before-restore-<stamp>}.
     */
    public static Manifest restore(HomeportHome home, Path file, char[] passphrase) {
        home.ensureExists();
        SingleInstanceLock lock;
        try {
            lock = SingleInstanceLock.acquire(home.lockFile(), home.root());
        } catch (StoreLockedException e) {
            throw new StoreLockedException(e.getMessage().replace(" Close it first, or set HOMEPORT_HOME to use another store.", "")
                    + " A restore replaces the store, so close the Homeport app first (or restore from its Settings page, which"
                    + " puts the backup in place at its next start).");
        }
        try (lock) {
            Manifest manifest = stage(home, file, passphrase);
            applyPending(home);
            return manifest;
        }
    }

    /**
     * Checks {@code file} and puts it ready in the data folder; the next opening of the store puts it in place. For the
     * app, which has the store open: it asks to be restarted.
     */
    public static Manifest stage(HomeportHome home, Path file, char[] passphrase) {
        home.ensureExists();
        Path pending = home.root().resolve(PENDING);
        Path temp = null;
        try {
            temp = Files.createTempDirectory(home.root(), PENDING + "-");
            Manifest manifest = unpack(file, temp, passphrase, true);
            Files.writeString(temp.resolve("source"), file.toAbsolutePath() + "\n");
            deleteTree(pending);
            Files.move(temp, pending, StandardCopyOption.ATOMIC_MOVE);
            temp = null;
            return manifest;
        } catch (IOException e) {
            throw new StoreBackupException("Cannot prepare the restore of " + file + ": " + e.getMessage(), e);
        } finally {
            deleteTree(temp);
        }
    }

    /** Whether a restore waits for the next start. */
    public static boolean pending(HomeportHome home) {
        return Files.isRegularFile(home.root().resolve(PENDING).resolve(DATABASE));
    }

    /** Puts a staged restore in place; called with the store's lock held, before H2 opens the file. */
    static void applyPending(HomeportHome home) {
        Path pending = home.root().resolve(PENDING);
        if (!Files.isRegularFile(pending.resolve(DATABASE))) {
            return;
        }
        String stamp = LocalDateTime.now().format(STAMP);
        try {
            if (Files.exists(home.storeFile())) {
                Files.move(home.storeFile(), home.root().resolve(DATABASE + ".before-restore-" + stamp));
            }
            Path traceFile = home.root().resolve("homeport.trace.db");
            Files.deleteIfExists(traceFile);
            if (Files.exists(pending.resolve(KEY))) {
                if (Files.exists(home.vaultKey())) {
                    Files.move(home.vaultKey(), home.root().resolve(KEY + ".before-restore-" + stamp));
                }
                Files.move(pending.resolve(KEY), home.vaultKey(), StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(pending.resolve(DATABASE), home.storeFile(), StandardCopyOption.ATOMIC_MOVE);
            log.info("Restored the store from the backup staged in {}; the previous store is kept as {}.before-restore-{}", pending, DATABASE, stamp);
        } catch (IOException e) {
            throw new StoreBackupException("Cannot put the restored store in place: " + e.getMessage()
                    + ". The previous store, if it was moved, is " + home.root().resolve(DATABASE + ".before-restore-" + stamp) + ".", e);
        }
        deleteTree(pending);
    }

    /** Reads {@code file} into {@code folder} (the database, and the vault key opened when {@code withKey}), checking everything. */
    private static Manifest unpack(Path file, Path folder, char[] passphrase, boolean withKey) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new StoreBackupException("There is no backup file " + file + ".");
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry manifestEntry = zip.getEntry(MANIFEST);
            if (manifestEntry == null) {
                throw new StoreBackupException(file + " is not a Homeport store backup: it has no " + MANIFEST + ".");
            }
            Properties manifest = new Properties();
            try (InputStream in = zip.getInputStream(manifestEntry)) {
                manifest.load(in);
            }
            if (!FORMAT.equals(manifest.getProperty("format"))) {
                throw new StoreBackupException(file + " is not a backup this Homeport reads: its format is '"
                        + manifest.getProperty("format") + "', expected '" + FORMAT + "'.");
            }
            int migration;
            KeyProtection protection;
            Instant created;
            try {
                migration = Integer.parseInt(manifest.getProperty("migration", ""));
                protection = KeyProtection.valueOf(manifest.getProperty("key", ""));
                created = Instant.parse(manifest.getProperty("created", ""));
            } catch (RuntimeException e) {
                throw new StoreBackupException(file + " has a damaged " + MANIFEST + ": " + e.getMessage(), e);
            }
            int latest = Integer.parseInt(Store.LATEST_MIGRATION);
            if (migration > latest) {
                throw new StoreBackupException("The backup " + file + " is of a newer Homeport (store version " + migration
                        + "; this Homeport knows up to " + latest + "). Update Homeport, then restore it.");
            }
            ZipEntry db = zip.getEntry(DATABASE);
            if (db == null) {
                throw new StoreBackupException(file + " is damaged: it holds no " + DATABASE + ".");
            }
            Path database = folder.resolve(DATABASE);
            try (InputStream in = zip.getInputStream(db)) {
                Files.copy(in, database);
            }
            int found = openedVersion(folder.resolve("homeport"), file);
            if (found != migration) {
                throw new StoreBackupException(file + " is damaged: its manifest says store version " + migration + ", its database is at " + found + ".");
            }
            if (withKey) {
                byte[] key = switch (protection) {
                    case MASTER_PASSPHRASE, PLAIN -> read(zip, KEY, file);
                    case BACKUP_PASSPHRASE -> {
                        if (passphrase == null) {
                            throw new StoreBackupException("The backup's vault key is encrypted with the passphrase given when it was made; give it to restore.");
                        }
                        Vault.PassphraseBox box;
                        try {
                            box = Vault.PassphraseBox.reopen(passphrase, manifest.getProperty("key-salt", ""),
                                    Integer.parseInt(manifest.getProperty("key-iterations", "")));
                        } catch (IllegalArgumentException e) {
                            throw new StoreBackupException(file + " has a damaged " + MANIFEST + ": the key's salt or rounds cannot be read.", e);
                        }
                        yield box.decrypt(new String(read(zip, SEALED_KEY, file), StandardCharsets.US_ASCII)).reveal().getBytes(StandardCharsets.UTF_8);
                    }
                    case NONE -> null;
                };
                if (key != null) {
                    String text = new String(key, StandardCharsets.UTF_8);
                    if (!text.contains("homeport-vault-1") || !(text.contains("wrapped-key") || text.contains("key="))) {
                        throw new StoreBackupException(file + " is damaged: its vault key file is not one.");
                    }
                    Path keyFile = createPrivate(folder.resolve(KEY));
                    Files.write(keyFile, key);
                }
            }
            return new Manifest(FORMAT, migration, created, manifest.getProperty("reason", ""), protection);
        } catch (ZipException e) {
            throw new StoreBackupException(file + " is not a Homeport store backup: it is not a zip file (" + e.getMessage() + ").", e);
        }
    }

    private static byte[] read(ZipFile zip, String name, Path file) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new StoreBackupException(file + " is damaged: it holds no " + name + ".");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] bytes = in.readNBytes((int) MAX_KEY_BYTES + 1);
            if (bytes.length > MAX_KEY_BYTES) {
                throw new StoreBackupException(file + " is damaged: its " + name + " is too large.");
            }
            return bytes;
        }
    }

    /** Opens the unpacked database on its own (no lock is needed: nobody else knows the folder) and reads its version. */
    private static int openedVersion(Path base, Path file) {
        try (Connection connection = DriverManager.getConnection(Store.jdbcUrl(base) + ";IFEXISTS=TRUE", "homeport", "")) {
            String version = Store.installedVersion(connection);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SHUTDOWN");
            }
            if (version == null) {
                throw new StoreBackupException(file + " holds a database that is not a Homeport store.");
            }
            return Integer.parseInt(version);
        } catch (SQLException e) {
            throw new StoreBackupException(file + " holds a database that does not open: " + e.getMessage(), e);
        }
    }

    private static Path createPrivate(Path path) throws IOException {
        Files.deleteIfExists(path);
        if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        try {
            return Files.createFile(path);
        } catch (FileAlreadyExistsException e) {
            return path;
        }
    }

    private static void deleteQuietly(Path path) {
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                log.warn("Cannot remove {}: {}", path, e.getMessage());
            }
        }
    }

    private static void deleteTree(Path folder) {
        if (folder == null || !Files.exists(folder)) {
            return;
        }
        try (var paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(StoreBackup::deleteQuietly);
        } catch (IOException e) {
            log.warn("Cannot remove {}: {}", folder, e.getMessage());
        }
    }
}
