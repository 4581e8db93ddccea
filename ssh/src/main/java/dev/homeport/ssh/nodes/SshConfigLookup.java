package dev.homeport.ssh.nodes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.sshd.client.config.hosts.ConfigFileHostEntryResolver;
import org.apache.sshd.client.config.hosts.HostConfigEntry;

/** What the user's ssh config says about a host, so a node can be added by its alias alone. */
public final class SshConfigLookup {
    private final Path config;

    public SshConfigLookup(Path config) {
        this.config = config;
    }

    /** The effective settings for a host alias; {@code known} is false when no Host block matched it. */
    public record Resolved(String alias, String hostName, int port, String user, List<String> identityFiles, String proxyJump, boolean known) {
    }

    public Resolved resolve(String alias) {
        try {
            HostConfigEntry entry = config == null ? null
                    : new ConfigFileHostEntryResolver(config).resolveEffectiveHost(alias, 0, null, null, null, null);
            if (entry == null) {
                return new Resolved(alias, alias, 22, System.getProperty("user.name"), List.of(), null, false);
            }
            boolean known = !alias.equals(entry.getHostName()) || entry.getPort() > 0 || entry.getUsername() != null
                    || entry.getIdentities() != null && !entry.getIdentities().isEmpty() || entry.getProxyJump() != null;
            return new Resolved(alias, entry.getHostName() == null ? alias : entry.getHostName(),
                    entry.getPort() > 0 ? entry.getPort() : 22,
                    entry.getUsername() == null || entry.getUsername().isBlank() ? System.getProperty("user.name") : entry.getUsername(),
                    entry.getIdentities() == null ? List.of() : List.copyOf(entry.getIdentities()), entry.getProxyJump(), known);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the ssh config " + config + ": " + e.getMessage(), e);
        }
    }
}
