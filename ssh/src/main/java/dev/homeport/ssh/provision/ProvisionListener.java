package dev.homeport.ssh.provision;

/**
 * Hears a provisioning run as it goes. Called on the provisioning thread (log
 * lines on a reader thread); a UI hands the calls to its own thread.
 */
public interface ProvisionListener {
    ProvisionListener NONE = new ProvisionListener() {
    };

    default void stepStarted(String step, String title) {
    }

    /** A line of output from the node, or a remark from Homeport about what it does and why. */
    default void log(String step, String line) {
    }

    default void stepFinished(StepResult result) {
    }
}
