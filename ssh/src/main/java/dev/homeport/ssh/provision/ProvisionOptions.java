package dev.homeport.ssh.provision;

import dev.homeport.model.AlertConfig;
/**
 * The user's choices for a provisioning run. {@code alerts} null leaves the node's notification
 * settings as they are (Homeport's alarms are installed with their default thresholds).
 */
public record ProvisionOptions(DockerSource dockerSource, AlertConfig alerts) {
    /** Where Docker Engine comes from when the node has none. */
    public enum DockerSource {
        /** The distribution's own {@code docker.io} package (the default). */
        DISTRIBUTION,
        /** Docker's convenience script from get.docker.com, downloaded to a file and then run as root: only when the user chooses it. */
        GET_DOCKER_COM
    }

    public ProvisionOptions {
        if (dockerSource == null) {
            throw new IllegalArgumentException("dockerSource: is required");
        }
    }

    public ProvisionOptions(DockerSource dockerSource) {
        this(dockerSource, null);
    }

    public ProvisionOptions withAlerts(AlertConfig config) {
        return new ProvisionOptions(dockerSource, config);
    }

    public static ProvisionOptions defaults() {
        return new ProvisionOptions(DockerSource.DISTRIBUTION);
    }
}
