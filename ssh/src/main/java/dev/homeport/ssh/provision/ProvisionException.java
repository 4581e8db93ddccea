package dev.homeport.ssh.provision;

/**
 * Provisioning stopped at a step. The message says why and what to do; a run
 * that stopped half-way can always be started again, and resumes.
 */
public class ProvisionException extends RuntimeException {
    /** Why provisioning stopped, for a caller that reacts differently to each. */
    public enum Reason {
        UNSUPPORTED_OS, NO_PRIVILEGES, STEP_FAILED, CONNECTION_LOST, CANCELLED
    }

    private final String step;
    private final Reason reason;

    public ProvisionException(String step, Reason reason, String message) {
        this(step, reason, message, null);
    }

    public ProvisionException(String step, Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.step = step;
        this.reason = reason;
    }

    public String step() {
        return step;
    }

    public Reason reason() {
        return reason;
    }
}
