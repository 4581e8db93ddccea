package dev.homeport.ssh.tunnel;

import dev.homeport.model.WorkerNode;

/**
 * Where a tunnel leads: {@code host:port} as {@code node} reaches it. {@code what} names it for people
 * ({@code acme/shop/prod/web:8080}, {@code web.2@n3:8080}, {@code n1:19999}); {@code http} is true when
 * the far end is known to speak HTTP (a service with a health path or a port of its own).
 */
public record TunnelTarget(WorkerNode node, String host, int port, String what, boolean http) {
    public TunnelTarget {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("A port is between 1 and 65535, got " + port + ".");
        }
    }

    /** A port on the node itself, as the node's own loopback reaches it. */
    public static TunnelTarget nodePort(WorkerNode node, int port) {
        return new TunnelTarget(node, "127.0.0.1", port, node.name() + ":" + port, port == 80 || port == 19999
                || port == 8080 || port == 8000 || port == 3000);
    }
}
