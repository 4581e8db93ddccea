package dev.homeport.ssh.deploy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Task;
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
import java.util.List;
import java.util.Map;

/**
 * The containers a shell into a service can go to: the live release's container on one node; on a
 * cluster, each running replica (the live release's first), named as tunnels name them ({@code web.2@n3}).
 */
final class ServiceShells {
    private final Inventory inventory;
    private final NodeInventory nodes;
    private final DeploymentHistory history;
    private final ServiceNodes serviceNodes;
    private final NodeService nodeService;
    private final NodeClients clients;
    private final SwarmClusters clusters;
    private final ReleasePlanner planner;

    ServiceShells(Inventory inventory, NodeInventory nodes, DeploymentHistory history, NodeService nodeService, NodeClients clients,
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

    List<ContainerShell> targets(long serviceId, Prompts prompts) {
        Service service = inventory.service(serviceId);
        String path = planner.place(serviceId).path();
        Deployment live = history.live(serviceId)
                .orElseThrow(() -> new DeployException(path + " has no live release to open a shell in; deploy it first."));
        if (serviceNodes.onCluster(service)) {
            return onCluster(service, path, live, prompts);
        }
        WorkerNode node = nodes.node(live.nodeId());
        DockerClient docker = clients.docker(nodeService.connection(node, prompts)).client();
        Container container = new ReleaseContainers(docker).ofDeployment(inventory.serviceNodeKey(serviceId), live.id())
                .orElseThrow(() -> new DeployException("The container of deployment #" + live.id() + " of " + path + " is gone from "
                        + node.name() + "."));
        if (!"running".equals(container.getState())) {
            throw new DeployException(path + " is not running on " + node.name() + " (its container is " + container.getState()
                    + "); start it first.");
        }
        return List.of(new ContainerShell(node, container.getId(), service.name() + "@" + node.name()));
    }

    private List<ContainerShell> onCluster(Service service, String path, Deployment live, Prompts prompts) {
        DockerClient manager = clients.docker(clusters.manager(service.environmentId(), prompts), prompts).client();
        SwarmServices swarm = new SwarmServices(manager);
        var swarmService = swarm.of(inventory.serviceNodeKey(service.id())).orElseThrow(() -> new DeployException(
                "The Swarm service of " + path + " is gone from the cluster. Deploy again to make it."));
        Map<String, String> nodeNames = swarm.nodeNames();
        List<Task> running = ServiceTunnels.runningReplicas(swarm, swarmService.getId(), live.id());
        if (running.isEmpty()) {
            throw new DeployException(path + " has no running replica on the cluster; start or scale it first.");
        }
        return running.stream().map(task -> {
            String nodeName = nodeNames.get(task.getNodeId());
            return new ContainerShell(nodes.node(nodeName), task.getStatus().getContainerStatus().getContainerID(),
                    service.name() + "." + task.getSlot() + "@" + nodeName);
        }).toList();
    }
}
