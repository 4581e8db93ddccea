package dev.homeport.model.transfer;

import dev.homeport.model.SavedTunnel;
import dev.homeport.model.SavedTunnelTarget;
import dev.homeport.model.ValidationException;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.inventory.InventoryPath;
import dev.homeport.model.inventory.Level;
import dev.homeport.model.store.ApplicationDao;
import dev.homeport.model.store.EnvironmentDao;
import dev.homeport.model.store.OrganisationDao;
import dev.homeport.model.store.SavedTunnelDao;
import dev.homeport.model.store.ServiceDao;
import dev.homeport.model.store.WorkerNodeDao;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Saved tunnels in the export file ({@code tunnels:}): written with their target by name, and read back after the
 * services and nodes they lead to, in the import's transaction. A target names a service or node of the file or of
 * the store; a name or a local port that a saved tunnel of the store already has is refused, as is one the file has
 * twice.
 */
final class SavedTunnelTransfer {
    private SavedTunnelTransfer() {
    }

    /** A checked entry of the file, its target still by name. */
    record Planned(String at, String name, SavedTunnelTarget target, int localPort, boolean withApp) {
    }

    /** The store's saved tunnels, by name; {@code servicePaths} and {@code nodeNames} are by id. */
    static List<InventoryDocument.Tunnel> export(Handle h, Map<Long, String> servicePaths, Map<Long, String> nodeNames) {
        return h.attach(SavedTunnelDao.class).all().stream().map(t -> new InventoryDocument.Tunnel(t.name(),
                (t.serviceId() != null ? new SavedTunnelTarget(servicePaths.get(t.serviceId()), null, t.remotePort())
                        : new SavedTunnelTarget(null, nodeNames.get(t.nodeId()), t.remotePort())).text(),
                t.localPort(), t.withApp() ? Boolean.TRUE : null)).toList();
    }

    /** Checks every entry on its own and against the others in the file; throws naming the first bad place. */
    static List<Planned> plan(List<InventoryDocument.Tunnel> tunnels) {
        List<Planned> planned = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> ports = new HashSet<>();
        InventoryImporter.each(tunnels, (tunnel, i) -> {
            String at = "tunnels/" + InventoryImporter.label(tunnel.name(), i);
            if (tunnel.target() == null) {
                throw new TransferException(at + "/target: is required: ORG/APP/ENV/SERVICE[:PORT] or NODE:PORT");
            }
            if (tunnel.localPort() == null) {
                throw new TransferException(at + "/localPort: is required");
            }
            SavedTunnelTarget target = InventoryImporter.check(at, () -> {
                SavedTunnelTarget parsed = SavedTunnelTarget.parse(tunnel.target());
                if (parsed.servicePath() != null) {
                    try {
                        InventoryPath.parse(parsed.servicePath(), Level.SERVICE);
                    } catch (ValidationException e) {
                        throw new ValidationException("target", e.rule());
                    }
                }
                return parsed;
            });
            // The record's own rules (name, ports), with stand-in ids: the real ones are found on writing.
            SavedTunnel checked = InventoryImporter.check(at, () -> target.servicePath() != null
                    ? SavedTunnel.toService(tunnel.name(), 1, target.port(), tunnel.localPort(), false)
                    : SavedTunnel.toNode(tunnel.name(), 1, target.port(), tunnel.localPort(), false));
            InventoryImporter.unique(names, checked.name(), at, "saved tunnel");
            InventoryImporter.unique(ports, Integer.toString(checked.localPort()), at + "/localPort", "local port");
            planned.add(new Planned(at, checked.name(), target, checked.localPort(), Boolean.TRUE.equals(tunnel.startWithApp())));
        });
        return planned;
    }

    /** Import adds: a name or a local port the store's saved tunnels have already is refused. */
    static void refuseClashes(Handle h, List<Planned> planned) {
        SavedTunnelDao dao = h.attach(SavedTunnelDao.class);
        for (Planned tunnel : planned) {
            if (dao.byName(tunnel.name()).isPresent()) {
                throw new TransferException(tunnel.at() + ": this store already has a saved tunnel named '" + tunnel.name() + "'");
            }
            dao.byLocalPort(tunnel.localPort()).ifPresent(other -> {
                throw new TransferException(tunnel.at() + "/localPort: the saved tunnel '" + other.name() + "' of this store already uses local port "
                        + tunnel.localPort());
            });
        }
    }

    /** Writes them, each target found among what the import wrote ({@code serviceIds} by path, {@code nodeIds} by name) or in the store. */
    static int write(Handle h, List<Planned> planned, Map<String, Long> serviceIds, Map<String, Long> nodeIds) {
        SavedTunnelDao dao = h.attach(SavedTunnelDao.class);
        for (Planned tunnel : planned) {
            SavedTunnelTarget target = tunnel.target();
            SavedTunnel row;
            if (target.servicePath() != null) {
                long serviceId = Optional.ofNullable(serviceIds.get(target.servicePath())).or(() -> storedService(h, target.servicePath()))
                        .orElseThrow(() -> new TransferException(tunnel.at() + "/target: no service '" + target.servicePath()
                                + "' in the file or the store"));
                row = SavedTunnel.toService(tunnel.name(), serviceId, target.port(), tunnel.localPort(), tunnel.withApp());
            } else {
                long nodeId = Optional.ofNullable(nodeIds.get(target.nodeName()))
                        .or(() -> h.attach(WorkerNodeDao.class).findByName(target.nodeName()).map(WorkerNode::id))
                        .orElseThrow(() -> new TransferException(tunnel.at() + "/target: no node '" + target.nodeName()
                                + "' in the file or the store"));
                row = SavedTunnel.toNode(tunnel.name(), nodeId, target.port(), tunnel.localPort(), tunnel.withApp());
            }
            dao.insert(row);
        }
        return planned.size();
    }

    private static Optional<Long> storedService(Handle h, String path) {
        List<String> parts = InventoryPath.parse(path).parts();
        return h.attach(OrganisationDao.class).findByName(parts.get(0))
                .flatMap(o -> h.attach(ApplicationDao.class).findByName(o.id(), parts.get(1)))
                .flatMap(a -> h.attach(EnvironmentDao.class).findByName(a.id(), parts.get(2)))
                .flatMap(e -> h.attach(ServiceDao.class).findByName(e.id(), parts.get(3)))
                .map(dev.homeport.model.Service::id);
    }
}
