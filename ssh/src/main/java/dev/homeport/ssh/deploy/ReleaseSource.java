package dev.homeport.ssh.deploy;

import dev.homeport.model.ServiceSource;

/** What the PREPARING step does: get the service's source ready, or check an earlier release's image is still there. */
sealed interface ReleaseSource {
    /** A new release from the service's source: pull or build. */
    record Fresh(ServiceSource source) implements ReleaseSource {
    }

    /** A rollback: the image of an earlier release, by its ID. */
    record Earlier(long deploymentId, String reference, String imageId) implements ReleaseSource {
    }
}
