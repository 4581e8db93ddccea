package dev.homeport.model;

import java.util.Locale;

/** How a new release proves it works before traffic moves to it. */
public enum HealthGate {
    /** An HTTP GET of the service's health check path answers 2xx or 3xx. */
    HTTP,
    /** The service's port accepts a TCP connection. */
    TCP,
    /** The image's own HEALTHCHECK reports healthy. */
    IMAGE,
    /** The container is still running a few seconds after it started: for services without a port or a health check. */
    RUNNING,
    /** A database answers its own check, run in its container: {@code pg_isready}, {@code mariadb-admin ping}, {@code redis-cli ping}. */
    DATABASE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The gate a service gets when none is chosen: HTTP when it has a port, else RUNNING. */
    public static HealthGate defaultFor(Integer port) {
        return port == null ? RUNNING : HTTP;
    }

    public static HealthGate parse(String text) {
        for (HealthGate gate : values()) {
            if (gate.label().equalsIgnoreCase(text)) {
                return gate;
            }
        }
        throw new ValidationException("healthGate", "must be http, tcp, image or running (database, for a database), got '" + text + "'");
    }
}
