package dev.homeport.model;

/**
 * A saved tunnel's target as people type it and as the export file writes it, the same in the app, the command line
 * and the file: {@code ORG/APP/ENV/SERVICE} (the service's own port), {@code ORG/APP/ENV/SERVICE:PORT}, or
 * {@code NODE:PORT}. Names, not ids: resolving them is the caller's.
 */
public record SavedTunnelTarget(String servicePath, String nodeName, Integer port) {
    public static SavedTunnelTarget parse(String text) {
        String typed = text == null ? "" : text.strip();
        if (typed.isEmpty()) {
            throw new ValidationException("target", "name a service (ORG/APP/ENV/SERVICE[:PORT]) or a node's port (NODE:PORT)");
        }
        int colon = typed.lastIndexOf(':');
        String name = colon < 0 ? typed : typed.substring(0, colon);
        Integer port = colon < 0 ? null : port(typed.substring(colon + 1), typed);
        if (name.contains("/")) {
            return new SavedTunnelTarget(name, null, port);
        }
        if (port == null) {
            throw new ValidationException("target", "'" + typed + "' names neither a service (ORG/APP/ENV/SERVICE) nor a node's port"
                    + " (NODE:PORT)");
        }
        if (name.isEmpty()) {
            throw new ValidationException("target", "'" + typed + "': name the node before the port (NODE:PORT)");
        }
        return new SavedTunnelTarget(null, name, port);
    }

    /** The target as it is typed: the inverse of {@link #parse}. */
    public String text() {
        String name = servicePath != null ? servicePath : nodeName;
        return port == null ? name : name + ":" + port;
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
