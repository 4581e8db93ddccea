package dev.homeport.ssh.deploy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.command.PullImageCmd;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.PullResponseItem;
import dev.homeport.model.RegistryCredential;
import dev.homeport.model.vault.Secret;
import dev.homeport.ssh.docker.DockerMessages;
import java.util.Optional;

/**
 * Pulls an image on the node. A registry login goes to Docker in the API's
 * X-Registry-Auth header, never on a command line. When the pull fails but the
 * node already has the image, the release goes on with it, and the log says so.
 */
final class ImagePuller {
    private final DockerClient docker;
    private final DeployLog log;
    private final Cancel cancel;

    ImagePuller(DockerClient docker, DeployLog log, Cancel cancel) {
        this.docker = docker;
        this.log = log;
        this.cancel = cancel;
    }

    PreparedImage pull(String reference, RegistryCredential credential, Secret password) {
        log.line("Pulling " + reference + (credential == null ? "" : " as " + credential.username() + " on " + credential.registry()));
        PullImageCmd command = docker.pullImageCmd(reference);
        if (credential != null) {
            command.withAuthConfig(new AuthConfig().withRegistryAddress(credential.registry())
                    .withUsername(credential.username()).withPassword(password.reveal()));
        }
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        ResultCallback.Adapter<PullResponseItem> progress = new ResultCallback.Adapter<>() {
            /** Kept for the deployment's reason instead of docker-java logging it as an error with a stack trace. */
            @Override
            public void onError(Throwable error) {
                failure.compareAndSet(null, error);
                try {
                    close();
                } catch (java.io.IOException ignored) {
                    // the pull has ended either way
                }
            }

            @Override
            public void onNext(PullResponseItem item) {
                // Progress bars come many times a second; the log keeps the steps only.
                if (item.getProgressDetail() == null && item.getStatus() != null) {
                    log.line(item.getStatus() + (item.getId() == null || item.getStatus().contains(item.getId()) ? "" : " " + item.getId()));
                }
                if (item.getErrorDetail() != null) {
                    log.line("error: " + item.getErrorDetail().getMessage());
                }
            }
        };
        try {
            cancel.during(progress, () -> {
                try {
                    command.exec(progress).awaitCompletion();
                    if (failure.get() != null) {
                        throw failure.get() instanceof RuntimeException runtime ? runtime : new DeployException(failure.get().getMessage(), failure.get());
                    }
                    return null;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CancelledException();
                }
            });
        } catch (CancelledException e) {
            throw e;
        } catch (RuntimeException e) {
            cancel.check();
            Optional<InspectImageResponse> local = inspect(reference);
            String why = DockerMessages.of(e);
            if (local.isEmpty()) {
                throw new DeployException("Cannot pull " + reference + ": " + why, e);
            }
            log.line("The pull failed (" + why + "); using the copy of " + reference + " already on the node.");
            return new PreparedImage(reference, local.get().getId());
        }
        cancel.check();
        InspectImageResponse image = inspect(reference)
                .orElseThrow(() -> new DeployException("The pull of " + reference + " ended, but the node has no such image."));
        log.line("Image " + reference + " is " + image.getId());
        return new PreparedImage(reference, image.getId());
    }

    private Optional<InspectImageResponse> inspect(String reference) {
        try {
            return Optional.of(docker.inspectImageCmd(reference).exec());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }
}
