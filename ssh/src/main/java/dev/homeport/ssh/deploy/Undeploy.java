package dev.homeport.ssh.deploy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerMount;
import com.github.dockerjava.api.model.Image;
import dev.homeport.model.BackupSchedule;
import dev.homeport.model.Deployment;
import dev.homeport.model.Service;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.inventory.Backups;
import dev.homeport.model.inventory.DeploymentHistory;
import dev.homeport.model.inventory.Inventory;
import dev.homeport.model.inventory.InventoryTree;
import dev.homeport.model.inventory.Level;
import dev.homeport.model.inventory.NodeInventory;
import dev.homeport.model.inventory.NotFoundException;
import dev.homeport.model.inventory.Ref;
import dev.homeport.ssh.nodes.NodeClients;
import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.swarm.SwarmClusters;
import dev.homeport.ssh.proxy.CaddyAdmin;
import dev.homeport.ssh.proxy.CaddyRoutes;
import dev.homeport.ssh.proxy.ServiceRoute;
import dev.homeport.ssh.transport.ExecResult;
import dev.homeport.ssh.transport.NodeConnection;
import dev.homeport.ssh.transport.Prompts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Takes a service, or every service under an environment, application or
 * organisation, off its nodes: its Caddy route, the containers of its releases,
 * the images Homeport built for it, the cron lines of its backup schedules (a
 * database's, its named volumes'), and, only when asked, the named volumes its
 * containers mount. Pulled images stay (other containers may use them), and so do
 * bind-mounted folders and the backups made (they are what is left to restore from
 * after a delete made by mistake; the backup key stays in the store).
 *
 * <p>The nodes asked are those the services' deployments went to and those
 * attached to their environments. What is there is found by the service's node
 * key, as the node labels it, so a node is read, never the store's memory of it.
 *
 * <p>{@link #deleteAfter} is the one rule for "undeploy, then delete": the
 * inventory item is deleted only when everything was removed. If a node could
 * not be reached or something could not be removed, the item stays, because its
 * node key is what finds the leftovers again: the user runs the delete again
 * when the node is back, or deletes without undeploying.
 *
 * <p>Everything here blocks on the network: call it off the JavaFX thread.
 */
public final class Undeploy {
    private final Inventory inventory;
    private final NodeInventory nodes;
    private final DeploymentHistory history;
    private final NodeService nodeService;
    private final NodeClients clients;
    private final DeployService deploys;
    private final Backups backups;
    private final ScheduleLines scheduleLines;

    public Undeploy(Inventory inventory, NodeInventory nodes, DeploymentHistory history, NodeService nodeService, NodeClients clients,
                    DeployService deploys, Backups backups, ScheduleLines scheduleLines) {
        this.backups = backups;
        this.scheduleLines = scheduleLines;
        this.inventory = inventory;
        this.nodes = nodes;
        this.history = history;
        this.nodeService = nodeService;
        this.clients = clients;
        this.deploys = deploys;
    }

    /** What the delete left on the nodes, and whether the inventory item was deleted. */
    public record Result(List<String> removed, List<String> failed, boolean deleted) {
        public Result {
            removed = List.copyOf(removed);
            failed = List.copyOf(failed);
        }
    }

    /** A service being removed, and its backup schedules' cron-line tags (the volumes they back up). */
    private record Owned(Service service, long key, String path, List<UndeployPlan.BackupLine> scheduled) {
    }

    /**
     * Asks every node concerned what the item's services left there. A service that is deploying
     * now is refused: its release would start after the plan was made.
     */
    public UndeployPlan plan(Ref ref, boolean removeVolumes, Prompts prompts) {
        List<Service> services = servicesUnder(ref);
        List<BackupSchedule> schedules = backups.schedules();
        Set<Long> removing = services.stream().map(Service::id).collect(java.util.stream.Collectors.toSet());
        List<Owned> owned = services.stream()
                .map(s -> new Owned(s, inventory.serviceNodeKey(s.id()), inventory.pathOf(new Ref(Level.SERVICE, s.id())).toString(),
                        scheduled(s, schedules, removing)))
                .toList();
        for (Owned o : owned) {
            deploys.running(o.service().id()).ifPresent(run -> {
                throw new DeployException(o.path() + " is deploying now (deployment #" + run.queued().id() + "). Wait for it to finish,"
                        + " or cancel it, then delete.");
            });
        }
        Map<Long, WorkerNode> concerned = new LinkedHashMap<>();
        for (Owned o : owned) {
            for (Deployment deployment : history.ofService(o.service().id())) {
                if (deployment.nodeId() != null && !concerned.containsKey(deployment.nodeId())) {
                    nodeById(deployment.nodeId()).ifPresent(n -> concerned.put(n.id(), n));
                }
            }
            nodes.attachedTo(o.service().environmentId()).forEach(n -> concerned.putIfAbsent(n.id(), n));
        }
        List<UndeployPlan.Found> found = new ArrayList<>();
        List<UndeployPlan.Unreachable> unreachable = new ArrayList<>();
        List<UndeployPlan.ClusterService> clusterServices = new ArrayList<>();
        for (Owned o : owned) {
            long environmentId = o.service().environmentId();
            if (nodes.cluster(environmentId).isEmpty()) {
                continue;
            }
            try {
                new SwarmServices(managerDocker(environmentId, prompts)).of(o.key()).ifPresent(service -> clusterServices.add(
                        new UndeployPlan.ClusterService(environmentId, service.getId(), service.getSpec().getName(), o.path(), o.key())));
            } catch (RuntimeException e) {
                unreachable.add(new UndeployPlan.Unreachable("the cluster of " + o.path(), Objects.toString(e.getMessage(), e.getClass().getSimpleName())));
            }
        }
        for (WorkerNode node : concerned.values()) {
            try {
                NodeConnection connection = connect(node, prompts);
                DockerClient docker = clients.docker(connection).client();
                List<Image> images = docker.listImagesCmd().withShowAll(true).exec();
                try (CaddyAdmin admin = CaddyAdmin.over(connection)) {
                    CaddyRoutes routes = new CaddyRoutes(admin);
                    for (Owned o : owned) {
                        found.add(find(node, o, docker, routes, images, connection));
                    }
                }
            } catch (RuntimeException e) {
                unreachable.add(new UndeployPlan.Unreachable(node.name(), Objects.toString(e.getMessage(), e.getClass().getSimpleName())));
            }
        }
        return new UndeployPlan(ref, clusterServices, found, unreachable, removeVolumes);
    }

    /**
     * A service's backup schedules, by the volume each cron line names: a database's data volume, or a named volume. A
     * volume that a service staying in the inventory also has a schedule of keeps its line (a node's volume has one).
     */
    private List<UndeployPlan.BackupLine> scheduled(Service service, List<BackupSchedule> schedules, Set<Long> removing) {
        List<UndeployPlan.BackupLine> lines = new ArrayList<>();
        for (BackupSchedule s : schedules) {
            if (s.serviceId() != service.id()) {
                continue;
            }
            String volume = s.volume() != null ? s.volume()
                    : inventory.databases().find(service.id()).map(dev.homeport.model.Database::dataVolume).orElse(null);
            if (volume == null) {
                continue;
            }
            boolean sharedWithAStayingService = schedules.stream().anyMatch(other -> !removing.contains(other.serviceId())
                    && volume.equals(other.volume()));
            if (!sharedWithAStayingService) {
                lines.add(new UndeployPlan.BackupLine(s.volume() == null ? service.name() : service.name() + ":" + s.volume(), volume));
            }
        }
        return lines;
    }

    private UndeployPlan.Found find(WorkerNode node, Owned o, DockerClient docker, CaddyRoutes routes, List<Image> images,
                                    NodeConnection connection) {
        List<Container> containers = new ReleaseContainers(docker).ofService(o.key());
        List<UndeployPlan.Thing> containerThings = containers.stream()
                .map(c -> new UndeployPlan.Thing(c.getId(), String.join(",", c.getNames()).replace("/", ""))).toList();
        List<String> domains = routes.current(o.key()).map(ServiceRoute::hostnames).orElse(List.of());
        String key = Long.toString(o.key());
        // Filtered here too: the label filter is the daemon's, and an image with no labels has none to match.
        List<UndeployPlan.Thing> built = images.stream()
                .filter(i -> i.getLabels() != null && key.equals(i.getLabels().get(Labels.SERVICE)))
                .map(i -> new UndeployPlan.Thing(i.getId(), i.getRepoTags() == null || i.getRepoTags().length == 0
                        ? i.getId() : String.join(",", Arrays.asList(i.getRepoTags()))))
                .toList();
        Set<String> volumes = new LinkedHashSet<>();
        for (Container c : containers) {
            for (ContainerMount mount : c.getMounts() == null ? List.<ContainerMount>of() : c.getMounts()) {
                if (mount.getName() != null && !mount.getName().isBlank() && mount.getDriver() != null) {
                    volumes.add(mount.getName());
                }
            }
        }
        // The node's crontab, not the store, says which schedules run there.
        List<UndeployPlan.BackupLine> backupLines = o.scheduled().stream()
                .filter(b -> !connection.exec(scheduleLines.line(b.volume())).out().isBlank()).toList();
        return new UndeployPlan.Found(node.name(), node.id(), o.path(), o.key(), containerThings, domains, built, List.copyOf(volumes),
                backupLines);
    }

    /**
     * Removes what the plan found: on each node, the route first (so no request reaches a
     * container being stopped), then the containers (stopped, then removed), the built
     * images and, if the plan says so, the volumes. Whatever is removed or fails is reported
     * through {@code progress} as it happens.
     */
    public Result run(UndeployPlan plan, Prompts prompts, Consumer<String> progress) {
        List<String> removed = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (UndeployPlan.Unreachable u : plan.unreachable()) {
            failed.add("Node " + u.node() + " could not be reached (" + u.reason() + "); nothing there was removed.");
        }
        for (UndeployPlan.ClusterService c : plan.clusterServices()) {
            new Step("the cluster", removed, failed, progress).run("Swarm service " + c.name() + " of " + c.service() + " with its replicas", () -> {
                DockerClient manager = managerDocker(c.environmentId(), prompts);
                try {
                    manager.removeServiceCmd(c.id()).exec();
                } catch (com.github.dockerjava.api.exception.NotFoundException e) {
                    // already gone
                }
                awaitReplicasGone(c.environmentId(), c.id(), prompts);
                // Its secret variables, kept as Swarm secrets, go with it.
                for (var secret : manager.listSecretsCmd().withLabelFilter(Map.of(Labels.SERVICE, Long.toString(c.serviceKey()))).exec()) {
                    manager.removeSecretCmd(secret.getId()).exec();
                }
            });
        }
        Map<Long, List<UndeployPlan.Found>> byNode = new LinkedHashMap<>();
        plan.found().forEach(f -> byNode.computeIfAbsent(f.nodeId(), id -> new ArrayList<>()).add(f));
        for (List<UndeployPlan.Found> onNode : byNode.values()) {
            String nodeName = onNode.getFirst().node();
            Step step = new Step(nodeName, removed, failed, progress);
            NodeConnection connection;
            DockerClient docker;
            try {
                connection = connect(nodes.node(onNode.getFirst().nodeId()), prompts);
                docker = clients.docker(connection).client();
            } catch (RuntimeException e) {
                failed.add("Node " + nodeName + " could not be reached (" + e.getMessage() + "); nothing there was removed.");
                continue;
            }
            for (UndeployPlan.Found f : onNode) {
                // First, so no backup starts on a container being removed.
                for (UndeployPlan.BackupLine b : f.backups()) {
                    step.run("the backup schedule of " + b.subject() + " (its cron line; its backups stay)", () -> {
                        ExecResult result = connection.exec(scheduleLines.remove(b.volume()));
                        if (!result.ok()) {
                            String err = result.err().strip();
                            throw new DeployException(err.isEmpty() ? "exit status " + result.exitStatus() : err);
                        }
                    });
                }
                if (!f.domains().isEmpty()) {
                    step.run("the Caddy route of " + f.service() + " (" + String.join(", ", f.domains()) + ")", () -> {
                        try (CaddyAdmin admin = CaddyAdmin.over(connection)) {
                            new CaddyRoutes(admin).remove(f.serviceKey());
                        }
                    });
                }
                ReleaseContainers containers = new ReleaseContainers(docker, connection);
                // Read again: a container may have come since the plan was made, and it is this service's too.
                for (Container c : containers.ofService(f.serviceKey())) {
                    step.run("container " + String.join(",", c.getNames()).replace("/", ""), () -> {
                        if ("running".equals(c.getState())) {
                            containers.stop(c.getId());
                        }
                        containers.remove(c.getId());
                    });
                }
                for (UndeployPlan.Thing image : f.images()) {
                    step.run("image " + image.name(), () -> {
                        try {
                            docker.removeImageCmd(image.id()).withForce(true).exec();
                        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
                            // already gone
                        }
                    });
                }
                if (plan.removeVolumes()) {
                    for (String volume : f.volumes()) {
                        step.run("volume " + volume, () -> {
                            try {
                                docker.removeVolumeCmd(volume).exec();
                            } catch (com.github.dockerjava.api.exception.NotFoundException e) {
                                // already gone
                            }
                        });
                    }
                }
            }
        }
        return new Result(removed, failed, false);
    }

    /**
     * Undeploys, then deletes the inventory item only if nothing was left behind
     * (see the class comment for why a partial undeploy keeps it).
     */
    public Result deleteAfter(UndeployPlan plan, Prompts prompts, Consumer<String> progress) {
        Result result = run(plan, prompts, progress);
        if (!result.failed().isEmpty()) {
            return result;
        }
        inventory.delete(plan.target());
        return new Result(result.removed(), result.failed(), true);
    }

    private DockerClient managerDocker(long environmentId, Prompts prompts) {
        return clients.docker(new SwarmClusters(inventory, nodes, nodeService, clients).manager(environmentId, prompts), prompts).client();
    }

    /**
     * Swarm stops and removes a removed service's replicas on their nodes by itself; this waits until no node
     * that answers has a container of it, so the removal of what is left on each node does not race Swarm's.
     */
    private void awaitReplicasGone(long environmentId, String serviceId, Prompts prompts) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        for (WorkerNode node : nodes.attachedTo(environmentId)) {
            DockerClient docker;
            try {
                docker = clients.docker(node, prompts).client();
                while (!docker.listContainersCmd().withShowAll(true)
                        .withLabelFilter(Map.of("com.docker.swarm.service.id", serviceId)).exec().isEmpty()) {
                    if (System.nanoTime() > deadline) {
                        throw new DeployException("its replicas on " + node.name() + " were still stopping after 60 s");
                    }
                    Thread.sleep(500);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeployException("interrupted while its replicas stopped", e);
            } catch (DeployException e) {
                throw e;
            } catch (RuntimeException unreachable) {
                // a node that does not answer keeps what it has; Swarm removes it when the node is back
            }
        }
    }

    /** Runs one removal, and records it as removed or failed. */
    private record Step(String node, List<String> removed, List<String> failed, Consumer<String> progress) {
        void run(String what, Runnable action) {
            try {
                action.run();
                String line = "Removed " + what + " on " + node + ".";
                removed.add(line);
                progress.accept(line);
            } catch (RuntimeException e) {
                String line = "Could not remove " + what + " on " + node + ": " + e.getMessage();
                failed.add(line);
                progress.accept(line);
            }
        }
    }

    private NodeConnection connect(WorkerNode node, Prompts prompts) {
        NodeConnection connection = nodeService.connection(node, prompts);
        connection.connect();
        return connection;
    }

    private java.util.Optional<WorkerNode> nodeById(long id) {
        try {
            return java.util.Optional.of(nodes.node(id));
        } catch (NotFoundException e) {
            return java.util.Optional.empty();
        }
    }

    private List<Service> servicesUnder(Ref ref) {
        if (ref.level() == Level.SERVICE) {
            return List.of(inventory.service(ref.id()));
        }
        InventoryTree tree = inventory.tree();
        List<Long> environments = switch (ref.level()) {
            case ENVIRONMENT -> List.of(ref.id());
            case APPLICATION -> tree.environmentsOf(ref.id()).stream().map(e -> e.id()).toList();
            case ORGANISATION -> tree.applicationsOf(ref.id()).stream()
                    .flatMap(a -> tree.environmentsOf(a.id()).stream()).map(e -> e.id()).toList();
            case SERVICE -> throw new IllegalStateException();
        };
        return environments.stream().flatMap(id -> tree.servicesOf(id).stream()).toList();
    }
}
