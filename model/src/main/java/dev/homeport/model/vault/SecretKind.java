package dev.homeport.model.vault;

import java.util.Locale;

/**
 * What a secret is for. It is bound to the ciphertext as associated data, so
 * a value sealed as one kind cannot be passed off as another.
 */
public enum SecretKind {
    VARIABLE, NODE_PASSWORD, REGISTRY_PASSWORD, SSH_PRIVATE_KEY, GIT_TOKEN, ALERT_METHOD, BACKUP_IDENTITY, S3_SECRET_KEY;

    String associatedData() {
        return name().toLowerCase(Locale.ROOT);
    }
}
