package dev.homeport.app.tunnels;

import dev.homeport.app.Homeport;
import dev.homeport.model.SavedTunnel;
import dev.homeport.model.SavedTunnelTarget;
import dev.homeport.model.inventory.InventoryPath;
import dev.homeport.model.inventory.Level;
import dev.homeport.model.inventory.Ref;

/**
 * A saved tunnel from what people type, the same in the app and the command line; the target's text is
 * {@link SavedTunnelTarget}'s (the export file writes it so too).
 */
public final class SavedTunnelDrafts {
    private SavedTunnelDrafts() {
    }

    /** A saved tunnel (with {@code id}, 0 for a new one) from what was typed; resolves the service or node. Reads the store. */
    public static SavedTunnel draft(Homeport homeport, long id, String name, String targetText, int localPort, boolean withApp) {
        SavedTunnelTarget target = SavedTunnelTarget.parse(targetText);
        String trimmed = name == null ? "" : name.strip();
        if (target.servicePath() != null) {
            long serviceId = homeport.inventory().resolve(InventoryPath.parse(target.servicePath(), Level.SERVICE)).id();
            return new SavedTunnel(id, trimmed, serviceId, null, target.port(), localPort, withApp);
        }
        long nodeId = homeport.nodes().node(target.nodeName()).id();
        return new SavedTunnel(id, trimmed, null, nodeId, target.port(), localPort, withApp);
    }

    /** The target as it would be typed: the inverse of {@link #draft}. Reads the store. */
    public static String targetText(Homeport homeport, SavedTunnel saved) {
        if (saved.serviceId() != null) {
            String path = homeport.inventory().pathOf(new Ref(Level.SERVICE, saved.serviceId())).toString();
            return new SavedTunnelTarget(path, null, saved.remotePort()).text();
        }
        return new SavedTunnelTarget(null, homeport.nodes().node(saved.nodeId()).name(), saved.remotePort()).text();
    }
}
