package dev.homeport.ssh.deploy;

import dev.homeport.model.WorkerNode;
import dev.homeport.ssh.transport.NodeConnection;
import dev.homeport.ssh.tunnel.Tunnel;
import dev.homeport.ssh.tunnel.TunnelTarget;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A tunnel's route to a service's live release (see {@link DeployService#liveRoute}): the container it
 * found is kept while the same release is live, and looked for again when another one is, or when the
 * node could not reach it.
 */
final class LiveReleaseRoute implements Tunnel.Route {
    private record Known(long deploymentId, Tunnel.Hop hop) {
    }

    private final long serviceId;
    private final Supplier<Optional<Long>> live;
    private final Supplier<String> path;
    private final Supplier<TunnelTarget> resolve;
    private final Function<WorkerNode, NodeConnection> connection;
    private volatile Known known;

    LiveReleaseRoute(long serviceId, Supplier<Optional<Long>> live, Supplier<String> path, Supplier<TunnelTarget> resolve,
                     Function<WorkerNode, NodeConnection> connection) {
        this.serviceId = serviceId;
        this.live = live;
        this.path = path;
        this.resolve = resolve;
        this.connection = connection;
    }

    @Override
    public Tunnel.Hop next() {
        long deploymentId = live.get().orElseThrow(() -> new DeployException(path.get() + " has no live release now; deploy it (or start it)"
                + " and connect again."));
        Known now = known;
        if (now != null && now.deploymentId() == deploymentId) {
            return now.hop();
        }
        synchronized (this) {
            now = known;
            if (now != null && now.deploymentId() == deploymentId) {
                return now.hop();
            }
            TunnelTarget target = resolve.get();
            Tunnel.Hop hop = new Tunnel.Hop(connection.apply(target.node()), target);
            known = new Known(deploymentId, hop);
            return hop;
        }
    }

    /** Forgets the container it knew, so the next connection finds the live one again. */
    @Override
    public synchronized boolean unreachable(Tunnel.Hop hop, RuntimeException reason) {
        Known now = known;
        if (now != null && now.hop() == hop) {
            known = null;
            return true;
        }
        // Another connection already looked again: try what it found.
        return now != null;
    }

}
