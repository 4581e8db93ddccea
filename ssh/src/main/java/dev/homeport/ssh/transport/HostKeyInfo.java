package dev.homeport.ssh.transport;

import java.security.PublicKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.digest.BuiltinDigests;

/** A host key as a user sees it: its type, its SHA256 fingerprint, and its OpenSSH one-line form. */
public record HostKeyInfo(String type, String fingerprint, String openSsh) {
    public static HostKeyInfo of(PublicKey key) {
        return new HostKeyInfo(KeyUtils.getKeyType(key), KeyUtils.getFingerPrint(BuiltinDigests.sha256, key),
                PublicKeyEntry.toString(key));
    }

    /** As OpenSSH words it: "ED25519 key fingerprint is SHA256:…". */
    public String describe() {
        String shortType = type.startsWith("ssh-") ? type.substring(4) : type.startsWith("ecdsa") ? "ECDSA" : type;
        return shortType.toUpperCase(java.util.Locale.ROOT) + " key fingerprint is " + fingerprint;
    }
}
