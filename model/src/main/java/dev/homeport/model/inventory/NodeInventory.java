package dev.homeport.model.inventory;

import dev.homeport.model.WorkerNode;
import dev.homeport.model.store.Store;
import dev.homeport.model.store.WorkerNodeDao;
import java.util.List;

/** The Worker Nodes the store knows, and the environments each is attached to. */
public final class NodeInventory {
    private final Store store;

    public NodeInventory(Store store) {
        this.store = store;
    }

    public List<WorkerNode> nodes() {
        return store.read(h -> h.attach(WorkerNodeDao.class).list());
    }

    /** The nodes attached to an environment. */
    public List<WorkerNode> attachedTo(long environmentId) {
        return store.read(h -> h.attach(WorkerNodeDao.class).attachedTo(environmentId));
    }

    /** Paths of the environments a node is attached to, such as {@code acme/shop/prod}. */
    public List<String> environmentsOf(long nodeId) {
        return store.read(h -> h.attach(WorkerNodeDao.class).environmentsOf(nodeId).stream()
                .map(id -> Inventory.pathOf(h, new Ref(Level.ENVIRONMENT, id)).toString())
                .sorted()
                .toList());
    }
}
