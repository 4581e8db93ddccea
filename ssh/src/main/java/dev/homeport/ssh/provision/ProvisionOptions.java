package dev.homeport.ssh.provision;

/** The user's choices for a provisioning run. */
public record ProvisionOptions(DockerSource dockerSource) {
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

    public static ProvisionOptions defaults() {
        return new ProvisionOptions(DockerSource.DISTRIBUTION);
    }
}
