package dev.homeport.model.inventory;

import dev.homeport.model.SavedTunnel;
import dev.homeport.model.ValidationException;
import dev.homeport.model.store.SavedTunnelDao;
import dev.homeport.model.store.Store;
import java.util.List;
import java.util.Optional;

/** The saved tunnels: each name and each local port is used once; a tunnel goes with its service or node. */
public final class SavedTunnelInventory {
    private final Store store;

    public SavedTunnelInventory(Store store) {
        this.store = store;
    }

    /** By name. */
    public List<SavedTunnel> all() {
        return store.read(h -> h.attach(SavedTunnelDao.class).all());
    }

    public Optional<SavedTunnel> find(long id) {
        return store.read(h -> h.attach(SavedTunnelDao.class).find(id));
    }

    public Optional<SavedTunnel> byName(String name) {
        return store.read(h -> h.attach(SavedTunnelDao.class).byName(name));
    }

    /** The one named so; a clear error when there is none. */
    public SavedTunnel named(String name) {
        return byName(name).orElseThrow(() -> new NotFoundException("There is no saved tunnel named '" + name + "'."));
    }

    /** Saves a new one (its id is ignored); refuses a name or a local port another saved tunnel has. */
    public SavedTunnel add(SavedTunnel tunnel) {
        return store.write(h -> {
            SavedTunnelDao dao = h.attach(SavedTunnelDao.class);
            checkFree(dao, tunnel, 0);
            return tunnel.withId(dao.insert(tunnel));
        });
    }

    /** Replaces a saved one's settings, by its id. */
    public SavedTunnel update(SavedTunnel tunnel) {
        return store.write(h -> {
            SavedTunnelDao dao = h.attach(SavedTunnelDao.class);
            if (dao.find(tunnel.id()).isEmpty()) {
                throw new NotFoundException("The saved tunnel #" + tunnel.id() + " is gone.");
            }
            checkFree(dao, tunnel, tunnel.id());
            dao.update(tunnel);
            return tunnel;
        });
    }

    public void delete(long id) {
        store.update(h -> h.attach(SavedTunnelDao.class).delete(id));
    }

    private static void checkFree(SavedTunnelDao dao, SavedTunnel tunnel, long self) {
        dao.byName(tunnel.name()).filter(other -> other.id() != self).ifPresent(other -> {
            throw new ValidationException("name", "a saved tunnel is already named '" + tunnel.name() + "'");
        });
        dao.byLocalPort(tunnel.localPort()).filter(other -> other.id() != self).ifPresent(other -> {
            throw new ValidationException("localPort", "the saved tunnel '" + other.name() + "' already uses local port " + tunnel.localPort());
        });
    }
}
