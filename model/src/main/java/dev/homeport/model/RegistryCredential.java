package dev.homeport.model;

import dev.homeport.model.vault.Sealed;

/** A login for a private image registry, used when pulling on a node. */
public record RegistryCredential(long id, long organisationId, String registry, String username, Sealed password) {
    public RegistryCredential {
        Check.host("registry", registry.contains(":") && !Check.isIpAddress(registry) ? registry.substring(0, registry.lastIndexOf(':')) : registry);
        Check.notBlank("username", username);
        if (password == null) {
            throw new ValidationException("password", "is required");
        }
    }
}
