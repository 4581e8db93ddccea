package dev.homeport.ssh.nodes;

import dev.homeport.model.Organisation;
import dev.homeport.model.RegistryCredential;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.inventory.Inventory;
import dev.homeport.model.inventory.NodeInventory;
import dev.homeport.model.inventory.NotFoundException;
import dev.homeport.ssh.docker.RegistryLogin;
import dev.homeport.ssh.transport.Prompts;
import java.util.List;
import java.util.Optional;

/**
 * "Test login": checks an organisation's stored registry login from a Worker Node's Docker, the daemon that pulls
 * the images (see {@link RegistryLogin}). The node is the one named, or else the first (by name) attached to one of
 * the organisation's environments, or else the store's only node. The same for the app and the command line.
 */
public final class RegistryLoginCheck {
    private final Inventory inventory;
    private final NodeInventory nodes;
    private final NodeClients clients;

    public RegistryLoginCheck(Inventory inventory, NodeInventory nodes, NodeClients clients) {
        this.inventory = inventory;
        this.nodes = nodes;
        this.clients = clients;
    }

    /** A login that worked, and the node it was checked from. */
    public record Worked(RegistryCredential login, WorkerNode node) {
        public String summary() {
            return "Login to " + login.registry() + " works as " + login.username() + " (checked from node " + node.name() + ").";
        }
    }

    /**
     * Logs in with the organisation's stored login for {@code registry} from {@code nodeName}'s Docker (null: the node
     * {@link #nodeFor} picks). Blocking; throws {@link dev.homeport.ssh.docker.RegistryLoginException} saying what was refused.
     */
    public Worked test(long organisationId, String registry, String nodeName, Prompts prompts) {
        Organisation org = inventory.organisation(organisationId);
        RegistryCredential login = inventory.registryCredential(organisationId, registry.strip())
                .orElseThrow(() -> new NotFoundException("Organisation '" + org.name() + "' has no login for " + registry.strip() + "."));
        WorkerNode node = nodeName == null ? nodeFor(org) : nodes.node(nodeName);
        RegistryLogin.check(clients.docker(node, prompts), login.registry(), login.username(), inventory.registryPassword(login));
        return new Worked(login, node);
    }

    /** The node a check runs from when none is named: one that pulls for the organisation, or the only one there is. */
    public WorkerNode nodeFor(Organisation org) {
        Optional<WorkerNode> attached = inventory.applications(org.id()).stream()
                .flatMap(app -> inventory.environments(app.id()).stream())
                .flatMap(env -> nodes.attachedTo(env.id()).stream())
                .min(java.util.Comparator.comparing(WorkerNode::name));
        if (attached.isPresent()) {
            return attached.get();
        }
        List<WorkerNode> all = nodes.nodes();
        if (all.size() == 1) {
            return all.getFirst();
        }
        throw new NotFoundException(all.isEmpty()
                ? "There is no Worker Node to check the login from: the check runs on a node's Docker, which pulls the images. Add a node first."
                : "No node is attached to an environment of organisation '" + org.name() + "'; name the node to check the login from.");
    }
}
