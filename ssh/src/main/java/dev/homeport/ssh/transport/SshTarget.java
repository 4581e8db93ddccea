package dev.homeport.ssh.transport;

/**
 * One node to connect to. {@code host} may be an alias from the ssh config,
 * whose HostName, Port, User, IdentityFile and ProxyJump then apply as
 * OpenSSH applies them; an explicit user or port here wins, as on ssh's
 * command line.
 */
public record SshTarget(String name, String host, int port, String user, Credentials credentials) {
    public SshTarget {
        if (host == null || host.isBlank() || host.startsWith("-")) {
            throw new IllegalArgumentException("A target needs a host name.");
        }
    }

    public String address() {
        return user + "@" + host + (port == 22 ? "" : ":" + port);
    }

    /** Connections are shared per target name; a changed address or credentials means a new connection. */
    String key() {
        return name;
    }

    /** Reached the same way: same address and the same credentials. */
    boolean sameAs(SshTarget other) {
        return host.equals(other.host) && port == other.port && java.util.Objects.equals(user, other.user)
                && credentials.sameAs(other.credentials);
    }
}
