package dev.homeport.model;

public record Application(long id, long organisationId, String name) {
    public Application {
        Check.dnsLabel("name", name);
    }
}
