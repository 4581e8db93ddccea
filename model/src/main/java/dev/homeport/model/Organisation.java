package dev.homeport.model;

/** The top of the inventory. The ACME email is used for automatic HTTPS certificates. */
public record Organisation(long id, String name, String acmeEmail) {
    public Organisation {
        Check.dnsLabel("name", name);
        if (acmeEmail != null) {
            Check.email("acmeEmail", acmeEmail);
        }
    }

    public static Organisation draft(String name) {
        return new Organisation(0, name, null);
    }
}
