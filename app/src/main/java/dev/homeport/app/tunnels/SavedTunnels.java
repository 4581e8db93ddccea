package dev.homeport.app.tunnels;

import dev.homeport.app.Homeport;
import dev.homeport.model.HealthGate;
import dev.homeport.model.SavedTunnel;
import dev.homeport.model.Service;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.inventory.Level;
import dev.homeport.model.inventory.Ref;
import dev.homeport.ssh.transport.Prompts;
import dev.homeport.ssh.tunnel.LocalPortInUseException;
import dev.homeport.ssh.tunnel.Tunnel;
import dev.homeport.ssh.tunnel.TunnelTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The saved tunnels this app runs: started by hand or when the app starts, each on its fixed local port
 * (127.0.0.1 only), until stopped or until Homeport closes. A service's tunnel follows the service's live
 * release ({@link dev.homeport.ssh.deploy.DeployService#liveRoute}): each new connection goes to the
 * release live then, so a redeploy does not break it; a node's connection that dropped is opened again by
 * the next connection. Starting only binds the port: it does not wait for the node.
 */
public final class SavedTunnels implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SavedTunnels.class);

    /** A saved tunnel and what it does now: {@code stats} is null when it is stopped; {@code problem} why it did not start. */
    public record Entry(SavedTunnel saved, String target, boolean http, Tunnel.Stats stats, String problem) {
        public boolean running() {
            return stats != null && stats.state() != Tunnel.State.CLOSED;
        }

        /** {@code http://127.0.0.1:PORT} for one that speaks HTTP, else {@code 127.0.0.1:PORT}. */
        public String address() {
            return http ? "http://" + saved.localAddress() : saved.localAddress();
        }
    }

    /** A saved tunnel that could not start with the app, and why (such as its port in use, with a free one to use). */
    public record Problem(SavedTunnel saved, String message) {
    }

    private final Homeport homeport;
    private final Map<Long, Tunnel> running = new ConcurrentHashMap<>();
    private final Map<Long, String> problems = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public SavedTunnels(Homeport homeport) {
        this.homeport = homeport;
    }

    /** Every saved tunnel with its state, by name. Reads the store: blocking. */
    public List<Entry> entries() {
        List<Entry> entries = new ArrayList<>();
        List<SavedTunnel> all = homeport.inventory().savedTunnels().all();
        for (SavedTunnel saved : all) {
            entries.add(entry(saved));
        }
        // One deleted meanwhile (with its service or node, or from the command line) stops here too.
        java.util.Set<Long> kept = all.stream().map(SavedTunnel::id).collect(java.util.stream.Collectors.toSet());
        for (Long id : List.copyOf(running.keySet())) {
            if (!kept.contains(id) && homeport.inventory().savedTunnels().find(id).isEmpty()) {
                stop(id);
            }
        }
        return entries;
    }

    /** One saved tunnel with its state. Reads the store: blocking. */
    public Entry entry(SavedTunnel saved) {
        Tunnel tunnel = running.get(saved.id());
        Tunnel.Stats stats = tunnel == null ? null : tunnel.stats();
        Described described = describe(saved);
        return new Entry(saved, described.target(), described.http(), stats, problems.get(saved.id()));
    }

    /** The running tunnel of a saved one, if it runs here. */
    public Optional<Tunnel> running(long savedId) {
        Tunnel tunnel = running.get(savedId);
        return tunnel == null || !tunnel.isOpen() ? Optional.empty() : Optional.of(tunnel);
    }

    /**
     * Starts a saved tunnel: binds its local port and returns; where it leads is found for each connection.
     * Throws {@link LocalPortInUseException} (with a free port to use instead) when its port is taken.
     * Starting one that runs returns it as it is. Blocking (a store read, the bind).
     */
    public synchronized Tunnel start(SavedTunnel saved, Prompts prompts) {
        if (closed) {
            throw new IllegalStateException("Homeport is closing; its tunnels do not start any more.");
        }
        Optional<Tunnel> already = running(saved.id());
        if (already.isPresent()) {
            return already.get();
        }
        Tunnel.Route route;
        TunnelTarget known = null;
        if (saved.serviceId() != null) {
            route = homeport.deployService().liveRoute(saved.serviceId(), saved.remotePort(), prompts);
        } else {
            long nodeId = saved.nodeId();
            int port = saved.remotePort();
            // The node is read for each connection: an address changed since is used at once.
            route = () -> {
                WorkerNode node = homeport.nodes().node(nodeId);
                return new Tunnel.Hop(homeport.nodeService().connection(node, prompts), TunnelTarget.nodePort(node, port));
            };
            known = TunnelTarget.nodePort(homeport.nodes().node(nodeId), port);
        }
        problems.remove(saved.id());
        try {
            Tunnel tunnel = Tunnel.open(route, known, saved.localPort(), Tunnel.Listener.NONE);
            running.put(saved.id(), tunnel);
            log.info("Saved tunnel {} listens on {}", saved.name(), tunnel.localAddress());
            return tunnel;
        } catch (RuntimeException e) {
            problems.put(saved.id(), e.getMessage());
            throw e;
        }
    }

    /** Stops a saved tunnel running here (its connections end); nothing when it does not run. Waits briefly for the port. */
    public void stop(long savedId) {
        Tunnel tunnel = running.remove(savedId);
        problems.remove(savedId);
        if (tunnel != null) {
            tunnel.close();
        }
    }

    /**
     * Starts every saved tunnel marked "with the app", asking nothing (a node that needs a question fails
     * its connections with the reason). Returns those that could not start, and why; never throws for one.
     */
    public List<Problem> startWithApp() {
        List<Problem> failed = new ArrayList<>();
        for (SavedTunnel saved : homeport.inventory().savedTunnels().all()) {
            if (!saved.withApp()) {
                continue;
            }
            try {
                start(saved, Prompts.NONE);
            } catch (RuntimeException e) {
                log.warn("Saved tunnel {} did not start: {}", saved.name(), e.getMessage());
                failed.add(new Problem(saved, e.getMessage()));
            }
        }
        return failed;
    }

    /** Stops every saved tunnel; none starts after this. */
    @Override
    public synchronized void close() {
        closed = true;
        for (Long id : List.copyOf(running.keySet())) {
            stop(id);
        }
    }

    private record Described(String target, boolean http) {
    }

    private Described describe(SavedTunnel saved) {
        try {
            if (saved.serviceId() != null) {
                Service service = homeport.inventory().service(saved.serviceId());
                String path = homeport.inventory().pathOf(new Ref(Level.SERVICE, saved.serviceId())).toString();
                Integer own = service.port();
                int port = saved.remotePort() != null ? saved.remotePort() : own == null ? 0 : own;
                boolean http = port == (own == null ? -1 : own)
                        && (service.healthGate() == HealthGate.HTTP || !homeport.inventory().domains(saved.serviceId()).isEmpty());
                return new Described(port == 0 ? path + " (it has no port of its own)" : path + ":" + port, http);
            }
            WorkerNode node = homeport.nodes().node(saved.nodeId());
            TunnelTarget target = TunnelTarget.nodePort(node, saved.remotePort());
            return new Described(target.what(), target.http());
        } catch (RuntimeException gone) {
            return new Described("(" + gone.getMessage() + ")", false);
        }
    }
}
