package dev.homeport.model.inventory;

import dev.homeport.model.NodeIdentity;
import dev.homeport.model.SshIdentity;
import dev.homeport.model.ValidationException;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.store.SshIdentityDao;
import dev.homeport.model.store.Store;
import dev.homeport.model.store.WorkerNodeDao;
import dev.homeport.model.vault.Secret;
import dev.homeport.model.vault.SecretKind;
import dev.homeport.model.vault.Vault;
import java.util.List;

/** The SSH key pairs kept in Homeport's vault: the private half is stored only sealed. */
public final class KeyInventory {
    private final Store store;
    private final Vault vault;

    public KeyInventory(Store store, Vault vault) {
        this.store = store;
        this.vault = vault;
    }

    public List<SshIdentity> identities() {
        return store.read(h -> h.attach(SshIdentityDao.class).list());
    }

    public SshIdentity identity(String name) {
        return store.read(h -> h.attach(SshIdentityDao.class).findByName(name))
                .orElseThrow(() -> new NotFoundException("No SSH identity named '" + name + "'."));
    }

    public SshIdentity identity(long id) {
        return store.read(h -> h.attach(SshIdentityDao.class).find(id))
                .orElseThrow(() -> new NotFoundException("No SSH identity with id " + id + "."));
    }

    /** Keeps a key pair; the private key (OpenSSH text) is sealed before it reaches the store. */
    public SshIdentity add(String name, String publicKey, Secret privateKey) {
        SshIdentity draft = new SshIdentity(0, name, publicKey.strip(), vault.seal(privateKey, SecretKind.SSH_PRIVATE_KEY));
        return store.write(h -> {
            SshIdentityDao dao = h.attach(SshIdentityDao.class);
            if (dao.findByName(name).isPresent()) {
                throw new ValidationException("name", "an SSH identity named '" + name + "' already exists");
            }
            return dao.find(dao.insert(draft.name(), draft.publicKey(), draft.privateKey().text())).orElseThrow();
        });
    }

    /** The private key, decrypted in memory. */
    public Secret privateKey(SshIdentity identity) {
        return vault.open(identity.privateKey(), SecretKind.SSH_PRIVATE_KEY);
    }

    /** Removes an identity no node uses; otherwise says which nodes use it. */
    public void remove(long id) {
        store.update(h -> {
            List<String> users = h.attach(WorkerNodeDao.class).list().stream()
                    .filter(n -> n.identity() instanceof NodeIdentity.StoredKey stored && stored.identityId() == id)
                    .map(WorkerNode::name).toList();
            if (!users.isEmpty()) {
                throw new ValidationException("identity", "it is used by " + String.join(", ", users) + "; give them another identity first");
            }
            if (h.attach(SshIdentityDao.class).delete(id) != 1) {
                throw new NotFoundException("That SSH identity was already removed.");
            }
        });
    }
}
