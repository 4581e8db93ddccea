package dev.homeport.ssh.proxy;

import java.util.List;

/**
 * How the nodes of a cluster share certificates, for one node's route. {@code authority}: the id of the
 * {@link SharedAuthority} that signs internal names on every node, or null when this node has none (it signs them
 * with its own local CA then). {@code relays}: the other nodes, as {@code host:port} of their port 80, in the order
 * this node asks them.
 *
 * <p>Every node orders its own certificate for a public name, with the HTTP challenge only. The CA asks whichever
 * node the name resolves to; a node that placed no such order passes the challenge on to the others, one after the
 * other, until one answers it (see {@code CaddyConfig}). So a name may resolve to any node, or to several.
 */
public record ClusterCertificates(String authority, List<String> relays) {
    public ClusterCertificates {
        authority = authority == null ? null : SharedAuthority.checkedId(authority);
        relays = relays == null ? List.of() : relays.stream().map(ServiceRoute::upstream).toList();
    }
}
