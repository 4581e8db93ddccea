package dev.homeport.ssh.provision;

/**
 * One idempotent part of provisioning: it checks the node's facts, acts only
 * when something is missing, then verifies. What it changed it reports
 * through {@link StepContext#changed}; a step that finds everything in place
 * changes nothing and needs no privileges.
 */
interface ProvisionStep {
    /** A short id, such as "caddy". */
    String name();

    /** What the step sees to, for the progress display. */
    String title();

    void apply(StepContext context);
}
