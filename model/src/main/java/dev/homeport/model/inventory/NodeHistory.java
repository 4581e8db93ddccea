package dev.homeport.model.inventory;

import dev.homeport.model.NodeEvent;
import dev.homeport.model.NodeEventKind;
import dev.homeport.model.store.NodeEventDao;
import dev.homeport.model.store.Store;
import dev.homeport.model.store.WorkerNodeDao;
import java.time.Clock;
import java.util.List;

/**
 * A Worker Node's history: what probes found and what provisioning changed,
 * newest first. Removing a node removes its history with it.
 */
public final class NodeHistory {
    private final Store store;
    private final Clock clock;

    public NodeHistory(Store store) {
        this(store, Clock.systemUTC());
    }

    NodeHistory(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Records an event now. {@code detail} may be null. */
    public NodeEvent record(long nodeId, NodeEventKind kind, String summary, String detail) {
        return store.write(h -> {
            if (h.attach(WorkerNodeDao.class).find(nodeId).isEmpty()) {
                throw new NotFoundException("No worker node with id " + nodeId + ".");
            }
            NodeEventDao dao = h.attach(NodeEventDao.class);
            // Validated before the insert, so a bad event changes nothing.
            NodeEvent checked = new NodeEvent(0, nodeId, clock.instant(), kind, summary, detail);
            return dao.find(dao.insert(nodeId, checked.at(), kind, summary, detail)).orElseThrow();
        });
    }

    /** The node's newest {@code limit} events, newest first. */
    public List<NodeEvent> of(long nodeId, int limit) {
        return store.read(h -> h.attach(NodeEventDao.class).ofNode(nodeId, limit));
    }
}
