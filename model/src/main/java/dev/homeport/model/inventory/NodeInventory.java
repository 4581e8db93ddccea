package dev.homeport.model.inventory;

import dev.homeport.model.EnvironmentCluster;
import dev.homeport.model.NodeIdentity;
import dev.homeport.model.ValidationException;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.store.EnvironmentClusterDao;
import dev.homeport.model.store.EnvironmentDao;
import dev.homeport.model.store.SshIdentityDao;
import dev.homeport.model.store.Store;
import dev.homeport.model.store.WorkerNodeDao;
import dev.homeport.model.vault.Sealed;
import dev.homeport.model.vault.Secret;
import dev.homeport.model.vault.SecretKind;
import dev.homeport.model.vault.Vault;
import java.util.List;
import java.util.Optional;

/** The Worker Nodes the store knows, and the environments each is attached to. */
public final class NodeInventory {
    private final Store store;
    private final Vault vault;

    public NodeInventory(Store store, Vault vault) {
        this.store = store;
        this.vault = vault;
    }

    public List<WorkerNode> nodes() {
        return store.read(h -> h.attach(WorkerNodeDao.class).list());
    }

    public WorkerNode node(String name) {
        return store.read(h -> h.attach(WorkerNodeDao.class).findByName(name))
                .orElseThrow(() -> new NotFoundException("No worker node named '" + name + "'."));
    }

    public WorkerNode node(long id) {
        return store.read(h -> h.attach(WorkerNodeDao.class).find(id))
                .orElseThrow(() -> new NotFoundException("No worker node with id " + id + "."));
    }

    /** Adds a node. Its name must be new, and a stored key it names must exist. */
    public WorkerNode add(WorkerNode draft) {
        return store.write(h -> {
            WorkerNodeDao dao = h.attach(WorkerNodeDao.class);
            if (dao.findByName(draft.name()).isPresent()) {
                throw new ValidationException("name", "a worker node named '" + draft.name() + "' already exists");
            }
            if (draft.identity() instanceof NodeIdentity.StoredKey stored && h.attach(SshIdentityDao.class).find(stored.identityId()).isEmpty()) {
                throw new ValidationException("identity", "the stored key #" + stored.identityId() + " does not exist");
            }
            return dao.find(dao.insert(draft)).orElseThrow();
        });
    }

    /** Replaces a node's address, user or identity (not its name or pinned key). */
    public WorkerNode update(WorkerNode changed) {
        return store.write(h -> {
            WorkerNodeDao dao = h.attach(WorkerNodeDao.class);
            WorkerNode current = dao.find(changed.id()).orElseThrow(() -> new NotFoundException("No worker node with id " + changed.id() + "."));
            dao.update(new WorkerNode(current.id(), current.name(), changed.host(), changed.port(), changed.user(), changed.identity(), current.hostKey()));
            return dao.find(current.id()).orElseThrow();
        });
    }

    /** Records the host key the user accepted for the node, in OpenSSH's one-line form. */
    public WorkerNode pinHostKey(long nodeId, String hostKey) {
        return store.write(h -> {
            WorkerNodeDao dao = h.attach(WorkerNodeDao.class);
            WorkerNode current = dao.find(nodeId).orElseThrow(() -> new NotFoundException("No worker node with id " + nodeId + "."));
            dao.update(new WorkerNode(current.id(), current.name(), current.host(), current.port(), current.user(), current.identity(), hostKey));
            return dao.find(nodeId).orElseThrow();
        });
    }

    public void remove(long nodeId) {
        store.update(h -> {
            if (h.attach(WorkerNodeDao.class).delete(nodeId) != 1) {
                throw new NotFoundException("That worker node was already removed.");
            }
        });
    }

    public void attach(long nodeId, long environmentId) {
        store.update(h -> {
            h.attach(WorkerNodeDao.class).find(nodeId).orElseThrow(() -> new NotFoundException("No worker node with id " + nodeId + "."));
            h.attach(EnvironmentDao.class).find(environmentId).orElseThrow(() -> new NotFoundException("No environment with id " + environmentId + "."));
            h.attach(WorkerNodeDao.class).attach(nodeId, environmentId);
        });
    }

    /**
     * Attaches a node to an environment whose nodes form {@code cluster}, and records the
     * cluster, in one write: the environment never shows a node of a cluster it does not know.
     */
    public void attach(long nodeId, EnvironmentCluster cluster) {
        store.update(h -> {
            h.attach(WorkerNodeDao.class).find(nodeId).orElseThrow(() -> new NotFoundException("No worker node with id " + nodeId + "."));
            h.attach(EnvironmentDao.class).find(cluster.environmentId())
                    .orElseThrow(() -> new NotFoundException("No environment with id " + cluster.environmentId() + "."));
            h.attach(EnvironmentClusterDao.class).save(cluster.environmentId(), cluster.engine().name(), cluster.clusterId());
            h.attach(WorkerNodeDao.class).attach(nodeId, cluster.environmentId());
        });
    }

    public boolean detach(long nodeId, long environmentId) {
        return store.write(h -> h.attach(WorkerNodeDao.class).detach(nodeId, environmentId) == 1);
    }

    /** The environment's nodes form no cluster any more (its last node left). */
    public void endCluster(long environmentId) {
        store.update(h -> h.attach(EnvironmentClusterDao.class).delete(environmentId));
    }

    /** The ids of the environments a node is attached to. */
    public List<Long> environmentIdsOf(long nodeId) {
        return store.read(h -> h.attach(WorkerNodeDao.class).environmentsOf(nodeId));
    }

    /** The cluster an environment's nodes form, if they form one. */
    public Optional<EnvironmentCluster> cluster(long environmentId) {
        return store.read(h -> h.attach(EnvironmentClusterDao.class).find(environmentId));
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

    /** Seals a password the user chose to store, for a node's identity. */
    public Sealed sealPassword(Secret password) {
        return vault.seal(password, SecretKind.NODE_PASSWORD);
    }

    /** The stored password of a node, decrypted in memory; null when it is asked for each time. */
    public Secret password(NodeIdentity.Password identity) {
        return identity.stored() == null ? null : vault.open(identity.stored(), SecretKind.NODE_PASSWORD);
    }
}
