package dev.homeport.ssh.deploy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskState;
import dev.homeport.model.Deployment;
import dev.homeport.model.HealthGate;
import dev.homeport.model.Service;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.inventory.DeploymentHistory;
import dev.homeport.model.inventory.Inventory;
import dev.homeport.model.inventory.NodeInventory;
import dev.homeport.ssh.docker.HomeportNetwork;
import dev.homeport.ssh.nodes.NodeClients;
import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.swarm.SwarmClusters;
import dev.homeport.ssh.transport.Prompts;
import dev.homeport.ssh.tunnel.TunnelTarget;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Where a tunnel to a service's container port leads. On one node: the live release's container, at its
 * address on the {@code homeport} network, which the node reaches. On a cluster: a running replica of the
 * live release, at its address on {@code docker_gwbridge} (every Swarm task container has one, reachable
 * from its own node, while the overlay network is not), through that replica's node.
 */
final class ServiceTunnels {
    static final String GATEWAY_BRIDGE = "docker_gwbridge";

    private final Inventory inventory;
    private final NodeInventory nodes;
    private final DeploymentHistory history;
    private final ServiceNodes serviceNodes;
    private final NodeService nodeService;
    private final NodeClients clients;
    private final SwarmClusters clusters;
    private final ReleasePlanner planner;

    ServiceTunnels(Inventory inventory, NodeInventory nodes, DeploymentHistory history, NodeService nodeService, NodeClients clients,
                   SwarmClusters clusters, ReleasePlanner planner) {
        this.inventory = inventory;
        this.nodes = nodes;
        this.history = history;
        this.serviceNodes = new ServiceNodes(inventory, nodes, history);
        this.nodeService = nodeService;
        this.clients = clients;
        this.clusters = clusters;
        this.planner = planner;
    }

    TunnelTarget target(long serviceId, Integer port, Prompts prompts) {
        Service service = inventory.service(serviceId);
        String path = planner.place(serviceId).path();
        int chosen = chosenPort(service, port, path);
        boolean http = chosen == (service.port() == null ? -1 : service.port())
                && (service.healthGate() == HealthGate.HTTP || !inventory.domains(serviceId).isEmpty());
        Deployment live = history.live(serviceId)
                .orElseThrow(() -> new DeployException(path + " has no live release to open a tunnel to; deploy it first."));
        if (serviceNodes.onCluster(service)) {
            return onCluster(service, live, chosen, http, prompts);
        }
        WorkerNode node = nodes.node(live.nodeId());
        DockerClient docker = clients.docker(nodeService.connection(node, prompts)).client();
        Container container = new ReleaseContainers(docker).ofDeployment(inventory.serviceNodeKey(serviceId), live.id())
                .orElseThrow(() -> new DeployException("The container of deployment #" + live.id() + " of " + path + " is gone from "
                        + node.name() + "."));
        InspectContainerResponse inspected = docker.inspectContainerCmd(container.getId()).exec();
        if (!Boolean.TRUE.equals(inspected.getState().getRunning())) {
            throw new DeployException(path + " is not running on " + node.name() + " (its container is " + inspected.getState().getStatus()
                    + "); start it first.");
        }
        ContainerNetwork network = inspected.getNetworkSettings().getNetworks().get(HomeportNetwork.NAME);
        if (network == null || network.getIpAddress() == null || network.getIpAddress().isBlank()) {
            throw new DeployException("The container of " + path + " has no address on the " + HomeportNetwork.NAME + " network.");
        }
        return new TunnelTarget(node, network.getIpAddress(), chosen, path + ":" + chosen + " on " + node.name(), http);
    }

    private static int chosenPort(Service service, Integer port, String path) {
        if (port != null) {
            return port;
        }
        if (service.port() == null) {
            throw new DeployException(path + " has no port of its own; name the container port: " + path + ":PORT.");
        }
        return service.port();
    }

    private TunnelTarget onCluster(Service service, Deployment live, int port, boolean http, Prompts prompts) {
        DockerClient manager = clients.docker(clusters.manager(service.environmentId(), prompts), prompts).client();
        SwarmServices swarm = new SwarmServices(manager);
        String path = planner.place(service.id()).path();
        var swarmService = swarm.of(inventory.serviceNodeKey(service.id())).orElseThrow(() -> new DeployException(
                "The Swarm service of " + path + " is gone from the cluster. Deploy again to make it."));
        Map<String, String> nodeNames = swarm.nodeNames();
        List<Task> running = runningReplicas(swarm, swarmService.getId(), live.id());
        if (running.isEmpty()) {
            throw new DeployException(path + " has no running replica on the cluster; start or scale it first.");
        }
        DeployException last = null;
        for (Task task : running) {
            String nodeName = nodeNames.get(task.getNodeId());
            String replica = service.name() + "." + task.getSlot() + "@" + nodeName;
            try {
                WorkerNode node = nodes.node(nodeName);
                DockerClient docker = clients.docker(nodeService.connection(node, prompts)).client();
                String address = gatewayAddress(docker, task.getStatus().getContainerStatus().getContainerID());
                if (address != null) {
                    return new TunnelTarget(node, address, port, replica + ":" + port, http);
                }
                last = new DeployException("Replica " + replica + " has no address on " + GATEWAY_BRIDGE + ".");
            } catch (RuntimeException e) {
                last = new DeployException("Replica " + replica + " cannot be reached: " + e.getMessage(), e);
            }
        }
        throw last;
    }

    /** The running replicas of a Swarm service that have a container, the live release's first, by slot. */
    static List<Task> runningReplicas(SwarmServices swarm, String swarmServiceId, long liveId) {
        return swarm.tasks(swarmServiceId).stream()
                .filter(task -> task.getStatus() != null && task.getStatus().getState() == TaskState.RUNNING)
                .filter(task -> task.getStatus().getContainerStatus() != null && task.getStatus().getContainerStatus().getContainerID() != null)
                .sorted(Comparator.comparing((Task task) -> SwarmServices.deploymentOf(task) != liveId)
                        .thenComparing(task -> task.getSlot() == null ? Integer.MAX_VALUE : task.getSlot()))
                .toList();
    }

    /** A Swarm task container's address on its node's {@code docker_gwbridge}, or null. */
    static String gatewayAddress(DockerClient docker, String containerId) {
        Network bridge;
        try {
            bridge = docker.inspectNetworkCmd().withNetworkId(GATEWAY_BRIDGE).exec();
        } catch (NotFoundException e) {
            return null;
        }
        Network.ContainerNetworkConfig config = bridge.getContainers() == null ? null : bridge.getContainers().get(containerId);
        if (config == null || config.getIpv4Address() == null || config.getIpv4Address().isBlank()) {
            return null;
        }
        String cidr = config.getIpv4Address();
        int slash = cidr.indexOf('/');
        return slash < 0 ? cidr : cidr.substring(0, slash);
    }
}
