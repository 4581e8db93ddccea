package dev.homeport.model.vault;

/** The vault needs its master passphrase, and it was not given (or was wrong three times). */
public final class VaultLockedException extends VaultException {
    public VaultLockedException(String message) {
        super(message);
    }
}
