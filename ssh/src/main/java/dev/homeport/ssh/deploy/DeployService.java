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
import dev.homeport.ssh.transport.NodeConnection;
import dev.homeport.ssh.transport.Prompts;
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
    }

    /**
     * Starts a new release of the service from its source, on {@code nodeName}, or
     * else where it runs now, or else on its environment's only node. Connecting
     * happens here (blocking); the rest runs in the background.
     */
    public DeployRun deploy(long serviceId, String nodeName, Prompts prompts, DeployListener listener) {
        ReleasePlanner.Place place = planner.place(serviceId);
        WorkerNode node = nodeFor(place.service(), nodeName);
        ConfigSnapshot snapshot = planner.snapshot(place);
        String image = place.service().source() instanceof ServiceSource.Image pulled ? pulled.image() : null;
        return start(place, node, snapshot, image, new ReleaseSource.Fresh(place.service().source()), false, prompts, listener);
    }

    /**
     * Runs an earlier release again, its image and its config snapshot, through the
     * same health check. {@code toDeploymentId} null means the release before the
     * live one. Routing uses the service's domains as they are now.
     */
    public DeployRun rollback(long serviceId, Long toDeploymentId, Prompts prompts, DeployListener listener) {
        ReleasePlanner.Place place = planner.place(serviceId);
        refuseClusters(place.service());
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
        WorkerNode node = nodes.node(target.nodeId());
        ConfigSnapshot old = ConfigSnapshot.fromJson(target.configSnapshot());
        ConfigSnapshot snapshot = new ConfigSnapshot(old.source(), old.port(), old.healthGate(), old.healthPath(), old.healthTimeoutSeconds(),
                old.restart(), old.cpus(), old.memoryMb(), old.volumes(), old.variables(), planner.snapshot(place).domains(), place.organisation().acmeEmail(),
                old.drainSeconds(), old.keepReleases());
        return start(place, node, snapshot, target.image(), new ReleaseSource.Earlier(target.id(), target.image(), target.imageDigest()),
                true, prompts, listener);
    }

    private Deployment previousRelease(long serviceId) {
        return history.ofService(serviceId).stream()
                .filter(d -> d.state() == DeploymentState.SUPERSEDED || d.state() == DeploymentState.ROLLED_BACK)
                .filter(d -> d.imageDigest() != null)
                .findFirst()
                .orElseThrow(() -> new DeployException("There is no earlier release to roll back to."));
    }

    private DeployRun start(ReleasePlanner.Place place, WorkerNode node, ConfigSnapshot snapshot, String image, ReleaseSource source,
                            boolean rollback, Prompts prompts, DeployListener listener) {
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
            DeployRun run = new DeployRun(queued, new Pipeline(queued, place, snapshot, source, previous, rollback, services,
                    connection, docker.client(), listener), this::applyRetention);
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

    /** Runs as each deployment ends, before its end is reported; a failure here never fails the deployment. */
    private void applyRetention() {
        try {
            retention.prune();
        } catch (RuntimeException e) {
            log.warn("Applying the retention policy after a deployment failed: {}", e.getMessage());
        }
    }

    /** The deployment of this service running now, if any. */
    public Optional<DeployRun> running(long serviceId) {
        synchronized (running) {
            return Optional.ofNullable(running.get(serviceId));
        }
    }

    /**
     * Releases run as containers on one node. An environment whose nodes form a cluster is
     * refused with that said plainly, rather than given a container on one of its nodes that
     * would look like a cluster deploy: replicas on Swarm are not built yet (docs/status.md).
     */
    private void refuseClusters(Service service) {
        nodes.cluster(service.environmentId()).ifPresent(cluster -> {
            throw new DeployException(planner.place(service.id()).path() + " is in an environment whose nodes form a " + cluster.engine().label()
                    + " cluster, and deploying replicas to a cluster is not built yet. Nothing was started. To deploy as a"
                    + " container on one node meanwhile, detach the environment's nodes down to one, or use an environment"
                    + " whose nodes were attached with --no-cluster.");
        });
    }

    /**
     * The node a deployment goes to: the one asked for, else the node the service
     * runs on now, else its environment's only node.
     */
    public WorkerNode nodeFor(Service service, String nodeName) {
        refuseClusters(service);
        if (nodeName != null) {
            return nodes.node(nodeName);
        }
        Optional<Deployment> live = history.live(service.id());
        if (live.isPresent() && live.get().nodeId() != null) {
            return nodes.node(live.get().nodeId());
        }
        List<WorkerNode> attached = nodes.attachedTo(service.environmentId());
        if (attached.size() == 1) {
            return attached.getFirst();
        }
        String environment = inventory.environment(service.environmentId()).name();
        if (attached.isEmpty()) {
            throw new DeployException("The environment " + environment + " has no Worker Node. Attach one first (homeport env attach ENV NODE), or name one.");
        }
        throw new DeployException("The environment " + environment + " has " + attached.size() + " nodes ("
                + String.join(", ", attached.stream().map(WorkerNode::name).toList()) + "); name the one to deploy to.");
    }

    /** Stops the live release's container; its route stays, so requests fail until it starts again. */
    public void stop(long serviceId, Prompts prompts) {
        liveContainer(serviceId, prompts, (containers, id) -> containers.stop(id));
    }

    public void start(long serviceId, Prompts prompts) {
        liveContainer(serviceId, prompts, ReleaseContainers::startExisting);
    }

    public void restart(long serviceId, Prompts prompts) {
        liveContainer(serviceId, prompts, ReleaseContainers::restart);
    }

    private void liveContainer(long serviceId, Prompts prompts, java.util.function.BiConsumer<ReleaseContainers, String> action) {
        Deployment live = history.live(serviceId)
                .orElseThrow(() -> new DeployException(planner.place(serviceId).path() + " has no live release."));
        ReleaseContainers containers = new ReleaseContainers(clients.docker(nodeService.connection(nodes.node(live.nodeId()), prompts)).client());
        Container container = containers.ofDeployment(inventory.serviceNodeKey(serviceId), live.id())
                .orElseThrow(() -> new DeployException("The container of deployment #" + live.id() + " is gone from its node."));
        action.accept(containers, container.getId());
    }

    /**
     * Follows the container logs of the service's live release (or its newest
     * release with a container), timestamped, with that release's secret
     * variables masked as in its deployment log. Close the result to stop.
     */
    public ResultCallback.Adapter<Frame> logs(long serviceId, int tail, boolean follow, Prompts prompts, Consumer<String> lines) {
        for (Deployment deployment : releasesNewestLiveFirst(serviceId)) {
            if (deployment.nodeId() == null) {
                continue;
            }
            var docker = clients.docker(nodeService.connection(nodes.node(deployment.nodeId()), prompts)).client();
            Optional<Container> container = new ReleaseContainers(docker).ofDeployment(inventory.serviceNodeKey(serviceId), deployment.id());
            if (container.isPresent()) {
                SecretMask secrets = secretVariables(deployment);
                // With timestamps on, Docker sends each line it recorded as one frame.
                return docker.logContainerCmd(container.get().getId()).withStdOut(true).withStdErr(true).withTimestamps(true)
                        .withTail(tail).withFollowStream(follow)
                        .exec(new ResultCallback.Adapter<>() {
                            @Override
                            public void onNext(Frame frame) {
                                new String(frame.getPayload(), StandardCharsets.UTF_8).lines().map(secrets::apply).forEach(lines);
                            }
                        });
            }
        }
        throw new DeployException(planner.place(serviceId).path() + " has no container on any node yet; deploy it first.");
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
