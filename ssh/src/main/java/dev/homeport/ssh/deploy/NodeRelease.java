package dev.homeport.ssh.deploy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import dev.homeport.model.Deployment;
import dev.homeport.model.HealthGate;
import dev.homeport.model.RestartPolicy;
import dev.homeport.model.Volume;
import dev.homeport.model.inventory.Inventory;
import dev.homeport.model.inventory.InventoryPath;
import dev.homeport.ssh.docker.HomeportNetwork;
import dev.homeport.ssh.proxy.CaddyAdmin;
import dev.homeport.ssh.proxy.CaddyRoutes;
import dev.homeport.ssh.proxy.DomainTakenException;
import dev.homeport.ssh.proxy.ServiceRoute;
import dev.homeport.ssh.transport.NodeConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A release as a container on one node, beside the live one on a free loopback port; the node's Caddy
 * moves the service's domains to it once it passes its health check, and the previous container drains
 * and stops.
 */
final class NodeRelease implements ReleaseTarget {
    private final Deployment deployment;
    private final ReleasePlanner.Place place;
    private final ConfigSnapshot snapshot;
    private final Optional<Deployment> previous;
    private final Inventory inventory;
    private final NodeConnection node;
    private final DockerClient docker;
    private final DeployLog log;
    private final Cancel cancel;
    private final ReleaseContainers containers;
    private ReleaseContainers.Started started;
    /** A database's previous container, stopped before the new one started on the same data; started again if the new one fails. */
    private final List<String> stoppedFirst = new ArrayList<>();

    NodeRelease(Deployment deployment, ReleasePlanner.Place place, ConfigSnapshot snapshot, Optional<Deployment> previous,
                Inventory inventory, NodeConnection node, DockerClient docker, DeployLog log, Cancel cancel) {
        this.deployment = deployment;
        this.place = place;
        this.snapshot = snapshot;
        this.previous = previous;
        this.inventory = inventory;
        this.node = node;
        this.docker = docker;
        this.log = log;
        this.cancel = cancel;
        this.containers = new ReleaseContainers(docker, node);
    }

    @Override
    public String describe() {
        return "to " + node.target().name();
    }

    /**
     * Refuses a release whose domains another service's route holds: the route switch would fail only
     * at the end (and the deploy end INTERRUPTED). The message says whose the name is, and how to take
     * it over when no service here owns it.
     */
    @Override
    public void requireDomainsFree() {
        requireDomainsFree(node, place, snapshot, inventory);
    }

    /** {@link #requireDomainsFree()} on one node's Caddy: the same check for each node of a cluster. */
    static void requireDomainsFree(NodeConnection node, ReleasePlanner.Place place, ConfigSnapshot snapshot, Inventory inventory) {
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

    @Override
    public void start(PreparedImage image) {
        if (HomeportNetwork.ensure(docker)) {
            log.line("The node had no Docker network " + HomeportNetwork.NAME + ": made it, as Provision does");
        }
        if (snapshot.databaseEngine() != null) {
            stopPreviousDatabase();
        }
        started = containers.start(containerSpec(image));
        log.line("Started " + containerName() + (started.upstream() == null ? "" : ", reachable on the node at " + started.upstream()));
    }

    /**
     * Two servers must never open one database's data folder at once (PostgreSQL does not notice the
     * other container and would corrupt it), so a database's release stops the running one first:
     * a short outage instead of a side-by-side start.
     */
    private void stopPreviousDatabase() {
        for (Container container : containers.ofService(place.key())) {
            if ("running".equals(container.getState()) || "restarting".equals(container.getState())) {
                log.line("A database runs one container at a time on its data: stopping "
                        + String.join(",", container.getNames()).replace("/", "") + " first");
                containers.stop(container.getId());
                stoppedFirst.add(container.getId());
            }
        }
    }

    /** The new release failed or was cancelled: the database's previous container starts again. */
    private String restartPreviousDatabase() {
        if (stoppedFirst.isEmpty()) {
            return "";
        }
        try {
            for (String id : stoppedFirst) {
                containers.startExisting(id);
            }
            return " The previous release was started again.";
        } catch (RuntimeException e) {
            return " Starting the previous release again failed: " + e.getMessage();
        }
    }

    @Override
    public void awaitHealthy() {
        new HealthGateCheck(node, containers, log, cancel).await(started, HealthGate.valueOf(snapshot.healthGate()), snapshot.healthPath(),
                snapshot.domains().isEmpty() ? "localhost" : snapshot.domains().getFirst(), Duration.ofSeconds(snapshot.healthTimeoutSeconds()),
                snapshot.databaseEngine());
    }

    /** Points the service's domains at the new container; a service without a port or domains has no route. */
    @Override
    public void route() {
        try (CaddyAdmin admin = CaddyAdmin.over(node)) {
            CaddyRoutes routes = new CaddyRoutes(admin);
            if (started.upstream() == null || snapshot.domains().isEmpty()) {
                routes.remove(place.key());
                log.line(snapshot.databaseEngine() != null && snapshot.publicPort() != null
                        ? "A database gets no route. As asked, it is published on port " + snapshot.publicPort()
                                + " of every address of the node: anyone who reaches the node can try its password."
                        : snapshot.databaseEngine() != null ? "A database gets no route and publishes no port."
                        : started.upstream() == null ? "The service has no port: no route." : "The service has no domains yet: no route.");
                return;
            }
            routes.route(new ServiceRoute(place.key(), place.service().name(), snapshot.domains(), started.upstream(), snapshot.acmeEmail(),
                    Map.of(), null, snapshot.acmeDirectory()));
            log.line("Caddy now sends " + String.join(", ", snapshot.domains()) + " to " + started.upstream());
        }
    }

    /** The previous release drains and stops; releases beyond the kept number go. */
    @Override
    public void retirePrevious() {
        try {
            if (previous.isPresent() && snapshot.drainSeconds() > 0 && snapshot.databaseEngine() == null) {
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
                    docker.removeImageCmd(place.buildTag(Long.parseLong(old.getLabels().get(Labels.DEPLOYMENT)))).exec();
                } catch (RuntimeException e) {
                    // not built by us, still used by another container, or already gone
                }
            }
        }
    }

    @Override
    public void removeNew() {
        if (started != null) {
            try {
                containers.remove(started.id());
            } catch (RuntimeException e) {
                log.line("Could not remove the new container: " + e.getMessage());
            }
        }
        String restarted = restartPreviousDatabase();
        if (!restarted.isEmpty()) {
            log.line(restarted.strip());
        }
    }

    @Override
    public String stopNew() {
        if (started != null) {
            try {
                containers.stop(started.id());
            } catch (RuntimeException e) {
                log.line("Could not stop the new container: " + e.getMessage());
            }
        }
        if (!stoppedFirst.isEmpty()) {
            return "The new container is stopped and kept for its logs." + restartPreviousDatabase();
        }
        return "The previous release keeps serving; the new container is stopped and kept for its logs.";
    }

    @Override
    public boolean stoppedPrevious() {
        return !stoppedFirst.isEmpty();
    }

    @Override
    public List<String> lastLines(int count) {
        return started == null ? List.of() : containers.lastLines(started.id(), count);
    }

    private ReleaseContainers.Spec containerSpec(PreparedImage image) {
        return new ReleaseContainers.Spec(containerName(), image.id(), Labels.of(place.key(), deployment.id(), place.path()),
                snapshot.environment(inventory),
                // A database publishes no loopback port for Caddy: other containers reach it by its alias, a tunnel at its address.
                snapshot.databaseEngine() == null ? snapshot.port() : null,
                RestartPolicy.valueOf(snapshot.restart()), snapshot.cpus(),
                snapshot.memoryMb(), snapshot.volumes().stream().map(Volume::parse).toList(),
                snapshot.databaseEngine() == null ? null : DatabaseRuntime.command(snapshot.databaseEngine()),
                snapshot.databaseEngine() == null ? null : place.swarmName(),
                // Only when the user opted in, with a warning: on every address of the node.
                snapshot.databaseEngine() == null || snapshot.publicPort() == null ? null
                        : new ReleaseContainers.PublicPort(snapshot.publicPort(), snapshot.databaseEngine().port()),
                // The node's static busybox, for a shell in an image without one (Provision installs it).
                SwarmServiceSpec.hasToolbox(node));
    }

    /**
     * {@code <env>-<service>-<short id>}, the short id being the deployment's number and four characters
     * of the service's node key: readable in {@code docker ps}, and apart from another store's releases.
     */
    String containerName() {
        return place.environment().name() + "-" + place.service().name() + "-" + deployment.id() + place.keyTag();
    }
}
