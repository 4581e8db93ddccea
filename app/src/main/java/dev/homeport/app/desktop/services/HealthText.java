package dev.homeport.app.desktop.services;

import dev.homeport.model.HealthGate;
import dev.homeport.model.Service;

/** How a health gate reads in the UI. */
public final class HealthText {
    private HealthText() {
    }

    /** "GET / answers 2xx or 3xx", "the port accepts a connection"… */
    public static String describe(Service service) {
        return switch (service.healthGate()) {
            case HTTP -> "GET " + service.healthCheckPath() + " answers 2xx or 3xx";
            case TCP -> "port " + service.port() + " accepts a connection";
            case IMAGE -> "the image's own HEALTHCHECK reports healthy";
            case RUNNING -> "the container keeps running";
            case DATABASE -> "the database answers its own check";
        };
    }

    /** The choice's words in the settings dialog; null is the default for the service's port. */
    public static String choice(HealthGate gate) {
        if (gate == null) {
            return "Automatic: HTTP with a port, else running";
        }
        return switch (gate) {
            case HTTP -> "HTTP: GET the path answers 2xx or 3xx";
            case TCP -> "TCP: the port accepts a connection";
            case IMAGE -> "Image: its own HEALTHCHECK says healthy";
            case RUNNING -> "Running: the container keeps running";
            case DATABASE -> "Database: it answers its own check (databases only)";
        };
    }
}
