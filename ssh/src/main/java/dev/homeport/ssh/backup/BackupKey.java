package dev.homeport.ssh.backup;

import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.exceptionfactory.jagged.framework.stream.StandardDecryptingChannelFactory;
import com.exceptionfactory.jagged.x25519.X25519KeyPairGenerator;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaReaderFactory;
import dev.homeport.model.inventory.Backups;
import dev.homeport.model.vault.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.List;

/**
 * The age key pair every database backup is encrypted to (X25519, made with Jagged, a pure-Java age
 * implementation). Homeport makes it once; the identity is sealed by the vault and never leaves the
 * operator's machine, the recipient ({@code age1…}) is written to each node, where Debian's {@code age}
 * encrypts each dump inside the database's container.
 */
public final class BackupKey {
    private final String recipient;
    private final Secret identity;

    private BackupKey(String recipient, Secret identity) {
        this.recipient = recipient;
        this.identity = identity;
    }

    /** The key the store keeps, made (and kept) first if there is none. */
    public static BackupKey of(Backups backups) {
        Backups.KeyPair kept = backups.key().orElseGet(() -> backups.keepKey(generate()));
        return new BackupKey(kept.recipient(), kept.identity());
    }

    static Backups.KeyPair generate() {
        try {
            KeyPair pair = new X25519KeyPairGenerator().generateKeyPair();
            // Jagged's keys print as age's own text forms.
            return new Backups.KeyPair(pair.getPublic().toString(), Secret.of(pair.getPrivate().toString()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot make an X25519 key pair: " + e.getMessage(), e);
        }
    }

    /** The public key, {@code age1…}: what a node encrypts to. Not secret. */
    public String recipient() {
        return recipient;
    }

    /** The private key, {@code AGE-SECRET-KEY-1…}, as {@code age -d -i} reads it. Never log or print it. */
    public String identity() {
        return identity.reveal();
    }

    /** Decrypts an age file (as the node wrote it) into {@code plain}. */
    public void decrypt(InputStream encrypted, OutputStream plain) throws IOException {
        try {
            RecipientStanzaReader reader = X25519RecipientStanzaReaderFactory.newRecipientStanzaReader(identity.reveal());
            try (ReadableByteChannel channel = new StandardDecryptingChannelFactory()
                    .newDecryptingChannel(Channels.newChannel(encrypted), List.of(reader))) {
                Channels.newInputStream(channel).transferTo(plain);
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("Cannot decrypt the backup with Homeport's backup key: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "BackupKey[" + recipient + ", identity [REDACTED]]";
    }
}
