package dev.homeport.ssh.deploy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskState;
import dev.homeport.model.Deployment;
import dev.homeport.model.Service;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.inventory.DeploymentHistory;
import dev.homeport.model.inventory.Inventory;
import dev.homeport.model.inventory.NodeInventory;
import dev.homeport.ssh.nodes.NodeClients;
import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.swarm.SwarmClusters;
import dev.homeport.ssh.transport.Prompts;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The containers of a service's live release, with their restarts and exit codes: what its Metrics
 * tab charts (it follows the live release, so a redeploy moves it to the new containers) and shows
 * beside the charts. Reads Docker on the node (or, on a cluster, the Swarm tasks on a manager); blocking.
 */
final class ServiceContainers {
    /** Docker's "never" time. */
    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private final Inventory inventory;
    private final NodeInventory nodes;
    private final DeploymentHistory history;
    private final ServiceNodes serviceNodes;
    private final NodeService nodeService;
    private final NodeClients clients;
    private final SwarmClusters clusters;

    ServiceContainers(Inventory inventory, NodeInventory nodes, DeploymentHistory history, NodeService nodeService, NodeClients clients,
                      SwarmClusters clusters) {
        this.inventory = inventory;
        this.nodes = nodes;
        this.history = history;
        this.serviceNodes = new ServiceNodes(inventory, nodes, history);
        this.nodeService = nodeService;
        this.clients = clients;
        this.clusters = clusters;
    }

    /** The live release's containers; empty when the service has no live release or its container is gone. */
    List<ReplicaState> of(long serviceId, Prompts prompts) {
        Service service = inventory.service(serviceId);
        Optional<Deployment> live = history.live(serviceId);
        if (live.isEmpty()) {
            return List.of();
        }
        if (serviceNodes.onCluster(service)) {
            return onCluster(service, live.get(), prompts);
        }
        if (live.get().nodeId() == null) {
            return List.of();
        }
        WorkerNode node = nodes.node(live.get().nodeId());
        DockerClient docker = clients.docker(nodeService.connection(node, prompts)).client();
        Optional<Container> container = new ReleaseContainers(docker).ofDeployment(inventory.serviceNodeKey(serviceId), live.get().id());
        if (container.isEmpty()) {
            return List.of();
        }
        InspectContainerResponse inspected = docker.inspectContainerCmd(container.get().getId()).exec();
        var state = inspected.getState();
        Long exit = state.getExitCodeLong();
        Instant finished = time(state.getFinishedAt());
        String name = inspected.getName() == null ? null : inspected.getName().replaceFirst("^/", "");
        return List.of(new ReplicaState(service.name(), node.name(), inspected.getId(), name, live.get().id(),
                Boolean.TRUE.equals(state.getRunning()), state.getStatus(),
                inspected.getRestartCount() == null ? 0 : inspected.getRestartCount(),
                finished == null || exit == null ? null : exit.intValue(), Boolean.TRUE.equals(state.getOOMKilled()),
                time(state.getStartedAt()), finished));
    }

    private List<ReplicaState> onCluster(Service service, Deployment live, Prompts prompts) {
        DockerClient manager = clients.docker(clusters.manager(service.environmentId(), prompts), prompts).client();
        SwarmServices swarm = new SwarmServices(manager);
        var swarmService = swarm.of(inventory.serviceNodeKey(service.id()));
        if (swarmService.isEmpty()) {
            return List.of();
        }
        String specName = swarmService.get().getSpec().getName();
        Map<String, String> nodeNames = swarm.nodeNames();
        Map<Integer, List<Task>> slots = new TreeMap<>();
        for (Task task : swarm.tasks(swarmService.get().getId())) {
            if (task.getSlot() != null && SwarmServices.deploymentOf(task) == live.id()) {
                slots.computeIfAbsent(task.getSlot(), s -> new ArrayList<>()).add(task);
            }
        }
        List<ReplicaState> replicas = new ArrayList<>();
        for (var slot : slots.entrySet()) {
            List<Task> tasks = slot.getValue().stream().sorted(Comparator.comparing(ServiceContainers::created)).toList();
            Task current = tasks.getLast();
            Optional<Task> ended = tasks.reversed().stream().filter(t -> t.getStatus() != null && t.getStatus().getContainerStatus() != null
                    && t.getStatus().getContainerStatus().getExitCodeLong() != null && isEnded(t.getStatus().getState())).findFirst();
            String node = nodeNames.get(current.getNodeId());
            var status = current.getStatus();
            boolean running = status != null && status.getState() == TaskState.RUNNING;
            String containerId = status == null || status.getContainerStatus() == null ? null : status.getContainerStatus().getContainerID();
            replicas.add(new ReplicaState(service.name() + "." + slot.getKey() + (node == null ? "" : "@" + node), node, containerId,
                    containerId == null ? null : specName + "." + slot.getKey() + "." + current.getId(), live.id(), running,
                    status == null || status.getState() == null ? null : status.getState().getValue(), tasks.size() - 1,
                    ended.map(t -> t.getStatus().getContainerStatus().getExitCodeLong().intValue()).orElse(null), false,
                    running ? time(status.getTimestamp()) : null, ended.map(t -> time(t.getStatus().getTimestamp())).orElse(null)));
        }
        return replicas;
    }

    private static boolean isEnded(TaskState state) {
        return state == TaskState.FAILED || state == TaskState.COMPLETE || state == TaskState.SHUTDOWN || state == TaskState.REJECTED;
    }

    private static String created(Task task) {
        return task.getCreatedAt() == null ? "" : task.getCreatedAt();
    }

    static Instant time(String docker) {
        if (docker == null || docker.isBlank() || docker.startsWith(ZERO_TIME.substring(0, 10))) {
            return null;
        }
        try {
            return Instant.parse(docker);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
