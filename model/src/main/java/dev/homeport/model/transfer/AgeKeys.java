package dev.homeport.model.transfer;

import com.exceptionfactory.jagged.bech32.Bech32;
import com.exceptionfactory.jagged.bech32.Bech32Address;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Locale;
import javax.crypto.KeyAgreement;

/**
 * The recipient ({@code age1…}) of an age X25519 identity ({@code AGE-SECRET-KEY-1…}), so an import can check that the
 * file's backup key is one pair: a recipient that is not the identity's would have nodes encrypt backups nobody can
 * read. The text forms are Bech32, read and written with Jagged's codec (the age library the ssh module uses); X25519
 * is the JDK's: the public key is the private scalar times the base point, u = 9.
 */
final class AgeKeys {
    private static final String IDENTITY_PART = "age-secret-key-";
    private static final String RECIPIENT_PART = "age";

    private AgeKeys() {
    }

    /** The identity's recipient; throws IllegalArgumentException when the text is not an age X25519 identity. */
    static String recipientOf(String identity) {
        Bech32Address address = Bech32.getDecoder().decode(identity.toLowerCase(Locale.ROOT));
        if (!IDENTITY_PART.contentEquals(address.getHumanReadablePart()) || address.getData().length != 32) {
            throw new IllegalArgumentException("not an age X25519 identity");
        }
        try {
            KeyFactory factory = KeyFactory.getInstance("XDH");
            PrivateKey key = factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, address.getData()));
            PublicKey base = factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, BigInteger.valueOf(9)));
            KeyAgreement agreement = KeyAgreement.getInstance("X25519");
            agreement.init(key);
            agreement.doPhase(base, true);
            return Bech32.getEncoder().encode(RECIPIENT_PART, agreement.generateSecret()).toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an X25519 key: " + e.getMessage(), e);
        }
    }
}
