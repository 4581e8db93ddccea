package dev.homeport.ssh.swarm;

import dev.homeport.ssh.proxy.SharedAuthority;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.Year;
import java.util.Date;
import java.util.HexFormat;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * The root of a cluster's {@link SharedAuthority}: its certificate and private key, as PEM. Made once per cluster
 * (with Bouncy Castle, which Homeport has for SSH already), as Caddy makes a local CA's: ECDSA P-256, ten years,
 * for signing CAs only. The key is a secret: it travels from node to node inside Docker's archive API, never on a
 * command line, and {@link #toString} leaves it out.
 */
final class ClusterRoot {
    private static final Duration LIFETIME = Duration.ofDays(3650);

    private final String certificate;
    private final String key;
    private final String id;

    ClusterRoot(String certificate, String key) {
        this.certificate = certificate;
        this.key = key;
        this.id = SharedAuthority.PREFIX + HexFormat.of().formatHex(digest(certificate)).substring(0, 12);
    }

    /** A new root, for a cluster whose nodes have none yet. */
    static ClusterRoot generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            X500Name name = new X500Name("CN=Homeport cluster - " + Year.now() + " ECC Root");
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, new BigInteger(128, new SecureRandom()),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(LIFETIME)), name, pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, new JcaX509ExtensionUtils().createSubjectKeyIdentifier(pair.getPublic()));
            byte[] der = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())).getEncoded();
            return new ClusterRoot(pem("CERTIFICATE", der), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("Could not make a certificate authority for the cluster: " + e.getMessage(), e);
        }
    }

    /** Caddy's id for this root's CA: the same on every node, and another for another root. */
    String id() {
        return id;
    }

    byte[] certificatePem() {
        return certificate.getBytes(StandardCharsets.US_ASCII);
    }

    byte[] keyPem() {
        return key.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return "ClusterRoot[" + id + "]";
    }

    private static String pem(String type, byte[] der) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(new PemObject(type, der));
        }
        return text.toString();
    }

    /** SHA-256 of the certificate's DER; fails on anything that is not one certificate. */
    private static byte[] digest(String certificatePem) {
        try {
            X509Certificate parsed = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certificatePem.getBytes(StandardCharsets.US_ASCII)));
            return MessageDigest.getInstance("SHA-256").digest(parsed.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new ClusterException("The cluster's root certificate cannot be read: " + e.getMessage());
        }
    }
}
