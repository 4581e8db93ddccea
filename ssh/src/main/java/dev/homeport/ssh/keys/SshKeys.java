package dev.homeport.ssh.keys;

import dev.homeport.model.vault.Secret;
import dev.homeport.ssh.transport.HostKeyInfo;
import dev.homeport.ssh.transport.KeyLoader;
import dev.homeport.ssh.transport.Prompts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;

/** Makes and reads SSH key pairs in OpenSSH's own formats, so ssh-keygen and ssh read them too. */
public final class SshKeys {
    private SshKeys() {
    }

    /** A key pair as text: the public key line, and the private key in OpenSSH format. */
    public record KeyText(String publicKey, Secret privateKey) {
        public String fingerprint() {
            return SshKeys.fingerprint(publicKey);
        }
    }

    /**
     * A new ed25519 key pair. With a passphrase, the private key is encrypted the way
     * ssh-keygen does it (bcrypt KDF, AES-256-CTR); without one it is not encrypted.
     */
    public static KeyText generateEd25519(String comment, Secret passphrase) {
        try {
            KeyPair pair = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
            return new KeyText(publicKeyLine(pair.getPublic(), comment), privateKeyText(pair, comment, passphrase));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This Java runtime cannot make ed25519 keys: " + e.getMessage(), e);
        }
    }

    /** Reads an existing private key (asking for its passphrase if it has one) and returns both halves as text. */
    public static KeyText read(String name, Secret privateKey, Prompts prompts) {
        List<KeyPair> pairs = KeyLoader.fromText(name, privateKey, prompts);
        KeyPair pair = pairs.getFirst();
        return new KeyText(publicKeyLine(pair.getPublic(), name), privateKey);
    }

    /**
     * Takes in an existing private key to keep in the vault. An encrypted key is opened
     * (its passphrase asked) and kept unencrypted inside the vault, which encrypts it
     * itself, so connecting later needs no passphrase.
     */
    public static KeyText importKey(String name, Secret privateKey, Prompts prompts) {
        KeyPair pair = KeyLoader.fromText(name, privateKey, prompts).getFirst();
        return new KeyText(publicKeyLine(pair.getPublic(), name), privateKeyText(pair, name, null));
    }

    public static String publicKeyLine(PublicKey key, String comment) {
        String line = PublicKeyEntry.toString(key);
        return comment == null || comment.isBlank() ? line : line + " " + comment.strip();
    }

    /** The SHA256 fingerprint of a public key line, as ssh-keygen -l prints it. */
    public static String fingerprint(String publicKeyLine) {
        try {
            PublicKey key = PublicKeyEntry.parsePublicKeyEntry(publicKeyLine.strip()).resolvePublicKey(null, java.util.Map.of(), null);
            return HostKeyInfo.of(key).fingerprint();
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("Not an OpenSSH public key: " + e.getMessage(), e);
        }
    }

    private static Secret privateKeyText(KeyPair pair, String comment, Secret passphrase) {
        try {
            OpenSSHKeyEncryptionContext encryption = null;
            if (passphrase != null && !passphrase.isEmpty()) {
                encryption = new OpenSSHKeyEncryptionContext();
                encryption.setCipherName(OpenSSHKeyEncryptionContext.AES);
                encryption.setCipherType("256");
                encryption.setCipherMode("CTR");
                encryption.setPassword(passphrase.reveal());
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, comment, encryption, out);
            return Secret.of(out.toString(StandardCharsets.UTF_8));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot write the private key: " + e.getMessage(), e);
        }
    }
}
