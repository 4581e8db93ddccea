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
    private java.util.List<StepResult> steps = java.util.List.of();

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

    /** What the run changed before it stopped, step by step (the step that stopped last). */
    public java.util.List<StepResult> steps() {
        return steps;
    }

    ProvisionException withSteps(java.util.List<StepResult> done) {
        this.steps = java.util.List.copyOf(done);
        return this;
    }

    /** The message, then what the run had changed before it stopped. */
    public String detail() {
        StringBuilder text = new StringBuilder(getMessage());
        steps.forEach(s -> text.append('\n').append(s.line()));
        return text.toString();
    }
}
