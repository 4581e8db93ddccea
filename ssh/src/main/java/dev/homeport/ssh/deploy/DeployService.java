package dev.homeport.ssh.deploy;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import dev.homeport.model.Deployment;
import dev.homeport.model.DeploymentState;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.inventory.DeploymentHistory;
import dev.homeport.model.inventory.Inventory;
import dev.homeport.model.inventory.KeyInventory;
import dev.homeport.model.inventory.NodeInventory;
import dev.homeport.model.inventory.Retention;
import dev.homeport.ssh.docker.NodeDocker;
import dev.homeport.ssh.nodes.NodeClients;
import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.swarm.SwarmClusters;
import dev.homeport.ssh.transport.NodeConnection;
import dev.homeport.ssh.transport.Prompts;
import dev.homeport.ssh.tunnel.TunnelTarget;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys, rolls back, starts, stops and restarts services, and follows their
 * logs: what the UI and the CLI both call. One deployment runs at a time per
 * service; a second is refused with the first one's number and state.
 */
public final class DeployService {
    private static final Logger log = LoggerFactory.getLogger(DeployService.class);
    private final Inventory inventory;
    private final NodeInventory nodes;
    private final DeploymentHistory history;
    private final NodeService nodeService;
    private final NodeClients clients;
    private final Retention retention;
    private final Pipeline.Services services;
    private final ReleasePlanner planner;
    private final SwarmClusters clusters;
    private final ClusterReleases clusterReleases;
    private final ServiceNodes serviceNodes;
    private final Map<Long, DeployRun> running = new HashMap<>();

    public DeployService(Inventory inventory, NodeInventory nodes, KeyInventory keys, DeploymentHistory history,
                         NodeService nodeService, NodeClients clients, Retention retention) {
        this.inventory = inventory;
        this.nodes = nodes;
        this.history = history;
        this.nodeService = nodeService;
        this.clients = clients;
        this.retention = retention;
        this.services = new Pipeline.Services(inventory, keys, history);
        this.planner = new ReleasePlanner(inventory);
        this.clusters = new SwarmClusters(inventory, nodes, nodeService, clients);
        this.clusterReleases = new ClusterReleases(inventory, history, clusters, clients, planner);
        this.serviceNodes = new ServiceNodes(inventory, nodes, history);
    }

    /**
     * Starts a new release of the service from its source, on {@code nodeName}, or
     * else where it runs now, or else on its environment's only node. Connecting
     * happens here (blocking); the rest runs in the background.
     */
    public DeployRun deploy(long serviceId, String nodeName, Prompts prompts, DeployListener listener) {
        ReleasePlanner.Place place = planner.place(serviceId);
        ConfigSnapshot snapshot = planner.snapshot(place);
        String image = place.service().source() instanceof ServiceSource.Image pulled ? pulled.image() : null;
        ReleaseSource source = new ReleaseSource.Fresh(place.service().source());
        if (serviceNodes.onCluster(place.service())) {
            nodesFor(place.service(), nodeName); // refuses a named node
            return startOnCluster(place, snapshot, image, source, null, false, prompts, listener);
        }
        WorkerNode node = serviceNodes.deployNode(place.service(), nodeName);
        return start(place, node, snapshot, image, source, false, prompts, listener, null);
    }

    /**
     * Runs an earlier release again, its image and its config snapshot, through the
     * same health check. {@code toDeploymentId} null means the release before the
     * live one. Routing uses the service's domains and its organisation's ACME settings as they are now.
     */
    public DeployRun rollback(long serviceId, Long toDeploymentId, Prompts prompts, DeployListener listener) {
        ReleasePlanner.Place place = planner.place(serviceId);
        Deployment target = toDeploymentId == null ? previousRelease(serviceId) : history.find(toDeploymentId);
        if (target.serviceId() != serviceId) {
            throw new DeployException("Deployment #" + target.id() + " is not a release of " + place.path() + ".");
        }
        if (target.state() == DeploymentState.LIVE) {
            throw new DeployException("Deployment #" + target.id() + " is the live release already.");
        }
        if (target.imageDigest() == null || target.nodeId() == null || target.configSnapshot() == null) {
            throw new DeployException("Deployment #" + target.id() + " never got as far as an image (it is " + target.state()
                    + "), so there is nothing to roll back to.");
        }
        ConfigSnapshot old = ConfigSnapshot.fromJson(target.configSnapshot());
        ConfigSnapshot now = planner.snapshot(place);
        ConfigSnapshot snapshot = new ConfigSnapshot(old.source(), old.port(), old.healthGate(), old.healthPath(), old.healthTimeoutSeconds(),
                old.restart(), old.cpus(), old.memoryMb(), old.volumes(), old.variables(), now.domains(), place.organisation().acmeEmail(),
                place.organisation().acmeDirectory(),
                old.drainSeconds(), old.keepReleases(), place.service().options().replicas(),
                place.service().options().pinnedNode(), old.database(), now.publicPort());
        ReleaseSource source = new ReleaseSource.Earlier(target.id(), target.image(), target.imageDigest());
        if (serviceNodes.onCluster(place.service())) {
            return startOnCluster(place, snapshot, target.image(), source, target.imageDigest(), true, prompts, listener);
        }
        return start(place, nodes.node(target.nodeId()), snapshot, target.image(), source, true, prompts, listener, null);
    }

    /**
     * A release on the environment's cluster: the image is pulled or built on a manager (for a rollback, on
     * a node that still has it), copied to every node that answers, and run as the replicas of one Swarm service.
     */
    private DeployRun startOnCluster(ReleasePlanner.Place place, ConfigSnapshot snapshot, String image, ReleaseSource source,
                                     String earlierImageId, boolean rollback, Prompts prompts, DeployListener listener) {
        if (snapshot.databaseEngine() != null && snapshot.publicPort() != null) {
            throw new DeployException(place.path() + " has a public port (" + snapshot.publicPort() + "), and a database on a cluster"
                    + " cannot be published yet: close it (homeport db public-port " + place.path() + " off) and reach it with a tunnel"
                    + " (homeport db connect). Nothing was started.");
        }
        long environmentId = place.service().environmentId();
        String pinned = snapshot.pinnedNode();
        if (pinned != null && nodes.attachedTo(environmentId).stream().noneMatch(node -> node.name().equals(pinned))) {
            throw new DeployException(place.path() + " is pinned to " + pinned + ", which is not a node of its environment's cluster."
                    + " Attach it, or pin the service to another node (homeport service set SERVICE --pin NODE). Nothing was started.");
        }
        WorkerNode manager = clusters.manager(environmentId, prompts);
        List<NodeDocker> members = new java.util.ArrayList<>();
        List<NodeConnection> connections = new java.util.ArrayList<>();
        List<String> unreachable = new java.util.ArrayList<>();
        for (WorkerNode node : nodes.attachedTo(environmentId)) {
            try {
                NodeDocker docker = clients.docker(node, prompts);
                docker.client().pingCmd().exec();
                members.add(docker);
                connections.add(nodeService.connection(node, prompts));
            } catch (RuntimeException e) {
                unreachable.add(node.name());
            }
        }
        WorkerNode build = earlierImageId == null ? manager : nodeWithImage(members, earlierImageId, manager);
        NodeDocker managerDocker = clients.docker(manager, prompts);
        NodeDocker buildDocker = clients.docker(build, prompts);
        List<String> notes = new java.util.ArrayList<>();
        if (snapshot.databaseEngine() != null) {
            snapshot = snapshot.pinnedTo(pinDatabase(place, managerDocker, members, notes));
        }
        ConfigSnapshot release = snapshot;
        Where targets = (queued, previous, log, cancel) -> {
            notes.forEach(log::line);
            unreachable.forEach(name -> log.line(name + " does not answer: it gets no copy of the image, and a replica Swarm"
                    + " places there fails until it has one (Swarm then starts it on another node)"));
            return new SwarmRelease(queued, place, release, inventory, buildDocker, members, connections, managerDocker.client(), log, cancel);
        };
        return start(place, build, release, image, source, rollback, prompts, listener, targets);
    }

    /**
     * The node a database runs on in a cluster: its pin, else the node its Swarm service is pinned to already, else the
     * node it ran on before its environment became a cluster (its data volume is there), else the first node that
     * answers. A pin chosen here is recorded as the service's, and said in the deploy's log ({@code notes}).
     */
    private String pinDatabase(ReleasePlanner.Place place, NodeDocker manager, List<NodeDocker> members, List<String> notes) {
        Service service = inventory.service(place.service().id());
        String running = new SwarmServices(manager.client()).of(place.key()).map(SwarmServices::pinnedNode).orElse(null);
        String pinned = service.options().pinnedNode();
        if (pinned != null && running != null && !running.equals(pinned)) {
            throw new DeployException(place.path() + " runs on " + running + ", where its data volume is, but it is pinned to " + pinned
                    + " now. Moving a database to another node is not supported yet (it would start there on an empty volume):"
                    + " pin it to " + running + " again (homeport service set " + place.path() + " --pin " + running + ")."
                    + " Nothing was started.");
        }
        if (pinned != null) {
            return pinned;
        }
        List<WorkerNode> attached = nodes.attachedTo(service.environmentId());
        String chosen = running;
        String why = "where its Swarm service runs";
        if (chosen == null) {
            Optional<Deployment> live = history.live(service.id());
            chosen = live.flatMap(d -> attached.stream().filter(n -> d.nodeId() != null && n.id() == d.nodeId()).findFirst())
                    .map(WorkerNode::name).orElse(null);
            why = "where it ran before its environment became a cluster, and where its data volume is";
        }
        if (chosen == null) {
            if (members.isEmpty()) {
                throw new DeployException("No node of the cluster answers, so " + place.path() + " has no node to run on. Nothing was started.");
            }
            chosen = members.getFirst().nodeName();
            why = "the first node of the environment that answers";
        }
        inventory.updateService(service.withOptions(service.options().withPinnedNode(chosen)));
        notes.add("Pinned " + place.path() + " to " + chosen + " (" + why + "): a database on a cluster runs as one replica on the"
                + " node that holds its data volume, and stays there. To choose another node, pin it before its first deploy"
                + " (homeport service set " + place.path() + " --pin NODE).");
        return chosen;
    }

    /** The node a rollback's image is copied from: the manager if it has it, else any node that does. */
    private WorkerNode nodeWithImage(List<NodeDocker> members, String imageId, WorkerNode manager) {
        String name = null;
        for (NodeDocker member : members) {
            if (member.hasImage(imageId)) {
                if (member.nodeName().equals(manager.name())) {
                    return manager;
                }
                name = name == null ? member.nodeName() : name;
            }
        }
        if (name == null) {
            throw new DeployException("No node of the cluster has the image " + imageId + " any more, so there is nothing to roll back to.");
        }
        return nodes.node(name);
    }

    private Deployment previousRelease(long serviceId) {
        return history.ofService(serviceId).stream()
                .filter(d -> d.state() == DeploymentState.SUPERSEDED || d.state() == DeploymentState.ROLLED_BACK)
                .filter(d -> d.imageDigest() != null)
                .findFirst()
                .orElseThrow(() -> new DeployException("There is no earlier release to roll back to."));
    }

    /** Starts the pipeline in the background; {@code targets} null means a container on {@code node}, else where the release runs. */
    private DeployRun start(ReleasePlanner.Place place, WorkerNode node, ConfigSnapshot snapshot, String image, ReleaseSource source,
                            boolean rollback, Prompts prompts, DeployListener listener, Where targets) {
        long serviceId = place.service().id();
        NodeConnection connection = nodeService.connection(node, prompts);
        connection.connect(); // a host key to confirm or a failed login is the caller's to see, before anything is recorded
        NodeDocker docker = clients.docker(connection);
        synchronized (running) {
            DeployRun busy = running.get(serviceId);
            if (busy != null) {
                throw new DeployException(place.path() + " is already deploying: deployment #" + busy.queued().id() + " is "
                        + history.find(busy.queued().id()).state() + ". Wait for it to finish, or cancel it.");
            }
            Deployment queued = history.queue(serviceId, node.id(), image, snapshot.toJson());
            Optional<Deployment> previous = history.live(serviceId);
            Where where = targets != null ? targets
                    : (release, live, log, cancel) -> new NodeRelease(release, place, snapshot, live, inventory, connection, docker.client(), log, cancel);
            DeployRun run = new DeployRun(queued, new Pipeline(queued, place, snapshot, source, rollback, services, connection,
                    docker.client(), (log, cancel) -> where.of(queued, previous, log, cancel), listener), this::applyRetention);
            running.put(serviceId, run);
            Thread.ofVirtual().name("deploy-" + queued.id()).start(() -> {
                try {
                    run.run();
                } finally {
                    synchronized (running) {
                        running.remove(serviceId);
                    }
                }
            });
            return run;
        }
    }

    /** Where a release runs, made once its deployment is queued: it needs the deployment, the live release, and the run's log and cancel switch. */
    private interface Where {
        ReleaseTarget of(Deployment release, Optional<Deployment> live, DeployLog log, Cancel cancel);
    }

    /** Runs as each deployment ends, before its end is reported; a failure here never fails the deployment. */
    private void applyRetention() {
        try {
            retention.prune();
        } catch (RuntimeException e) {
            log.warn("Applying the retention policy after a deployment failed: {}", e.getMessage());
        }
    }

    /**
     * Where a tunnel to the service's container port leads ({@code port}, or the service's own when null):
     * the live release's container on its node, or on a cluster a running replica's, through its node.
     * Connects to read Docker; blocking.
     */
    public TunnelTarget tunnelTarget(long serviceId, Integer port, Prompts prompts) {
        return new ServiceTunnels(inventory, nodes, history, nodeService, clients, clusters, planner).target(serviceId, port, prompts);
    }

    /**
     * A tunnel's route that follows the service's live release: for each new connection it reads which
     * release is live (one small read of the store) and, when that changed since it last looked, or when
     * the node could not reach the container it knew, finds the live release's container again
     * ({@link #tunnelTarget}). A redeploy or a replica moved to another node does not break a saved tunnel.
     */
    public dev.homeport.ssh.tunnel.Tunnel.Route liveRoute(long serviceId, Integer port, Prompts prompts) {
        return new LiveReleaseRoute(serviceId, () -> history.live(serviceId).map(dev.homeport.model.Deployment::id),
                () -> planner.place(serviceId).path(), () -> tunnelTarget(serviceId, port, prompts),
                node -> nodeService.connection(node, prompts));
    }

    /**
     * The containers of the service's live release now (on a cluster, one per replica slot), with their
     * restarts and last exit codes; empty without a live release. Connects to read Docker; blocking.
     */
    public List<ReplicaState> containers(long serviceId, Prompts prompts) {
        return new ServiceContainers(inventory, nodes, history, nodeService, clients, clusters).of(serviceId, prompts);
    }

    /**
     * A database's password changed: in the running database ({@code inDatabase}, false when it was never
     * deployed) and the vault; {@code needRedeploy} names the services that get it only on their next deploy.
     */
    public record PasswordChange(String path, boolean inDatabase, List<String> needRedeploy) {
    }

    /** Gives a database a new random password, in the database and the vault. Connects; blocking. */
    public PasswordChange changeDatabasePassword(long serviceId, Prompts prompts) {
        return new DatabasePasswords(inventory, nodes, history, nodeService, clients, planner, clusters).change(serviceId, prompts);
    }

    /**
     * The containers a shell into the service can open in: the live release's container, or on a cluster
     * each running replica (the live release's first). Connects to read Docker; blocking.
     */
    public List<ContainerShell> shellTargets(long serviceId, Prompts prompts) {
        return new ServiceShells(inventory, nodes, history, nodeService, clients, clusters, planner).targets(serviceId, prompts);
    }

    /** The deployment of this service running now, if any. */
    public Optional<DeployRun> running(long serviceId) {
        synchronized (running) {
            return Optional.ofNullable(running.get(serviceId));
        }
    }

    /**
     * The node a deployment goes to: the one asked for, else the node the service
     * runs on now, else its environment's only node ({@link ServiceNodes#deployNode}).
     * For an environment whose nodes form a cluster, where Swarm places the replicas,
     * a node cannot be named, and this is its first node (the one a default domain and
     * DNS checks name); the node a service's data is on is {@link #dataNode}.
     */
    public WorkerNode nodeFor(Service service, String nodeName) {
        if (serviceNodes.onCluster(service)) {
            return nodesFor(service, nodeName).getFirst();
        }
        return serviceNodes.deployNode(service, nodeName);
    }

    /**
     * The one node the service's containers and their data live on, for its backups and restores: see
     * {@link ServiceNodes#dataNode}. Refused for a service on a cluster that is not pinned to a node.
     */
    public WorkerNode dataNode(long serviceId) {
        return serviceNodes.dataNode(serviceId);
    }

    /** Every node a deployment reaches: the cluster's nodes, or the one {@link #nodeFor} gives. */
    public List<WorkerNode> nodesFor(Service service, String nodeName) {
        if (!serviceNodes.onCluster(service)) {
            return List.of(serviceNodes.deployNode(service, nodeName));
        }
        if (nodeName != null) {
            throw new DeployException(planner.place(service.id()).path() + " runs on its environment's cluster, where Swarm places"
                    + " the replicas; a node cannot be named. Nothing was started.");
        }
        return nodes.attachedTo(service.environmentId());
    }

    /**
     * Stops the live release's container (on a cluster: every replica); its route stays, so requests fail
     * until it starts again.
     */
    public void stop(long serviceId, Prompts prompts) {
        if (onCluster(serviceId)) {
            clusterReleases.stop(serviceId, prompts);
        } else {
            liveContainer(serviceId, prompts, (containers, id) -> containers.stop(id));
        }
    }

    public void start(long serviceId, Prompts prompts) {
        if (onCluster(serviceId)) {
            clusterReleases.start(serviceId, prompts);
        } else {
            liveContainer(serviceId, prompts, ReleaseContainers::startExisting);
        }
    }

    /** Restarts the live release's container; on a cluster, replaces its replicas one at a time. */
    public void restart(long serviceId, Prompts prompts) {
        if (onCluster(serviceId)) {
            clusterReleases.restart(serviceId, prompts);
        } else {
            liveContainer(serviceId, prompts, ReleaseContainers::restart);
        }
    }

    /**
     * Sets how many replicas the service runs on a cluster, and runs that many of the live release now,
     * without a new release. Returns what happened, in words. In a one-node environment only the
     * number is kept, for when its nodes form a cluster.
     */
    public String scale(long serviceId, int replicas, Prompts prompts) {
        Service service = inventory.service(serviceId);
        if (replicas > 1 && inventory.databases().find(serviceId).isPresent()) {
            throw new DeployException(planner.place(serviceId).path() + " is a database: it runs one server on its data volume, so one"
                    + " replica at most (two would open one data folder at once). Nothing was changed.");
        }
        inventory.updateService(service.withOptions(service.options().withReplicas(replicas)));
        if (!onCluster(serviceId)) {
            return "Kept " + replicas + " replicas for " + planner.place(serviceId).path() + ": its environment runs one container on one"
                    + " node, and the number applies once its nodes form a cluster.";
        }
        return clusterReleases.scale(serviceId, replicas, prompts);
    }

    /**
     * Brings a node that just joined the environment's cluster up to date: the images of the live releases of
     * the environment's services, and the edge and routes of those with domains. Nothing for an environment
     * that is not a cluster. Blocking.
     */
    public void catchUp(long environmentId, WorkerNode joined, Prompts prompts, Consumer<String> progress) throws InterruptedException {
        new ClusterCatchUp(inventory, nodes, history, nodeService, clients, clusters, planner).run(environmentId, joined, prompts, progress);
    }

    /** True when the service's environment's nodes form a cluster. */
    public boolean onCluster(long serviceId) {
        return serviceNodes.onCluster(serviceId);
    }

    private void liveContainer(long serviceId, Prompts prompts, java.util.function.BiConsumer<ReleaseContainers, String> action) {
        Deployment live = history.live(serviceId)
                .orElseThrow(() -> new DeployException(planner.place(serviceId).path() + " has no live release."));
        NodeConnection connection = nodeService.connection(nodes.node(live.nodeId()), prompts);
        ReleaseContainers containers = new ReleaseContainers(clients.docker(connection).client(), connection);
        Container container = containers.ofDeployment(inventory.serviceNodeKey(serviceId), live.id())
                .orElseThrow(() -> new DeployException("The container of deployment #" + live.id() + " is gone from its node."));
        action.accept(containers, container.getId());
    }

    /**
     * Follows the container logs of the service's live release (or its newest
     * release with a container), timestamped, with that release's secret
     * variables masked as in its deployment log. On a cluster, the logs of every
     * replica of the live release, each line led by the replica it came from.
     * Close the result to stop.
     */
    public ResultCallback.Adapter<Frame> logs(long serviceId, int tail, boolean follow, Prompts prompts, Consumer<String> lines) {
        return logs(serviceId, tail, follow, null, null, prompts, lines);
    }

    /**
     * {@link #logs(long, int, boolean, Prompts, Consumer)} of a time range (either end null: open), asked of
     * Docker to the whole second around it (a cluster's service logs take no end: that is the reader's to cut).
     * A negative {@code tail} reads the whole log (or all of the range).
     */
    public ResultCallback.Adapter<Frame> logs(long serviceId, int tail, boolean follow, java.time.Instant since, java.time.Instant until,
                                              Prompts prompts, Consumer<String> lines) {
        if (onCluster(serviceId)) {
            SecretMask secrets = history.live(serviceId).map(this::secretVariables).orElseGet(SecretMask::new);
            return clusterReleases.logs(serviceId, tail, follow, since, secrets, prompts, lines);
        }
        for (Deployment deployment : releasesNewestLiveFirst(serviceId)) {
            if (deployment.nodeId() == null) {
                continue;
            }
            var docker = clients.docker(nodeService.connection(nodes.node(deployment.nodeId()), prompts)).client();
            Optional<Container> container = new ReleaseContainers(docker).ofDeployment(inventory.serviceNodeKey(serviceId), deployment.id());
            if (container.isPresent()) {
                return containerLogs(docker, container.get().getId(), secretVariables(deployment), tail, follow, since, until, lines);
            }
        }
        throw new DeployException(planner.place(serviceId).path() + " has no container on any node yet; deploy it first.");
    }

    /**
     * One stream of a service's logs: a release's container on its node, labelled {@code web r12} (the service's
     * name, then "r" and the release's number); on a cluster, the live release's Swarm service, every replica's
     * lines, each already led by its replica ({@code label} null).
     */
    public record LogSource(long deploymentId, String label, boolean live) {
    }

    /**
     * The streams of a service's logs now: on one node, the live release and the release before it, those of the two
     * that still have a container (the earlier one is kept, stopped, for a rollback), newest first; with none live, the
     * newest release that has a container. On a cluster, the live release's Swarm service. Empty when there is none.
     * One listing of containers per node.
     */
    public List<LogSource> logSources(long serviceId, Prompts prompts) {
        Optional<Deployment> live = history.live(serviceId);
        if (onCluster(serviceId)) {
            return live.map(d -> List.of(new LogSource(d.id(), null, true))).orElse(List.of());
        }
        String name = inventory.service(serviceId).name();
        long key = inventory.serviceNodeKey(serviceId);
        Map<Long, java.util.Set<String>> present = new HashMap<>();
        List<LogSource> sources = new java.util.ArrayList<>();
        List<Deployment> all = new java.util.ArrayList<>(history.ofService(serviceId));
        all.sort(java.util.Comparator.comparingLong(Deployment::id).reversed());
        for (Deployment deployment : all) {
            if (deployment.nodeId() == null) {
                continue;
            }
            java.util.Set<String> onNode = present.computeIfAbsent(deployment.nodeId(), nodeId -> {
                var docker = clients.docker(nodeService.connection(nodes.node(nodeId), prompts)).client();
                java.util.Set<String> ids = new java.util.HashSet<>();
                for (Container container : new ReleaseContainers(docker).ofService(key)) {
                    if (container.getLabels() != null && container.getLabels().get(Labels.DEPLOYMENT) != null) {
                        ids.add(container.getLabels().get(Labels.DEPLOYMENT));
                    }
                }
                return ids;
            });
            boolean isLive = live.map(d -> d.id() == deployment.id()).orElse(false);
            boolean newerThanLive = live.map(d -> deployment.id() > d.id()).orElse(false);
            if (!newerThanLive && onNode.contains(Long.toString(deployment.id()))) {
                sources.add(new LogSource(deployment.id(), name + " r" + deployment.id(), isLive));
            }
            if (sources.size() == 2 || sources.size() == 1 && live.isEmpty()) {
                break;
            }
        }
        return sources;
    }

    /**
     * Follows one stream of {@link #logSources}: as {@link #logs(long, int, boolean, java.time.Instant, java.time.Instant,
     * Prompts, Consumer)}, but of that release. Throws {@link DeployException} when its container is gone.
     */
    public ResultCallback.Adapter<Frame> logs(long serviceId, LogSource source, int tail, boolean follow, java.time.Instant since,
                                              java.time.Instant until, Prompts prompts, Consumer<String> lines) {
        if (source.label() == null) {
            return logs(serviceId, tail, follow, since, until, prompts, lines);
        }
        Deployment deployment = history.ofService(serviceId).stream().filter(d -> d.id() == source.deploymentId()).findFirst()
                .orElseThrow(() -> new DeployException("Release #" + source.deploymentId() + " is gone from the history."));
        if (deployment.nodeId() == null) {
            throw new DeployException("Release #" + deployment.id() + " has no node.");
        }
        var docker = clients.docker(nodeService.connection(nodes.node(deployment.nodeId()), prompts)).client();
        Container container = new ReleaseContainers(docker).ofDeployment(inventory.serviceNodeKey(serviceId), deployment.id())
                .orElseThrow(() -> new DeployException("The container of release #" + deployment.id() + " is gone from its node."));
        return containerLogs(docker, container.getId(), secretVariables(deployment), tail, follow, since, until, lines);
    }

    private static ResultCallback.Adapter<Frame> containerLogs(com.github.dockerjava.api.DockerClient docker, String containerId, SecretMask secrets,
                                                               int tail, boolean follow, java.time.Instant since, java.time.Instant until,
                                                               Consumer<String> lines) {
        // With timestamps on, Docker sends each line it recorded as one frame.
        var read = docker.logContainerCmd(containerId).withStdOut(true).withStdErr(true).withTimestamps(true).withFollowStream(follow);
        read = tail < 0 ? read.withTailAll() : read.withTail(tail);
        if (since != null) {
            read = read.withSince((int) since.getEpochSecond());
        }
        if (until != null) {
            read = read.withUntil((int) until.getEpochSecond() + (until.getNano() > 0 ? 1 : 0));
        }
        return read.exec(new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                new String(frame.getPayload(), StandardCharsets.UTF_8).lines().map(secrets::apply).forEach(lines);
            }
        });
    }

    /** A mask for the secret variables a release's container was given, opened from its config snapshot. */
    private SecretMask secretVariables(Deployment deployment) {
        SecretMask secrets = new SecretMask();
        if (deployment.configSnapshot() != null) {
            ConfigSnapshot.fromJson(deployment.configSnapshot()).openSecrets(inventory).forEach(secret -> secrets.add(secret.reveal()));
        }
        return secrets;
    }

    private List<Deployment> releasesNewestLiveFirst(long serviceId) {
        List<Deployment> all = new java.util.ArrayList<>(history.ofService(serviceId));
        all.sort((a, b) -> Boolean.compare(b.state() == DeploymentState.LIVE, a.state() == DeploymentState.LIVE));
        return all;
    }

    /** What reconciling found for one deployment left in progress. */
    public record Reconciled(Deployment deployment, DeploymentState now, String reason) {
    }

    /**
     * Settles deployments left in progress by a Homeport that stopped: LIVE when
     * the node routes to the release's container, else INTERRUPTED (its
     * container, if running and not routed, is stopped).
     */
    public List<Reconciled> reconcile(Prompts prompts) {
        List<Reconciled> results = new java.util.ArrayList<>();
        for (Deployment deployment : history.inProgress()) {
            if (running(deployment.serviceId()).map(r -> r.queued().id() == deployment.id()).orElse(false)) {
                continue;
            }
            results.add(new Reconciler(inventory, nodes, history, nodeService, clients).settle(deployment, prompts));
        }
        return results;
    }
}
