package dev.homeport.model.vault;

/**
 * A secret encrypted by the {@link Vault}: {@code v1.<base64 of nonce, ciphertext and tag>}.
 * This is the only form in which a secret reaches the store.
 */
public record Sealed(String text) {
    public Sealed {
        if (text == null || !text.startsWith(Vault.FORMAT_PREFIX)) {
            throw new IllegalArgumentException("not a sealed secret");
        }
    }

    @Override
    public String toString() {
        return "[sealed]";
    }
}
