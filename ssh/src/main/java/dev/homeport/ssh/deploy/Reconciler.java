package dev.homeport.ssh.deploy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.ServiceUpdateState;
import dev.homeport.model.Deployment;
import dev.homeport.model.DeploymentState;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.inventory.DeploymentHistory;
import dev.homeport.model.inventory.Inventory;
import dev.homeport.model.inventory.NodeInventory;
import dev.homeport.ssh.nodes.NodeClients;
import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.proxy.CaddyAdmin;
import dev.homeport.ssh.proxy.CaddyRoutes;
import dev.homeport.ssh.proxy.ServiceRoute;
import dev.homeport.ssh.swarm.SwarmClusters;
import dev.homeport.ssh.transport.NodeConnection;
import dev.homeport.ssh.transport.Prompts;
import java.util.Optional;

/** Settles one deployment that a stopped Homeport left in progress, by what its node shows. */
final class Reconciler {
    private final NodeInventory nodes;
    private final DeploymentHistory history;
    private final ServiceNodes serviceNodes;
    private final NodeService nodeService;
    private final NodeClients clients;

    private final Inventory inventory;

    Reconciler(Inventory inventory, NodeInventory nodes, DeploymentHistory history, NodeService nodeService, NodeClients clients) {
        this.inventory = inventory;
        this.nodes = nodes;
        this.history = history;
        this.serviceNodes = new ServiceNodes(inventory, nodes, history);
        this.nodeService = nodeService;
        this.clients = clients;
    }

    DeployService.Reconciled settle(Deployment deployment, Prompts prompts) {
        if (deployment.nodeId() == null) {
            return end(deployment, "Homeport stopped during the deployment, and its node has since been removed.");
        }
        if (serviceNodes.onCluster(deployment.serviceId())) {
            return settleOnCluster(deployment, prompts);
        }
        try {
            WorkerNode node = nodes.node(deployment.nodeId());
            NodeConnection connection = nodeService.connection(node, prompts);
            ReleaseContainers containers = new ReleaseContainers(clients.docker(connection).client(), connection);
            long key = inventory.serviceNodeKey(deployment.serviceId());
            Optional<Container> container = containers.ofDeployment(key, deployment.id());
            Optional<ServiceRoute> route;
            try (CaddyAdmin admin = CaddyAdmin.over(connection)) {
                route = new CaddyRoutes(admin).current(key);
            }
            boolean running = container.map(c -> "running".equals(c.getState())).orElse(false);
            String upstream = container.map(c -> c.getLabels().get(Labels.UPSTREAM)).orElse(null);
            boolean routed = upstream != null && route.map(r -> upstream.equals(r.upstream())).orElse(false);
            if (deployment.state() == DeploymentState.ROUTING && running && routed) {
                history.promote(deployment.id(), DeploymentState.SUPERSEDED, "Found serving on " + node.name() + " when Homeport started again.");
                return new DeployService.Reconciled(deployment, DeploymentState.LIVE, "its container serves the service's domains");
            }
            if (running && !routed) {
                containers.stop(container.get().getId());
            }
            return end(deployment, "Homeport stopped during the deployment (at " + deployment.state()
                    + "); the node shows it never took traffic" + (running ? ", so its container was stopped." : "."));
        } catch (RuntimeException e) {
            return end(deployment, "Homeport stopped during the deployment, and its node could not be checked: " + e.getMessage());
        }
    }

    /**
     * A release on a cluster is LIVE when its Swarm service runs it, every replica, with the update done (a
     * release with domains is also routed by then: the route goes before LIVE only when the replicas ran).
     * Anything else Swarm finishes or rolls back by itself; the deployment is INTERRUPTED.
     */
    private DeployService.Reconciled settleOnCluster(Deployment deployment, Prompts prompts) {
        long environmentId = inventory.service(deployment.serviceId()).environmentId();
        try {
            DockerClient manager = clients.docker(new SwarmClusters(inventory, nodes, nodeService, clients).manager(environmentId, prompts), prompts)
                    .client();
            SwarmServices services = new SwarmServices(manager);
            Optional<Service> service = services.of(inventory.serviceNodeKey(deployment.serviceId()));
            String runs = service.map(s -> s.getSpec().getLabels().get(Labels.DEPLOYMENT)).orElse(null);
            var update = service.map(Service::getUpdateStatus).orElse(null);
            boolean done = update == null || update.getState() == ServiceUpdateState.COMPLETED;
            if (deployment.state() == DeploymentState.ROUTING && Long.toString(deployment.id()).equals(runs) && done) {
                history.promote(deployment.id(), DeploymentState.SUPERSEDED, "Found running on the cluster when Homeport started again.");
                return new DeployService.Reconciled(deployment, DeploymentState.LIVE, "its Swarm service runs it");
            }
            return end(deployment, "Homeport stopped during the deployment (at " + deployment.state() + "); "
                    + (Long.toString(deployment.id()).equals(runs) ? "Swarm goes on rolling it out, or back, by itself." : "the cluster does not run it."));
        } catch (RuntimeException e) {
            return end(deployment, "Homeport stopped during the deployment, and its cluster could not be checked: " + e.getMessage());
        }
    }

    private DeployService.Reconciled end(Deployment deployment, String reason) {
        history.transition(deployment.id(), deployment.state(), DeploymentState.INTERRUPTED, reason);
        return new DeployService.Reconciled(deployment, DeploymentState.INTERRUPTED, reason);
    }
}
