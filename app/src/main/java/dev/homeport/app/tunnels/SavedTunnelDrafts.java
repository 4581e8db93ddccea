package dev.homeport.app.tunnels;

import dev.homeport.app.Homeport;
import dev.homeport.model.SavedTunnel;
import dev.homeport.model.ValidationException;
import dev.homeport.model.inventory.InventoryPath;
import dev.homeport.model.inventory.Level;
import dev.homeport.model.inventory.Ref;

/**
 * A saved tunnel's target as people type it, the same in the app and the command line:
 * {@code ORG/APP/ENV/SERVICE} (its own port), {@code ORG/APP/ENV/SERVICE:PORT}, or {@code NODE:PORT}.
 */
public final class SavedTunnelDrafts {
    private SavedTunnelDrafts() {
    }

    /** What the text names: a service's path (with a port or not), or a node's name and a port. */
    public record Target(String servicePath, String nodeName, Integer port) {
        public static Target parse(String text) {
            String typed = text == null ? "" : text.strip();
            if (typed.isEmpty()) {
                throw new ValidationException("target", "name a service (ORG/APP/ENV/SERVICE[:PORT]) or a node's port (NODE:PORT)");
            }
            int colon = typed.lastIndexOf(':');
            String name = colon < 0 ? typed : typed.substring(0, colon);
            Integer port = colon < 0 ? null : port(typed.substring(colon + 1), typed);
            if (name.contains("/")) {
                return new Target(name, null, port);
            }
            if (port == null) {
                throw new ValidationException("target", "'" + typed + "' names neither a service (ORG/APP/ENV/SERVICE) nor a node's port"
                        + " (NODE:PORT)");
            }
            if (name.isEmpty()) {
                throw new ValidationException("target", "'" + typed + "': name the node before the port (NODE:PORT)");
            }
            return new Target(null, name, port);
        }

        private static int port(String digits, String text) {
            try {
                int port = Integer.parseInt(digits);
                if (port >= 1 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException notANumber) {
                // said below
            }
            throw new ValidationException("target", "'" + text + "': the port after ':' must be a number from 1 to 65535");
        }
    }

    /** A saved tunnel (with {@code id}, 0 for a new one) from what was typed; resolves the service or node. Reads the store. */
    public static SavedTunnel draft(Homeport homeport, long id, String name, String targetText, int localPort, boolean withApp) {
        Target target = Target.parse(targetText);
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
            return saved.remotePort() == null ? path : path + ":" + saved.remotePort();
        }
        return homeport.nodes().node(saved.nodeId()).name() + ":" + saved.remotePort();
    }
}
