package dev.homeport.model;

/**
 * A server Homeport prepares and deploys to. {@code hostKey} is the pinned
 * host key in OpenSSH's one-line form ("ssh-ed25519 AAAA…"), or null before
 * the first accepted connection.
 */
public record WorkerNode(long id, String name, String host, int port, String user, NodeIdentity identity, String hostKey) {
    public static final int DEFAULT_PORT = 22;

    public WorkerNode {
        Check.dnsLabel("name", name);
        Check.host("host", host);
        Check.port("port", port);
        Check.notBlank("user", user);
        if (user.startsWith("-") || user.chars().anyMatch(c -> c <= ' ' || c == '@' || c == ':')) {
            throw new ValidationException("user", "must be a user name without spaces, '@' or ':', got '" + Check.printable(user) + "'");
        }
        if (identity == null) {
            throw new ValidationException("identity", "is required: a key file, a stored key, ssh-agent or a password");
        }
    }

    public String address() {
        return user + "@" + host + (port == DEFAULT_PORT ? "" : ":" + port);
    }
}
