package dev.homeport.ssh.deploy;

import dev.homeport.model.Deployment;
import dev.homeport.model.Service;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.inventory.DeploymentHistory;
import dev.homeport.model.inventory.Inventory;
import dev.homeport.model.inventory.NodeInventory;
import java.util.List;
import java.util.Optional;

/**
 * Which node a service runs on, decided in one place, from the store alone (no node is asked):
 * <ul>
 *   <li>{@link #onCluster}: whether its environment's nodes form a cluster;</li>
 *   <li>{@link #deployNode}: the node a deploy to an environment that is no cluster goes to;</li>
 *   <li>{@link #dataNode}: the one node its containers and their data live on, for what needs one node: its
 *   backups, their restores and checks, a database's scratch copy.</li>
 * </ul>
 * On a cluster a pinned service runs all its replicas on its pinned node (the pin is their Swarm placement
 * constraint, {@link SwarmServiceSpec}), database or not; a database is pinned at its first deploy. An
 * unpinned service has no such node there: Swarm spreads its replicas, and each node keeps its own copy of a
 * named volume.
 */
public final class ServiceNodes {
    private final Inventory inventory;
    private final NodeInventory nodes;
    private final DeploymentHistory history;

    public ServiceNodes(Inventory inventory, NodeInventory nodes, DeploymentHistory history) {
        this.inventory = inventory;
        this.nodes = nodes;
        this.history = history;
    }

    /** True when the service's environment's nodes form a cluster. */
    public boolean onCluster(long serviceId) {
        return onCluster(inventory.service(serviceId));
    }

    /** True when the service's environment's nodes form a cluster. */
    public boolean onCluster(Service service) {
        return nodes.cluster(service.environmentId()).isPresent();
    }

    /**
     * The one node the service's containers and their data live on: in an environment that is no cluster, the node
     * of its live release, else the environment's only node; on a cluster, the node it is pinned to. Refused, with
     * what to do, for a service on a cluster that is not pinned (or pinned to a node outside it), and where
     * {@link #deployNode} refuses.
     */
    public WorkerNode dataNode(long serviceId) {
        Service service = inventory.service(serviceId);
        if (!onCluster(service)) {
            return deployNode(service, null);
        }
        String pinned = service.options().pinnedNode();
        if (pinned == null && inventory.databases().find(serviceId).isPresent()) {
            // On a cluster a database's node (with its data volume, where its backups are made) is chosen at its first deploy.
            throw new DeployException("'" + service.name() + "' runs on a cluster and has no node yet: its first deploy pins it to"
                    + " one, where its backups are then made. Deploy it first (or pin it: homeport service set SERVICE --pin NODE).");
        }
        if (pinned == null) {
            throw new DeployException("'" + service.name() + "' runs on a cluster, where each node keeps its own copy of a named"
                    + " volume: pin it to one node (homeport service set SERVICE --pin NODE) and deploy it, and its volumes are backed"
                    + " up there.");
        }
        return nodes.attachedTo(service.environmentId()).stream().filter(node -> node.name().equals(pinned)).findFirst()
                .orElseThrow(() -> new DeployException("'" + service.name() + "' is pinned to " + pinned + ", which is not a node of"
                        + " its environment's cluster: attach it, or pin the service to one that is."));
    }

    /**
     * The node a deploy to an environment that is no cluster goes to: {@code nodeName} when given, else the node of
     * the service's live release, else the environment's only node. Refused when the environment has no node, or
     * several and none is named.
     */
    public WorkerNode deployNode(Service service, String nodeName) {
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
}
