package dev.homeport.ssh.deploy;

import dev.homeport.model.Check;
import dev.homeport.model.Domain;
import dev.homeport.model.Service;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.inventory.Inventory;
import dev.homeport.model.inventory.InventoryPath;
import dev.homeport.model.inventory.Level;
import dev.homeport.model.inventory.Ref;
import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.proxy.CaddyAdmin;
import dev.homeport.ssh.proxy.CaddyRoutes;
import dev.homeport.ssh.proxy.DomainTakenException;
import dev.homeport.ssh.proxy.ServiceRoute;
import dev.homeport.ssh.transport.NodeConnection;
import dev.homeport.ssh.transport.Prompts;
import java.util.Optional;

/**
 * Takes a domain back from a route that no service of this store owns: one left
 * on the node by a store that is gone (a reinstall, another laptop, an import
 * without its node keys). A name held by a service of this store is never taken:
 * the user removes it there. Only the name leaves the other route; its
 * containers are left alone.
 *
 * <p>Blocking on the network: call it off the JavaFX thread.
 */
public final class DomainTakeover {
    private final Inventory inventory;
    private final DeployService deploys;
    private final NodeService nodeService;

    public DomainTakeover(Inventory inventory, DeployService deploys, NodeService nodeService) {
        this.inventory = inventory;
        this.deploys = deploys;
        this.nodeService = nodeService;
    }

    /** Who holds the name on the node, for the user to confirm before it is taken. */
    public record Holder(long serviceId, String servicePath, String node, long nodeId, String hostname, ServiceRoute route) {
        /** Such as {@code web.example.test leads to service key 123 (labelled web, to 127.0.0.1:20001) on node rig, …}. */
        public String describe() {
            return hostname + " leads to a service this store does not have, on node " + node + ": Caddy's route "
                    + "homeport-service-" + route.serviceKey() + " (labelled '" + route.label() + "', to " + route.upstream() + ")"
                    + (route.hostnames().size() > 1 ? ", which also holds " + String.join(", ",
                    route.hostnames().stream().filter(h -> !h.equals(hostname)).toList()) : "")
                    + ". Taking it over moves only this name off that route; its containers keep running.";
        }
    }

    /** Finds the route that holds one of the service's domains on its node, and checks that it is another store's. */
    public Holder find(long serviceId, String hostname, Prompts prompts) {
        Service service = inventory.service(serviceId);
        String path = inventory.pathOf(new Ref(Level.SERVICE, serviceId)).toString();
        String name = Check.domain("domain", hostname);
        if (inventory.domains(serviceId).stream().map(Domain::hostname).noneMatch(name::equals)) {
            throw new DeployException(path + " has no domain " + name + "; add it first (homeport domain add " + path + " " + name + ").");
        }
        WorkerNode node = deploys.nodeFor(service, null);
        long key = inventory.serviceNodeKey(serviceId);
        Optional<ServiceRoute> holder;
        try (CaddyAdmin admin = CaddyAdmin.over(connect(node, prompts))) {
            holder = new CaddyRoutes(admin).holderOf(name, key);
        }
        if (holder.isEmpty()) {
            throw new DeployException("No other service's route holds " + name + " on node " + node.name() + ": there is nothing to take over."
                    + " Deploy " + path + " to route it.");
        }
        Optional<Service> owner = inventory.serviceByNodeKey(holder.get().serviceKey());
        if (owner.isPresent()) {
            String ownerPath = inventory.pathOf(new Ref(Level.SERVICE, owner.get().id())).toString();
            throw new DeployException(name + " belongs to " + ownerPath + " in this store, so it is not taken over. Remove it there first"
                    + " (homeport domain remove " + ownerPath + " " + name + "), then deploy that service and this one again.");
        }
        return new Holder(serviceId, path, node.name(), node.id(), name, holder.get());
    }

    /** Moves the name off the holder's route. The service gets it with its next deploy. */
    public void takeOver(Holder holder, Prompts prompts) {
        WorkerNode node = deploys.nodeFor(inventory.service(holder.serviceId()), null);
        try (CaddyAdmin admin = CaddyAdmin.over(connect(node, prompts))) {
            new CaddyRoutes(admin).release(holder.route().serviceKey(), holder.hostname());
        }
    }

    /**
     * What a deploy says when one of its names is taken: whose it is, and, when no service of
     * this store owns it, how to take it over.
     */
    static String explain(DomainTakenException taken, Inventory inventory, InventoryPath servicePath) {
        Optional<Service> owner = inventory.serviceByNodeKey(taken.holderKey());
        if (owner.isPresent()) {
            String ownerPath = inventory.pathOf(new Ref(Level.SERVICE, owner.get().id())).toString();
            return taken.hostname() + " already leads to " + ownerPath + "; a domain can belong to one service only."
                    + " Remove it there first (homeport domain remove " + ownerPath + " " + taken.hostname() + ").";
        }
        return taken.getMessage() + " No service of this store owns that route: it is left from another Homeport store (a reinstall,"
                + " another computer, or an import without node keys). To take the name over for " + servicePath + ": homeport domain takeover "
                + servicePath + " " + taken.hostname() + ", or Take over in the service's Domains tab; then deploy again.";
    }

    private NodeConnection connect(WorkerNode node, Prompts prompts) {
        NodeConnection connection = nodeService.connection(node, prompts);
        connection.connect();
        return connection;
    }
}
