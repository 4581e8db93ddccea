package dev.homeport.ssh.deploy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import dev.homeport.model.Deployment;
import dev.homeport.model.DeploymentState;
import dev.homeport.model.HealthGate;
import dev.homeport.model.RegistryCredential;
import dev.homeport.model.RestartPolicy;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.Volume;
import dev.homeport.model.inventory.DeploymentHistory;
import dev.homeport.model.inventory.Inventory;
import dev.homeport.model.inventory.InventoryPath;
import dev.homeport.model.inventory.KeyInventory;
import dev.homeport.model.vault.Sealed;
import dev.homeport.model.vault.Secret;
import dev.homeport.ssh.docker.HomeportNetwork;
import dev.homeport.ssh.proxy.CaddyAdmin;
import dev.homeport.ssh.proxy.CaddyRoutes;
import dev.homeport.ssh.proxy.DomainTakenException;
import dev.homeport.ssh.proxy.ServiceRoute;
import dev.homeport.ssh.transport.NodeConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One deployment, from QUEUED to LIVE or FAILED, on its own thread. Each
 * state is recorded as soon as it is reached. Until traffic moves (ROUTING),
 * a failure or a cancel leaves the previous release serving, untouched.
 */
final class Pipeline {
    private final Deployment deployment;
    private final ReleasePlanner.Place place;
    private final ConfigSnapshot snapshot;
    private final ReleaseSource source;
    private final boolean rollback;
    private final Inventory inventory;
    private final KeyInventory keys;
    private final DeploymentHistory history;
    private final NodeConnection node;
    private final DockerClient docker;
    private final DeployListener listener;
    private final DeployLog log;
    private final Cancel cancel = new Cancel();
    private final ReleaseTarget target;
    private volatile DeploymentState state = DeploymentState.QUEUED;

    /** Makes the release's target, given the run's log and cancel switch. */
    interface Targets {
        ReleaseTarget of(DeployLog log, Cancel cancel);
    }

    /** {@code node} and {@code docker} are where the image is pulled or built; {@code targets} where it runs. */
    Pipeline(Deployment deployment, ReleasePlanner.Place place, ConfigSnapshot snapshot, ReleaseSource source, boolean rollback,
             Services services, NodeConnection node, DockerClient docker, Targets targets, DeployListener listener) {
        this.deployment = deployment;
        this.place = place;
        this.snapshot = snapshot;
        this.source = source;
        this.rollback = rollback;
        this.inventory = services.inventory();
        this.keys = services.keys();
        this.history = services.history();
        this.node = node;
        this.docker = docker;
        this.listener = listener;
        this.log = new DeployLog(history, deployment.id(), listener);
        this.target = targets.of(log, cancel);
    }

    /** What the pipeline reads and writes in the inventory. */
    record Services(Inventory inventory, KeyInventory keys, DeploymentHistory history) {
    }

    long id() {
        return deployment.id();
    }

    DeploymentState state() {
        return state;
    }

    /** Cancels the run if traffic has not moved yet; returns false once it has (the release then finishes). */
    boolean cancel() {
        if (state == DeploymentState.ROUTING || !state.inProgress()) {
            return false;
        }
        cancel.request();
        return true;
    }

    Deployment run() {
        try {
            maskSecretVariables();
            log.line((rollback ? "Rolling " + place.path() + " back" : "Deploying " + place.path()) + " " + target.describe()
                    + " as deployment #" + deployment.id());
            target.requireDomainsFree();
            move(DeploymentState.PREPARING, null);
            PreparedImage image = prepare();
            history.recordImage(deployment.id(), image.reference(), image.id());
            move(DeploymentState.STARTING, null);
            target.start(image);
            move(DeploymentState.HEALTH_CHECKING, null);
            target.awaitHealthy();
            log.line("Health check passed");
            cancel.check();
            move(DeploymentState.ROUTING, null);
            target.route();
            move(DeploymentState.LIVE, null);
            target.retirePrevious();
        } catch (CancelledException e) {
            log.line(e.getMessage());
            target.removeNew();
            fail(e.getMessage());
        } catch (HealthGateCheck.HealthGateFailed e) {
            List<String> last = target.lastLines(20);
            log.line("The health check failed: " + e.getMessage());
            if (!last.isEmpty()) {
                log.line("The last lines of its output:");
                last.forEach(line -> log.line("  " + line));
            }
            String after = target.stopNew();
            String tail = last.isEmpty() ? "" : " Last lines: " + String.join(" | ", last.subList(Math.max(0, last.size() - 5), last.size()));
            fail("The health check failed: " + e.getMessage() + ". " + after + tail);
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            log.line("Failed: " + message);
            if (state == DeploymentState.ROUTING) {
                // Caddy may or may not have taken the new route: only the node can say.
                end(DeploymentState.INTERRUPTED, "The route switch did not finish (" + message + "). Deploy again, or restart Homeport to check the node.");
            } else if (state.inProgress()) {
                String after = target.stopNew();
                fail(message + (target.stoppedPrevious() ? " " + after : " The previous release keeps serving."));
            }
        } finally {
            log.flush();
        }
        return history.find(deployment.id());
    }

    private PreparedImage prepare() {
        String tag = place.buildTag(deployment.id());
        var labels = Labels.of(place.key(), deployment.id(), place.path());
        return switch (source) {
            case ReleaseSource.Earlier earlier -> {
                log.line("Using the image of deployment #" + earlier.deploymentId() + ": " + earlier.imageId());
                try {
                    docker.inspectImageCmd(earlier.imageId()).exec();
                } catch (NotFoundException e) {
                    throw new DeployException("The image of deployment #" + earlier.deploymentId() + " (" + earlier.imageId()
                            + ") is no longer on the node.");
                }
                yield new PreparedImage(earlier.reference(), earlier.imageId());
            }
            case ReleaseSource.Fresh(ServiceSource.Image image) -> {
                RegistryCredential credential = image.registryCredentialId() == null ? null : inventory.registryCredential(image.registryCredentialId());
                Secret password = credential == null ? null : inventory.registryPassword(credential);
                if (password != null) {
                    log.mask(password.reveal());
                }
                yield new ImagePuller(docker, log, cancel).pull(image.image(), credential, password);
            }
            case ReleaseSource.Fresh(ServiceSource.Folder folder) ->
                    new ImageBuilder(docker, log, cancel).fromFolder(Path.of(folder.path()), folder.dockerfile(), tag, labels);
            case ReleaseSource.Fresh(ServiceSource.Git git) -> {
                Secret token = git.token() == null ? null : inventory.gitToken(git.token());
                Secret key = git.deployKeyId() == null ? null : keys.privateKey(keys.identity(git.deployKeyId()));
                if (token != null) {
                    log.mask(token.reveal());
                }
                if (key != null) {
                    log.mask(key.reveal());
                }
                try (GitCheckout checkout = new GitCheckout(node, log, cancel)) {
                    checkout.checkout(git, token, key);
                    yield new ImageBuilder(docker, log, cancel).fromTar(checkout.context(git.context(), git.dockerfile()), git.dockerfile(), tag, labels);
                }
            }
        };
    }

    /** Before anything is logged or recorded: from here on the release's secret values are masked in both. */
    private void maskSecretVariables() {
        snapshot.openSecrets(inventory).forEach(secret -> log.mask(secret.reveal()));
    }

    /** Records the new state; a reason is masked like the log (whole, before it is made one line), then stored. */
    private void move(DeploymentState to, String reason) {
        log.flush();
        String stored = reason == null ? null : log.masked(reason).strip().replaceAll("\\s*\\R\\s*", " ");
        // LIVE comes by promotion, which retires the previous release in the same write.
        boolean moved = to == DeploymentState.LIVE
                ? history.promote(deployment.id(), rollback ? DeploymentState.ROLLED_BACK : DeploymentState.SUPERSEDED, stored)
                : history.transition(deployment.id(), state, to, stored);
        if (!moved) {
            throw new DeployException("Deployment #" + deployment.id() + " was changed by someone else while it ran.");
        }
        state = to;
        listener.state(history.find(deployment.id()));
    }

    private void fail(String reason) {
        end(DeploymentState.FAILED, reason);
    }

    private void end(DeploymentState to, String reason) {
        try {
            move(to, reason);
        } catch (RuntimeException e) {
            log.line("Could not record the end of the deployment: " + e.getMessage());
        }
    }
}
