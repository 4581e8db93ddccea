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
    private final Optional<Deployment> previous;
    private final boolean rollback;
    private final Inventory inventory;
    private final KeyInventory keys;
    private final DeploymentHistory history;
    private final NodeConnection node;
    private final DockerClient docker;
    private final DeployListener listener;
    private final DeployLog log;
    private final Cancel cancel = new Cancel();
    private final ReleaseContainers containers;
    private volatile DeploymentState state = DeploymentState.QUEUED;
    private ReleaseContainers.Started started;

    Pipeline(Deployment deployment, ReleasePlanner.Place place, ConfigSnapshot snapshot, ReleaseSource source,
             Optional<Deployment> previous, boolean rollback, Services services, NodeConnection node, DockerClient docker,
             DeployListener listener) {
        this.deployment = deployment;
        this.place = place;
        this.snapshot = snapshot;
        this.source = source;
        this.previous = previous;
        this.rollback = rollback;
        this.inventory = services.inventory();
        this.keys = services.keys();
        this.history = services.history();
        this.node = node;
        this.docker = docker;
        this.listener = listener;
        this.log = new DeployLog(history, deployment.id(), listener);
        this.containers = new ReleaseContainers(docker);
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
            log.line((rollback ? "Rolling " + place.path() + " back" : "Deploying " + place.path()) + " to " + node.target().name()
                    + " as deployment #" + deployment.id());
            requireDomainsFree();
            move(DeploymentState.PREPARING, null);
            PreparedImage image = prepare();
            history.recordImage(deployment.id(), image.reference(), image.id());
            move(DeploymentState.STARTING, null);
            if (HomeportNetwork.ensure(docker)) {
                log.line("The node had no Docker network " + HomeportNetwork.NAME + ": made it, as Provision does");
            }
            started = containers.start(containerSpec(image));
            log.line("Started " + containerName() + (started.upstream() == null ? "" : ", reachable on the node at " + started.upstream()));
            move(DeploymentState.HEALTH_CHECKING, null);
            new HealthGateCheck(node, containers, log, cancel).await(started, HealthGate.valueOf(snapshot.healthGate()), snapshot.healthPath(),
                    snapshot.domains().isEmpty() ? "localhost" : snapshot.domains().getFirst(), Duration.ofSeconds(snapshot.healthTimeoutSeconds()));
            log.line("Health check passed");
            cancel.check();
            move(DeploymentState.ROUTING, null);
            route();
            move(DeploymentState.LIVE, null);
            retirePrevious();
        } catch (CancelledException e) {
            log.line(e.getMessage());
            removeNew();
            fail(e.getMessage());
        } catch (HealthGateCheck.HealthGateFailed e) {
            List<String> last = started == null ? List.of() : containers.lastLines(started.id(), 20);
            log.line("The health check failed: " + e.getMessage());
            if (!last.isEmpty()) {
                log.line("The container's last lines:");
                last.forEach(line -> log.line("  " + line));
            }
            stopNew();
            String tail = last.isEmpty() ? "" : " Last lines: " + String.join(" | ", last.subList(Math.max(0, last.size() - 5), last.size()));
            fail("The health check failed: " + e.getMessage() + ". The previous release keeps serving; the new container is stopped and kept for its logs." + tail);
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            log.line("Failed: " + message);
            if (state == DeploymentState.ROUTING) {
                // Caddy may or may not have taken the new route: only the node can say.
                end(DeploymentState.INTERRUPTED, "The route switch did not finish (" + message + "). Deploy again, or restart Homeport to check the node.");
            } else if (state.inProgress()) {
                stopNew();
                fail(message + " The previous release keeps serving.");
            }
        } finally {
            log.flush();
        }
        return history.find(deployment.id());
    }

    private PreparedImage prepare() {
        String tag = buildTag(deployment.id());
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

    private ReleaseContainers.Spec containerSpec(PreparedImage image) {
        List<String> env = new ArrayList<>();
        for (ConfigSnapshot.Var variable : snapshot.variables()) {
            String value = variable.secret() ? inventory.openVariable(new Sealed(variable.sealed())).reveal() : variable.value();
            env.add(variable.key() + "=" + value);
        }
        return new ReleaseContainers.Spec(containerName(), image.id(), Labels.of(place.key(), deployment.id(), place.path()), env,
                snapshot.port(), RestartPolicy.valueOf(snapshot.restart()), snapshot.cpus(), snapshot.memoryMb(),
                snapshot.volumes().stream().map(Volume::parse).toList());
    }

    /** The tag of an image built for a release. */
    private String buildTag(long deploymentId) {
        return "homeport/" + place.environment().name() + "-" + place.service().name() + "-" + place.keyTag() + ":" + deploymentId;
    }

    /**
     * {@code <env>-<service>-<short id>}, the short id being the deployment's number and four characters
     * of the service's node key: readable in {@code docker ps}, and apart from another store's releases.
     */
    String containerName() {
        return place.environment().name() + "-" + place.service().name() + "-" + deployment.id() + place.keyTag();
    }

    /**
     * Refuses, before anything is built or started, a release whose domains another service's
     * route holds: the route switch would fail only at the end (and the deploy end INTERRUPTED).
     * The message says whose the name is, and how to take it over when no service here owns it.
     */
    private void requireDomainsFree() {
        if (snapshot.domains().isEmpty() || snapshot.port() == null) {
            return;
        }
        try (CaddyAdmin admin = CaddyAdmin.over(node)) {
            CaddyRoutes routes = new CaddyRoutes(admin);
            for (String domain : snapshot.domains()) {
                var holder = routes.holderOf(domain, place.key());
                if (holder.isPresent()) {
                    throw new DeployException(DomainTakeover.explain(new DomainTakenException(domain, holder.get().serviceKey(),
                            domain + " already leads to another service (homeport-service-" + holder.get().serviceKey()
                                    + " in Caddy's config on " + node.target().name() + "); a domain can belong to one service only."),
                            inventory, InventoryPath.parse(place.path())));
                }
            }
        }
    }

    /** Points the service's domains at the new container; a service without a port or domains has no route. */
    private void route() {
        try (CaddyAdmin admin = CaddyAdmin.over(node)) {
            CaddyRoutes routes = new CaddyRoutes(admin);
            if (started.upstream() == null || snapshot.domains().isEmpty()) {
                routes.remove(place.key());
                log.line(started.upstream() == null ? "The service has no port: no route." : "The service has no domains yet: no route.");
                return;
            }
            routes.route(new ServiceRoute(place.key(), place.service().name(), snapshot.domains(), started.upstream(), snapshot.acmeEmail()));
            log.line("Caddy now sends " + String.join(", ", snapshot.domains()) + " to " + started.upstream());
        }
    }

    /** The previous release (SUPERSEDED or ROLLED_BACK since the promotion to LIVE) drains and stops; releases beyond the kept number go. */
    private void retirePrevious() {
        try {
            if (previous.isPresent() && snapshot.drainSeconds() > 0) {
                log.line("Letting requests to the previous release finish (" + snapshot.drainSeconds() + " s)");
                Thread.sleep(snapshot.drainSeconds() * 1000L);
            }
            for (Container container : containers.ofService(place.key())) {
                if (!container.getId().equals(started.id()) && "running".equals(container.getState())) {
                    log.line("Stopping " + String.join(",", container.getNames()).replace("/", ""));
                    containers.stop(container.getId());
                }
            }
            prune();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.line("The new release is live, but cleaning up the previous one failed: " + e.getMessage());
        }
    }

    /** Keeps the containers (stopped) and built images of the newest releases, so a rollback has them; removes older ones. */
    private void prune() {
        List<Container> all = new ArrayList<>(containers.ofService(place.key()));
        all.sort(Comparator.comparingLong((Container c) -> Long.parseLong(c.getLabels().getOrDefault(Labels.DEPLOYMENT, "0"))).reversed());
        for (Container old : all.subList(Math.min(all.size(), snapshot.keepReleases()), all.size())) {
            if (!"running".equals(old.getState())) {
                containers.remove(old.getId());
                try {
                    // Only images Homeport built; a pulled image may be shared with anything else on the node.
                    docker.removeImageCmd(buildTag(Long.parseLong(old.getLabels().get(Labels.DEPLOYMENT)))).exec();
                } catch (RuntimeException e) {
                    // not built by us, still used by another container, or already gone
                }
            }
        }
    }

    private void removeNew() {
        if (started != null) {
            try {
                containers.remove(started.id());
            } catch (RuntimeException e) {
                log.line("Could not remove the new container: " + e.getMessage());
            }
        }
    }

    private void stopNew() {
        if (started != null) {
            try {
                containers.stop(started.id());
            } catch (RuntimeException e) {
                log.line("Could not stop the new container: " + e.getMessage());
            }
        }
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
