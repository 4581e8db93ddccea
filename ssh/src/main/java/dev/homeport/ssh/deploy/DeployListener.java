package dev.homeport.ssh.deploy;

import dev.homeport.model.Deployment;

/** Follows one deployment as it runs; called on the deployment's own thread, so never block here. */
public interface DeployListener {
    DeployListener NONE = new DeployListener() {
    };

    /** The deployment moved to a new state (already recorded in the store). */
    default void state(Deployment deployment) {
    }

    /** One line of the deployment's log, secrets already masked. */
    default void log(String line) {
    }
}
