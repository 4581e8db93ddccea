package dev.homeport.ssh.tunnel;

import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.transport.NodeConnection;
import dev.homeport.ssh.transport.Prompts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The tunnels one Homeport has open; closing it closes them all (the app does when its window closes). */
public final class Tunnels implements AutoCloseable {
    private final NodeService nodeService;
    private final List<Tunnel> open = new CopyOnWriteArrayList<>();

    public Tunnels(NodeService nodeService) {
        this.nodeService = nodeService;
    }

    /**
     * Connects to the target's node (so a login or host-key problem shows now, not at the first
     * connection), then listens on 127.0.0.1:{@code localPort}; with none asked for, on the target's port
     * number when that is free and not a privileged one, else on any free port. Blocking.
     */
    public Tunnel open(TunnelTarget target, Integer localPort, Prompts prompts, Tunnel.Listener listener) {
        NodeConnection connection = nodeService.connection(target.node(), prompts);
        connection.connect();
        Tunnel tunnel;
        if (localPort != null) {
            tunnel = Tunnel.open(connection, target, localPort, listener);
        } else {
            int preferred = defaultLocalPort(target.port());
            try {
                tunnel = Tunnel.open(connection, target, preferred, listener);
            } catch (LocalPortInUseException takenMeanwhile) {
                tunnel = Tunnel.open(connection, target, 0, listener);
            }
        }
        open.add(tunnel);
        return tunnel;
    }

    /** The target's own port number when it is free and 1024 or above, else 0 (any free port). */
    static int defaultLocalPort(int targetPort) {
        if (targetPort < 1024) {
            return 0;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
            return targetPort;
        } catch (IOException taken) {
            return 0;
        }
    }

    /** The tunnels still open, oldest first. */
    public List<Tunnel> open() {
        open.removeIf(tunnel -> !tunnel.isOpen());
        return List.copyOf(open);
    }

    public void close(Tunnel tunnel) {
        tunnel.close();
        open.remove(tunnel);
    }

    @Override
    public void close() {
        for (Tunnel tunnel : open) {
            tunnel.close();
        }
        open.clear();
    }
}
