package dev.homeport.model;

/** A stage of an Application, such as production or staging. Nodes are attached to environments. */
public record Environment(long id, long applicationId, String name) {
    public Environment {
        Check.dnsLabel("name", name);
    }
}
