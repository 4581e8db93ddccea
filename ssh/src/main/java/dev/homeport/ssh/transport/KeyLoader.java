package dev.homeport.ssh.transport;

import dev.homeport.model.vault.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * Reads private keys (OpenSSH, PEM; RSA, ECDSA, ed25519). For an encrypted key
 * the passphrase is asked through {@link Prompts}, up to three times, and
 * never kept.
 */
public final class KeyLoader {
    static final int PASSPHRASE_ATTEMPTS = 3;

    private KeyLoader() {
    }

    public static List<KeyPair> fromFile(Path file, Prompts prompts) {
        try (InputStream in = Files.newInputStream(file)) {
            return load(file.toString(), in, prompts);
        } catch (NoSuchFileException e) {
            throw new NodeException(NodeException.Kind.AUTH_FAILED, "The key file " + file + " does not exist.", e);
        } catch (IOException e) {
            throw new NodeException(NodeException.Kind.AUTH_FAILED, "Cannot read the key file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a key kept as text, such as one from Homeport's vault. */
    public static List<KeyPair> fromText(String name, Secret privateKey, Prompts prompts) {
        try (InputStream in = new java.io.ByteArrayInputStream(privateKey.reveal().getBytes(StandardCharsets.UTF_8))) {
            return load(name, in, prompts);
        } catch (IOException e) {
            throw new NodeException(NodeException.Kind.AUTH_FAILED, "Cannot read the key " + name + ": " + e.getMessage(), e);
        }
    }

    private static List<KeyPair> load(String name, InputStream in, Prompts prompts) throws IOException {
        int[] asked = {0};
        try {
            List<KeyPair> pairs = new ArrayList<>();
            Iterable<KeyPair> loaded = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(name), in, asking(prompts, asked));
            if (loaded != null) {
                loaded.forEach(pairs::add);
            }
            if (pairs.isEmpty()) {
                throw new NodeException(NodeException.Kind.AUTH_FAILED, name + " holds no private key Homeport can read.");
            }
            return pairs;
        } catch (PassphraseNotGiven e) {
            throw new NodeException(NodeException.Kind.AUTH_FAILED, "The key " + name + " is protected by a passphrase, and none was given.", e);
        } catch (GeneralSecurityException | IOException e) {
            if (asked[0] > 0 || e instanceof GeneralSecurityException) {
                throw new NodeException(NodeException.Kind.AUTH_FAILED, "Cannot open the key " + name + ": wrong passphrase, or a damaged key file.", e);
            }
            throw (IOException) e;
        }
    }

    /** SSHD asks for the passphrase, and reports each attempt; three wrong ones end it. */
    static FilePasswordProvider asking(Prompts prompts, int[] asked) {
        return new FilePasswordProvider() {
            @Override
            public String getPassword(SessionContext session, NamedResource resource, int retryIndex) throws IOException {
                asked[0]++;
                Secret passphrase = prompts.keyPassphrase(resource.getName(), retryIndex + 1);
                if (passphrase == null) {
                    throw new PassphraseNotGiven();
                }
                return passphrase.reveal();
            }

            @Override
            public ResourceDecodeResult handleDecodeAttemptResult(SessionContext session, NamedResource resource, int retryIndex,
                                                                  String password, Exception err) {
                if (err == null) {
                    return ResourceDecodeResult.TERMINATE;
                }
                return retryIndex + 1 < PASSPHRASE_ATTEMPTS ? ResourceDecodeResult.RETRY : ResourceDecodeResult.TERMINATE;
            }
        };
    }

    /** The user cancelled the passphrase question. */
    static final class PassphraseNotGiven extends IOException {
        PassphraseNotGiven() {
            super("no passphrase given");
        }
    }
}
