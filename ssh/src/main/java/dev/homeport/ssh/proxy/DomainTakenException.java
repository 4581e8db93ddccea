package dev.homeport.ssh.proxy;

/**
 * A name a route would take already leads to another service in Caddy's config.
 * {@code holderKey} is that service's node key, so the caller can say whether a
 * service of its own store holds it, or one no store here knows (see
 * {@code homeport domain takeover}).
 */
public final class DomainTakenException extends ProxyException {
    private final String hostname;
    private final long holderKey;

    public DomainTakenException(String hostname, long holderKey, String message) {
        super(message);
        this.hostname = hostname;
        this.holderKey = holderKey;
    }

    public String hostname() {
        return hostname;
    }

    public long holderKey() {
        return holderKey;
    }
}
