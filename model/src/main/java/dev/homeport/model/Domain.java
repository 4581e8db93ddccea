package dev.homeport.model;

/** A name a Service answers on. Caddy routes it to the Service's container with HTTPS. */
public record Domain(long id, long serviceId, String hostname) {
    public Domain {
        hostname = Check.domain("domain", hostname);
    }
}
