package dev.homeport.model;

import dev.homeport.model.vault.Sealed;

/** A login for a private image registry, used when pulling on a node. */
public record RegistryCredential(long id, long organisationId, String registry, String username, Sealed password) {
    public RegistryCredential {
        checkRegistry(registry);
        Check.notBlank("username", username);
        if (password == null) {
            throw new ValidationException("password", "is required");
        }
    }

    /** A registry host, with a port when it has one: {@code ghcr.io}, {@code registry.example.com:5000}. */
    public static String checkRegistry(String registry) {
        Check.notBlank("registry", registry);
        boolean withPort = registry.contains(":") && !Check.isIpAddress(registry);
        Check.host("registry", withPort ? registry.substring(0, registry.lastIndexOf(':')) : registry);
        if (withPort) {
            // "https://ghcr.io" would otherwise pass as the host "https" with the port "//ghcr.io".
            String port = registry.substring(registry.lastIndexOf(':') + 1);
            if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                throw new ValidationException("registry", "must be a host with an optional port, such as ghcr.io or"
                        + " registry.example.com:5000 (no https://), got '" + Check.printable(registry) + "'");
            }
        }
        return registry;
    }
}
