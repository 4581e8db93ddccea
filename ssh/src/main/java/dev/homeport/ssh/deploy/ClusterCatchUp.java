package dev.homeport.ssh.deploy;

import dev.homeport.model.Deployment;
import dev.homeport.model.Domain;
import dev.homeport.model.Service;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.inventory.DeploymentHistory;
import dev.homeport.model.inventory.Inventory;
import dev.homeport.model.inventory.NodeInventory;
import dev.homeport.ssh.docker.ImageTransfer;
import dev.homeport.ssh.docker.NodeDocker;
import dev.homeport.ssh.nodes.NodeClients;
import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.swarm.ClusterEdge;
import dev.homeport.ssh.swarm.EdgeRoute;
import dev.homeport.ssh.swarm.SwarmClusters;
import dev.homeport.ssh.transport.NodeConnection;
import dev.homeport.ssh.transport.Prompts;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Brings a node that just joined an environment's cluster up to date with what its services run: the live
 * releases' images (so a replica Swarm places there can start) and, for services with domains, the edge
 * and every domain's route on the node's Caddy (so it answers them like the others).
 */
final class ClusterCatchUp {
    private final Inventory inventory;
    private final NodeInventory nodes;
    private final DeploymentHistory history;
    private final NodeService nodeService;
    private final NodeClients clients;
    private final SwarmClusters clusters;
    private final ReleasePlanner planner;

    ClusterCatchUp(Inventory inventory, NodeInventory nodes, DeploymentHistory history, NodeService nodeService, NodeClients clients,
                   SwarmClusters clusters, ReleasePlanner planner) {
        this.inventory = inventory;
        this.nodes = nodes;
        this.history = history;
        this.nodeService = nodeService;
        this.clients = clients;
        this.clusters = clusters;
        this.planner = planner;
    }

    void run(long environmentId, WorkerNode joined, Prompts prompts, Consumer<String> progress) throws InterruptedException {
        if (nodes.cluster(environmentId).isEmpty()) {
            return;
        }
        NodeDocker target = clients.docker(joined, prompts);
        if (!SwarmServiceSpec.hasToolbox(nodeService.connection(joined, prompts))) {
            progress.accept(joined.name() + " has no static busybox: a replica that borrows it (every release made while all nodes"
                    + " had one) fails to start there, and Swarm starts it on another node. Run Provision on " + joined.name()
                    + ": it installs busybox-static.");
        }
        List<NodeDocker> others = new ArrayList<>();
        for (WorkerNode node : nodes.attachedTo(environmentId)) {
            if (node.id() != joined.id()) {
                others.add(clients.docker(node, prompts));
            }
        }
        List<Service> routed = new ArrayList<>();
        for (Service service : inventory.services(environmentId)) {
            Deployment live = history.live(service.id()).orElse(null);
            if (live == null || live.imageDigest() == null) {
                continue;
            }
            NodeDocker source = others.stream().filter(node -> node.hasImage(live.imageDigest())).findFirst().orElse(null);
            if (source == null) {
                progress.accept("No node has the image of " + planner.place(service.id()).path() + "'s live release any more; "
                        + joined.name() + " gets it with the next deploy.");
            } else {
                ImageTransfer.reportingTo(progress).copy(source, live.imageDigest(), List.of(target));
            }
            if (service.port() != null && !inventory.domains(service.id()).isEmpty()) {
                routed.add(service);
            }
        }
        if (routed.isEmpty()) {
            return;
        }
        List<NodeConnection> all = nodes.attachedTo(environmentId).stream().map(node -> nodeService.connection(node, prompts)).toList();
        ClusterEdge.ensure(clients.docker(clusters.manager(environmentId, prompts), prompts).client(), all)
                .forEach(skipped -> progress.accept(skipped.node() + " was skipped: " + skipped.reason()));
        for (Service service : routed) {
            ReleasePlanner.Place place = planner.place(service.id());
            List<String> domains = inventory.domains(service.id()).stream().map(Domain::hostname).toList();
            // Every node, not only the one that joined: each passes ACME challenges on to the others, the new one too.
            ClusterEdge.route(all, new EdgeRoute(place.key(), service.name(), domains, place.swarmName(),
                    service.port(), place.organisation().acmeEmail(), place.organisation().acmeDirectory()))
                    .forEach(skipped -> progress.accept(skipped.node() + " was skipped: " + skipped.reason()));
            progress.accept(joined.name() + " now answers " + String.join(", ", domains) + ".");
        }
    }
}
