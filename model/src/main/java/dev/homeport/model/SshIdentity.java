package dev.homeport.model;

import dev.homeport.model.vault.Sealed;

/**
 * A key pair kept in Homeport's vault. The public key is in OpenSSH's one-line
 * form; the private key is sealed.
 */
public record SshIdentity(long id, String name, String publicKey, Sealed privateKey) {
    public SshIdentity {
        Check.dnsLabel("name", name);
        Check.notBlank("publicKey", publicKey);
        if (privateKey == null) {
            throw new ValidationException("privateKey", "is required");
        }
    }
}
