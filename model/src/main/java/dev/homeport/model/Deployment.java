package dev.homeport.model;

import java.time.Instant;

/**
 * One release of a Service. It pins what ran: the image (by digest once
 * known), a JSON snapshot of the config, and the node. Its log lines are kept
 * separately, appended as they arrive.
 */
public record Deployment(long id, long serviceId, Long nodeId, DeploymentState state, String image, String imageDigest,
                         String configSnapshot, Instant createdAt, Instant updatedAt, Instant finishedAt, String reason) {
    public Deployment {
        if (state == null) {
            throw new ValidationException("state", "is required");
        }
    }
}
