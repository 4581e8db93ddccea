package dev.homeport.ssh.swarm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.EndpointResolutionMode;
import com.github.dockerjava.api.model.EndpointSpec;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.NetworkAttachmentConfig;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.ServiceGlobalModeOptions;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServiceRestartCondition;
import com.github.dockerjava.api.model.ServiceRestartPolicy;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.SwarmNode;
import com.github.dockerjava.api.model.SwarmNodeAvailability;
import com.github.dockerjava.api.model.SwarmNodeState;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskSpec;
import com.github.dockerjava.api.model.TaskState;
import com.github.dockerjava.core.DockerClientConfig;
import dev.homeport.model.Sha256;
import dev.homeport.ssh.docker.DockerUnavailableException;
import dev.homeport.ssh.docker.HomeportNetwork;
import dev.homeport.ssh.docker.NodeDocker;
import dev.homeport.ssh.proxy.CaddyAdmin;
import dev.homeport.ssh.proxy.CaddyRoutes;
import dev.homeport.ssh.proxy.ClusterCertificates;
import dev.homeport.ssh.proxy.ServiceRoute;
import dev.homeport.ssh.proxy.SharedAuthority;
import dev.homeport.ssh.transport.NodeConnection;
import dev.homeport.ssh.transport.NodeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster's domains on every node. Each node's Caddy (ports 80 and 443, the certificates) proxies a service's
 * domains to the <b>edge</b> on the same node: a Caddy run as the global Swarm service {@value #SERVICE} on the
 * cluster's overlay network, listening on a Unix socket in {@value #FOLDERS}{@code /<host name>/}. The node's
 * Caddy names the Swarm service and its port in request headers; the edge finds that service's replicas by DNS,
 * every second (see {@link EdgeConfig}). So any node answers any domain, and Swarm replacing a dead node's
 * replicas needs nothing of Homeport: the edge follows the replicas by itself, and Swarm restarts the edge.
 *
 * <p>Every call blocks on the network; call it off the JavaFX thread. A wait can be cancelled by interrupting.
 */
public final class ClusterEdge {
    /** The edge's Swarm service. */
    public static final String SERVICE = "homeport-edge";
    /** The parent of every node's socket folder (on each node's own disk). */
    public static final String FOLDERS = "/var/lib/homeport-edge";
    /** The parent of every node's folder for the cluster's certificate authority (see {@link ClusterAuthority}). */
    public static final String AUTHORITIES = "/var/lib/homeport-ca";
    private static final Duration START = Duration.ofSeconds(90);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Logger log = LoggerFactory.getLogger(ClusterEdge.class);

    private ClusterEdge() {
    }

    /**
     * Makes the edge run on every node: the overlay network (through {@code manager}), the edge's image, socket
     * folder and the cluster's certificate authority on each of {@code nodes}, and the global service, made or
     * brought up to date. Returns once
     * the edge runs its current spec on every ready, active member, with the nodes that could not be reached
     * (their edge starts when they are back, if they had it before; run this again then). Running it again
     * changes nothing.
     */
    public static List<SkippedNode> ensure(DockerClient manager, List<NodeConnection> nodes) throws InterruptedException {
        HomeportNetwork.ensureCluster(manager);
        EdgeImage image = EdgeImage.standard();
        List<SkippedNode> skipped = new ArrayList<>();
        List<NodeConnection> reached = new ArrayList<>();
        for (NodeConnection node : nodes) {
            if (onNode(node, skipped, edge -> {
                edge.loadIfMissing(image);
                edge.makeFolder(image);
            })) {
                reached.add(node);
            }
        }
        ClusterAuthority.share(reached, image);
        boolean changed = upsert(manager, image);
        awaitRunning(manager, image);
        if (changed) {
            for (NodeConnection node : reached) {
                onNode(node, new ArrayList<>(), edge -> edge.removeImagesBut(image.id()));
            }
        }
        return skipped;
    }

    /**
     * Routes the service's domains on every node's Caddy to that node's edge (replacing its previous route), its
     * internal names signed by the cluster's certificate authority ({@link #ensure} gives it to the nodes first),
     * and the ACME challenges for its public names passed on to the other nodes ({@link ClusterCertificates});
     * {@code nodes} are all the cluster's, so each knows the others. The same checks as a container's route apply ({@link CaddyRoutes#holderOf} finds these routes too).
     * Needs only the node's SSH connection and Caddy, not its Docker. Returns the nodes not reached.
     */
    public static List<SkippedNode> route(List<NodeConnection> nodes, EdgeRoute route) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(EdgeConfig.SERVICE_HEADER, route.swarmService());
        headers.put(EdgeConfig.PORT_HEADER, Integer.toString(route.port()));
        List<SkippedNode> skipped = new ArrayList<>();
        Map<NodeConnection, ServiceRoute> routes = new LinkedHashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            NodeConnection node = nodes.get(i);
            try {
                String socket = EdgeNode.socket(EdgeNode.hostOf(node));
                try (CaddyAdmin admin = CaddyAdmin.over(node)) {
                    CaddyRoutes caddy = new CaddyRoutes(admin);
                    String authority = caddy.sharedAuthority().map(SharedAuthority::id).orElse(null);
                    ServiceRoute nodeRoute = new ServiceRoute(route.serviceKey(), route.label(), route.domains(), ServiceRoute.UNIX + socket,
                            route.acmeEmail(), headers, new ClusterCertificates(authority, relays(nodes, i)), route.acmeDirectory());
                    caddy.relay(nodeRoute);
                    routes.put(node, nodeRoute);
                }
            } catch (NodeException unreached) {
                skip(skipped, node, unreached);
            }
        }
        // Only now, with every node relaying, may any of them order a certificate.
        routes.forEach((node, nodeRoute) -> {
            try (CaddyAdmin admin = CaddyAdmin.over(node)) {
                new CaddyRoutes(admin).route(nodeRoute);
            } catch (NodeException unreached) {
                skip(skipped, node, unreached);
            }
        });
        return skipped;
    }

    /** Port 80 of every node but the {@code index}th, starting with the one after it, so each node asks another first. */
    static List<String> relays(List<NodeConnection> nodes, int index) {
        List<String> relays = new ArrayList<>();
        for (int step = 1; step < nodes.size(); step++) {
            String host = nodes.get((index + step) % nodes.size()).target().host();
            relays.add((host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":80");
        }
        return relays;
    }

    /** Takes the service's route out of every node's Caddy; nothing happens on a node that has none. Returns the nodes not reached. */
    public static List<SkippedNode> remove(List<NodeConnection> nodes, long serviceKey) {
        List<SkippedNode> skipped = new ArrayList<>();
        for (NodeConnection node : nodes) {
            try (CaddyAdmin admin = CaddyAdmin.over(node)) {
                new CaddyRoutes(admin).remove(serviceKey);
            } catch (NodeException unreached) {
                skip(skipped, node, unreached);
            }
        }
        return skipped;
    }

    /**
     * Takes the edge away: its service (through {@code manager}), then on each of {@code nodes} its socket folder,
     * its images and the cluster's certificate authority (kept while a route of the node's Caddy still uses it). Routes to it are the caller's to {@link #remove} first. The overlay network stays.
     * Returns the nodes not reached, which keep their folder and image.
     */
    public static List<SkippedNode> removeEdge(DockerClient manager, List<NodeConnection> nodes) throws InterruptedException {
        find(manager).ifPresent(service -> manager.removeServiceCmd(service.getId()).exec());
        EdgeImage image = EdgeImage.standard();
        List<SkippedNode> skipped = new ArrayList<>();
        for (NodeConnection node : nodes) {
            onNode(node, skipped, edge -> {
                edge.awaitNoEdgeContainer();
                edge.loadIfMissing(image);
                edge.removeFolder(image);
                ClusterAuthority.unshare(node, edge, image);
                edge.removeImagesBut(null);
            });
        }
        return skipped;
    }

    /** Makes the service, or updates it when its spec is not this image's; true when it changed anything. */
    private static boolean upsert(DockerClient manager, EdgeImage image) {
        ServiceSpec spec = spec(image);
        Optional<Service> current = find(manager);
        if (current.isEmpty()) {
            try {
                manager.createServiceCmd(spec).exec();
                log.info("Made the cluster's edge service {} ({})", SERVICE, image.id());
                return true;
            } catch (ConflictException madeMeanwhile) {
                // another Homeport made it between the look and the create: compare with that one
                current = find(manager);
                if (current.isEmpty()) {
                    throw madeMeanwhile;
                }
            }
        }
        Service service = current.get();
        if (spec.getLabels().equals(service.getSpec().getLabels())) {
            return false;
        }
        manager.updateServiceCmd(service.getId(), spec).withVersion(service.getVersion().getIndex()).exec();
        log.info("Updated the cluster's edge service {} to {}", SERVICE, image.id());
        return true;
    }

    /**
     * The service's spec, labelled with a digest of itself: a spec that differs in anything is replaced (so is
     * the edge, once, when a newer docker-java writes the same spec differently).
     */
    static ServiceSpec spec(EdgeImage image) {
        ServiceSpec spec = unlabelledSpec(image);
        try {
            byte[] json = DockerClientConfig.getDefaultObjectMapper().writeValueAsBytes(spec);
            return spec.withLabels(Map.of(EdgeImage.LABEL, "sha256:" + Sha256.hex(json)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ServiceSpec unlabelledSpec(EdgeImage image) {
        ContainerSpec container = new ContainerSpec().withImage(image.id())
                .withLabels(Map.of(EdgeImage.LABEL, "true"))
                .withMounts(List.of(
                        new Mount().withType(MountType.BIND).withSource("/usr").withTarget("/usr").withReadOnly(true),
                        // Swarm expands the template on each node (its agent does, for mounts, env and host name).
                        new Mount().withType(MountType.BIND).withSource(FOLDERS + "/{{.Node.Hostname}}").withTarget(EdgeImage.SOCKET_FOLDER)))
                .withStopGracePeriod(Duration.ofSeconds(5).toNanos());
        return new ServiceSpec().withName(SERVICE)
                .withMode(new ServiceModeConfig().withGlobal(new ServiceGlobalModeOptions()))
                .withTaskTemplate(new TaskSpec().withContainerSpec(container)
                        .withRestartPolicy(new ServiceRestartPolicy().withCondition(ServiceRestartCondition.ANY)
                                .withDelay(Duration.ofSeconds(1).toNanos()))
                        .withNetworks(List.of(new NetworkAttachmentConfig().withTarget(HomeportNetwork.CLUSTER_NAME))))
                // No virtual IP: it needs IPVS, and nothing dials the edge over the network anyway.
                .withEndpointSpec(new EndpointSpec().withMode(EndpointResolutionMode.DNSRR));
    }

    private static Optional<Service> find(DockerClient manager) {
        return manager.listServicesCmd().withNameFilter(List.of(SERVICE)).exec().stream()
                .filter(service -> SERVICE.equals(service.getSpec().getName())).findFirst();
    }

    /** Waits until every ready, active member runs a task of this image; names the members that do not, and why. */
    private static void awaitRunning(DockerClient manager, EdgeImage image) throws InterruptedException {
        long deadline = System.nanoTime() + START.toNanos();
        while (true) {
            Set<String> members = manager.listSwarmNodesCmd().exec().stream()
                    .filter(node -> node.getStatus() != null && node.getStatus().getState() == SwarmNodeState.READY)
                    .filter(node -> node.getSpec() != null && node.getSpec().getAvailability() == SwarmNodeAvailability.ACTIVE)
                    .map(SwarmNode::getId).collect(Collectors.toSet());
            List<Task> tasks = manager.listTasksCmd().withServiceFilter(SERVICE).exec();
            Set<String> running = tasks.stream()
                    .filter(task -> task.getStatus() != null && task.getStatus().getState() == TaskState.RUNNING)
                    .filter(task -> image.id().equals(task.getSpec().getContainerSpec().getImage()))
                    .map(Task::getNodeId).collect(Collectors.toSet());
            if (running.containsAll(members)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                String why = tasks.stream().filter(task -> task.getStatus() != null && task.getStatus().getErr() != null)
                        .map(task -> task.getStatus().getErr()).findFirst().map(err -> ": " + err).orElse("");
                throw new ClusterException("The cluster's edge did not start on every node within " + START.toSeconds() + " s"
                        + why + ".");
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private interface EdgeWork {
        void on(EdgeNode edge) throws InterruptedException;
    }

    /** Runs the work on the node's Docker; false, with the node added to {@code skipped}, when it cannot be reached. */
    private static boolean onNode(NodeConnection node, List<SkippedNode> skipped, EdgeWork work) throws InterruptedException {
        try (NodeDocker docker = new NodeDocker(node)) {
            work.on(new EdgeNode(docker.client(), docker.nodeName()));
            return true;
        } catch (NodeException | DockerUnavailableException unreached) {
            skip(skipped, node, unreached);
            return false;
        }
    }

    private static void skip(List<SkippedNode> skipped, NodeConnection node, RuntimeException why) {
        log.warn("The cluster's edge skips {}: {}", node.target().name(), why.getMessage());
        skipped.add(new SkippedNode(node.target().name(), why.getMessage()));
    }
}
