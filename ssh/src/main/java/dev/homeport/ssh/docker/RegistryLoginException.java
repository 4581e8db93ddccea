package dev.homeport.ssh.docker;

/** A registry login that did not work from a node; the message names the registry, the node and Docker's words. */
public final class RegistryLoginException extends RuntimeException {
    private final RegistryLogin.Refusal refusal;

    public RegistryLoginException(RegistryLogin.Refusal refusal, String message) {
        super(message);
        this.refusal = refusal;
    }

    public RegistryLogin.Refusal refusal() {
        return refusal;
    }
}
