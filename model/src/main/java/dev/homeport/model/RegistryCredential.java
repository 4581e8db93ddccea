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
        Check.host("registry", registry.contains(":") && !Check.isIpAddress(registry) ? registry.substring(0, registry.lastIndexOf(':')) : registry);
        return registry;
    }
}
