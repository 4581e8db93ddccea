package dev.homeport.model;

/**
 * A tunnel kept by name: 127.0.0.1:{@code localPort} leads to a service's container port (the service's
 * own when {@code remotePort} is null) or to {@code remotePort} on a node. Exactly one of {@code serviceId}
 * and {@code nodeId} is set. The local port is fixed, so a bookmark or a client's settings stay valid.
 * {@code withApp}: the app starts it when it starts.
 */
public record SavedTunnel(long id, String name, Long serviceId, Long nodeId, Integer remotePort, int localPort, boolean withApp) {
    /** Words the {@code homeport tunnel} command takes itself, so no tunnel may be named so. */
    public static final java.util.Set<String> RESERVED = java.util.Set.of("save", "list", "rm", "start", "stop", "help");

    public SavedTunnel {
        Check.dnsLabel("name", name);
        if (RESERVED.contains(name)) {
            throw new ValidationException("name", "'" + name + "' is a word of the tunnel command; choose another name");
        }
        if ((serviceId == null) == (nodeId == null)) {
            throw new ValidationException("target", "a saved tunnel leads to a service or to a node's port (one of them)");
        }
        if (nodeId != null && remotePort == null) {
            throw new ValidationException("remotePort", "is required for a node's port");
        }
        if (remotePort != null) {
            Check.port("remotePort", remotePort);
        }
        Check.port("localPort", localPort);
    }

    public static SavedTunnel toService(String name, long serviceId, Integer remotePort, int localPort, boolean withApp) {
        return new SavedTunnel(0, name, serviceId, null, remotePort, localPort, withApp);
    }

    public static SavedTunnel toNode(String name, long nodeId, int remotePort, int localPort, boolean withApp) {
        return new SavedTunnel(0, name, null, nodeId, remotePort, localPort, withApp);
    }

    public SavedTunnel withId(long newId) {
        return new SavedTunnel(newId, name, serviceId, nodeId, remotePort, localPort, withApp);
    }

    /** {@code 127.0.0.1:PORT}. */
    public String localAddress() {
        return "127.0.0.1:" + localPort;
    }
}
