package dev.homeport.model.vault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets at rest with AES-256-GCM.
 *
 * <p>The data key never sits in the database. It lives in a key file readable
 * only by the user (0600). When the user sets a master passphrase, the file
 * holds the data key wrapped by a key derived from the passphrase
 * (PBKDF2-HMAC-SHA256), and the vault cannot be opened without it.
 */
public final class Vault {
    static final String FORMAT_PREFIX = "v1.";
    static final int PBKDF2_ITERATIONS = 600_000;
    /** The shortest master or export passphrase accepted. */
    public static final int MIN_PASSPHRASE_LENGTH = 8;
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path keyFile;
    private final byte[] dataKey;

    private Vault(Path keyFile, byte[] dataKey) {
        this.keyFile = keyFile;
        this.dataKey = dataKey;
    }

    /** Asks the user for the master passphrase when the key file is wrapped. */
    @FunctionalInterface
    public interface PassphrasePrompt {
        /** Returns the passphrase, or null when the user cancels. {@code attempt} starts at 1. */
        char[] ask(int attempt);
    }

    /** Opens the vault, creating a new key file on first use. */
    public static Vault openOrCreate(Path keyFile, PassphrasePrompt prompt) {
        try {
            if (!Files.exists(keyFile)) {
                byte[] key = new byte[KEY_BYTES];
                RANDOM.nextBytes(key);
                Properties file = new Properties();
                file.setProperty("format", "homeport-vault-1");
                file.setProperty("key", base64(key));
                writePrivately(keyFile, file);
                return new Vault(keyFile, key);
            }
            return new Vault(keyFile, readKey(keyFile, prompt));
        } catch (IOException e) {
            throw new VaultException("Cannot read or create the vault key file " + keyFile + ": " + e.getMessage(), e);
        }
    }

    public boolean hasPassphrase() {
        try {
            return load(keyFile).containsKey("wrapped-key");
        } catch (IOException e) {
            throw new VaultException("Cannot read the vault key file " + keyFile + ": " + e.getMessage(), e);
        }
    }

    /** Wraps the data key with a master passphrase (or replaces the passphrase). Existing secrets stay valid. */
    public void setPassphrase(char[] passphrase) {
        if (passphrase == null || passphrase.length < MIN_PASSPHRASE_LENGTH) {
            throw new VaultException("The master passphrase must be at least " + MIN_PASSPHRASE_LENGTH + " characters.");
        }
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        Properties file = new Properties();
        file.setProperty("format", "homeport-vault-1");
        file.setProperty("kdf", "pbkdf2-hmac-sha256");
        file.setProperty("iterations", Integer.toString(PBKDF2_ITERATIONS));
        file.setProperty("salt", base64(salt));
        byte[] wrappingKey = deriveKey(passphrase, salt, PBKDF2_ITERATIONS);
        file.setProperty("wrapped-key", base64(encrypt(wrappingKey, dataKey, "vault-key")));
        writePrivately(keyFile, file);
    }

    /** Stores the data key unwrapped again, protected by the file's permissions only. */
    public void removePassphrase() {
        Properties file = new Properties();
        file.setProperty("format", "homeport-vault-1");
        file.setProperty("key", base64(dataKey));
        writePrivately(keyFile, file);
    }

    public Sealed seal(Secret secret, SecretKind kind) {
        byte[] plain = secret.reveal().getBytes(StandardCharsets.UTF_8);
        return new Sealed(FORMAT_PREFIX + base64(encrypt(dataKey, plain, kind.associatedData())));
    }

    public Secret open(Sealed sealed, SecretKind kind) {
        byte[] box = Base64.getDecoder().decode(sealed.text().substring(FORMAT_PREFIX.length()));
        try {
            return Secret.of(new String(decrypt(dataKey, box, kind.associatedData()), StandardCharsets.UTF_8));
        } catch (AEADBadTagException e) {
            throw new VaultException("A stored secret cannot be decrypted with this vault's key. Was the key file " + keyFile + " replaced?", e);
        }
    }

    /** Encryption with a key derived from a passphrase, for exports that carry secrets. */
    public static final class PassphraseBox {
        private final byte[] key;
        private final byte[] salt;
        private final int iterations;

        private PassphraseBox(byte[] key, byte[] salt, int iterations) {
            this.key = key;
            this.salt = salt;
            this.iterations = iterations;
        }

        public static PassphraseBox create(char[] passphrase) {
            byte[] salt = new byte[16];
            RANDOM.nextBytes(salt);
            return new PassphraseBox(deriveKey(passphrase, salt, PBKDF2_ITERATIONS), salt, PBKDF2_ITERATIONS);
        }

        public static PassphraseBox reopen(char[] passphrase, String salt, int iterations) {
            if (iterations < 100_000 || iterations > 10_000_000) {
                throw new VaultException("The key derivation count " + iterations + " is outside the accepted range.");
            }
            return new PassphraseBox(deriveKey(passphrase, Base64.getDecoder().decode(salt), iterations), Base64.getDecoder().decode(salt), iterations);
        }

        public String salt() {
            return base64(salt);
        }

        public int iterations() {
            return iterations;
        }

        public String encrypt(Secret secret) {
            return base64(Vault.encrypt(key, secret.reveal().getBytes(StandardCharsets.UTF_8), "export"));
        }

        public Secret decrypt(String box) {
            try {
                return Secret.of(new String(Vault.decrypt(key, Base64.getDecoder().decode(box), "export"), StandardCharsets.UTF_8));
            } catch (AEADBadTagException e) {
                throw new VaultException("Wrong passphrase, or the encrypted value was changed.", e);
            } catch (IllegalArgumentException e) {
                throw new VaultException("An encrypted value is not valid base64.", e);
            }
        }
    }

    private static byte[] readKey(Path keyFile, PassphrasePrompt prompt) throws IOException {
        Properties file = load(keyFile);
        if (file.containsKey("key")) {
            byte[] key = Base64.getDecoder().decode(file.getProperty("key"));
            if (key.length != KEY_BYTES) {
                throw new VaultException("The vault key file " + keyFile + " is damaged: wrong key length.");
            }
            return key;
        }
        if (!file.containsKey("wrapped-key")) {
            throw new VaultException("The vault key file " + keyFile + " is damaged: it holds no key.");
        }
        byte[] salt = Base64.getDecoder().decode(file.getProperty("salt"));
        int iterations = Integer.parseInt(file.getProperty("iterations"));
        byte[] wrapped = Base64.getDecoder().decode(file.getProperty("wrapped-key"));
        for (int attempt = 1; ; attempt++) {
            char[] passphrase = prompt == null ? null : prompt.ask(attempt);
            if (passphrase == null) {
                throw new VaultLockedException("The vault is protected by a master passphrase, and none was given.");
            }
            try {
                return decrypt(deriveKey(passphrase, salt, iterations), wrapped, "vault-key");
            } catch (AEADBadTagException wrong) {
                if (attempt >= 3) {
                    throw new VaultLockedException("Wrong master passphrase, three times.");
                }
            } finally {
                java.util.Arrays.fill(passphrase, '\0');
            }
        }
    }

    private static byte[] encrypt(byte[] key, byte[] plain, String purpose) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            byte[] box = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, box, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, box, NONCE_BYTES, sealed.length);
            return box;
        } catch (GeneralSecurityException e) {
            throw new VaultException("AES-GCM is not available in this Java runtime.", e);
        }
    }

    private static byte[] decrypt(byte[] key, byte[] box, String purpose) throws AEADBadTagException {
        if (box.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new AEADBadTagException("too short");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, box, 0, NONCE_BYTES));
            cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(box, NONCE_BYTES, box.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new VaultException("AES-GCM is not available in this Java runtime.", e);
        }
    }

    private static byte[] deriveKey(char[] passphrase, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(passphrase, salt, iterations, KEY_BYTES * 8);
            try {
                return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            } finally {
                spec.clearPassword();
            }
        } catch (GeneralSecurityException e) {
            throw new VaultException("PBKDF2 is not available in this Java runtime.", e);
        }
    }

    private static Properties load(Path keyFile) throws IOException {
        Properties file = new Properties();
        try (var in = Files.newBufferedReader(keyFile, StandardCharsets.UTF_8)) {
            file.load(in);
        }
        return file;
    }

    /** Writes the key file atomically, created 0600 so it is never readable by others, even for a moment. */
    private static void writePrivately(Path keyFile, Properties content) {
        try {
            Files.createDirectories(keyFile.toAbsolutePath().getParent());
            Path temp = keyFile.resolveSibling(keyFile.getFileName() + ".new");
            Files.deleteIfExists(temp);
            if (keyFile.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(temp);
            }
            try (var out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                content.store(out, "Homeport vault key. Keep it private; without it the stored secrets cannot be read.");
            }
            Files.move(temp, keyFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new VaultException("Cannot write the vault key file " + keyFile + ": " + e.getMessage(), e);
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
