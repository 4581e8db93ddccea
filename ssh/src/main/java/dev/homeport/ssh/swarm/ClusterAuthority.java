package dev.homeport.ssh.swarm;

import dev.homeport.ssh.docker.NodeDocker;
import dev.homeport.ssh.proxy.CaddyAdmin;
import dev.homeport.ssh.proxy.CaddyRoutes;
import dev.homeport.ssh.proxy.SharedAuthority;
import dev.homeport.ssh.transport.NodeConnection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One certificate authority for a cluster's internal names, on every node. Each node's Caddy would otherwise sign
 * them with its own local CA, and a client that trusts one node's root would refuse the next node's certificate.
 *
 * <p>The cluster keeps its root itself, in a file beside each node's Caddy ({@link EdgeNode#writeAuthority}); no
 * laptop holds it, so any Homeport that manages the cluster finds the same one. A node that lacks it gets a copy
 * from the first node that has it; a cluster whose nodes have none gets a new one ({@link ClusterRoot#generate}).
 * Each Caddy then makes its own intermediate and certificates under the shared root.
 */
final class ClusterAuthority {
    private static final Logger log = LoggerFactory.getLogger(ClusterAuthority.class);

    private ClusterAuthority() {
    }

    /** Gives every one of {@code nodes} (all reachable) the cluster's root and has its Caddy use it; idempotent. */
    static void share(List<NodeConnection> nodes, EdgeImage image) throws InterruptedException {
        Map<NodeConnection, Optional<SharedAuthority>> held = new LinkedHashMap<>();
        for (NodeConnection node : nodes) {
            try (CaddyAdmin admin = CaddyAdmin.over(node)) {
                held.put(node, new CaddyRoutes(admin).sharedAuthority());
            }
        }
        if (held.values().stream().distinct().count() == 1 && held.values().iterator().next().isPresent()) {
            return; // every node has the same one already
        }
        ClusterRoot root = null;
        for (var entry : held.entrySet()) {
            if (root == null && entry.getValue().isPresent()) {
                root = readFrom(entry.getKey(), image, entry.getValue().get()).orElse(null);
            }
        }
        if (root == null) {
            root = ClusterRoot.generate();
            log.info("Made the cluster's certificate authority {}", root.id());
        }
        for (var entry : held.entrySet()) {
            if (!entry.getValue().map(SharedAuthority::id).equals(Optional.of(root.id()))) {
                NodeConnection node = entry.getKey();
                SharedAuthority placed;
                try (NodeDocker docker = new NodeDocker(node)) {
                    placed = new EdgeNode(docker.client(), docker.nodeName()).writeAuthority(image, root);
                }
                try (CaddyAdmin admin = CaddyAdmin.over(node)) {
                    new CaddyRoutes(admin).share(placed);
                }
            }
        }
    }

    /** The root whose files the node holds; empty, with a warning, when they cannot be read (another node may have them). */
    private static Optional<ClusterRoot> readFrom(NodeConnection node, EdgeImage image, SharedAuthority authority) {
        try (NodeDocker docker = new NodeDocker(node)) {
            return Optional.of(new EdgeNode(docker.client(), docker.nodeName()).readAuthority(image, authority));
        } catch (ClusterException unreadable) {
            log.warn("The cluster's certificate authority on {} cannot be read: {}", node.target().name(), unreadable.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Takes the shared authority out of the node's Caddy once no route uses it, and then its files; they stay while a
     * route still does, since Caddy reads them again on every reload.
     */
    static void unshare(NodeConnection node, EdgeNode edge, EdgeImage image) throws InterruptedException {
        boolean unused;
        try (CaddyAdmin admin = CaddyAdmin.over(node)) {
            CaddyRoutes routes = new CaddyRoutes(admin);
            routes.unshare();
            unused = routes.sharedAuthority().isEmpty();
        }
        if (unused) {
            edge.removeAuthority(image);
        }
    }
}
