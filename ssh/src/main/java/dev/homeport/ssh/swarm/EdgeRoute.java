package dev.homeport.ssh.swarm;

import dev.homeport.model.Check;
import dev.homeport.model.ValidationException;
import java.util.List;

/**
 * A cluster service's domains as every node's Caddy routes them: {@code serviceKey}, {@code label},
 * {@code domains}, {@code acmeEmail} and {@code acmeDirectory} as in {@link dev.homeport.ssh.proxy.ServiceRoute};
 * {@code swarmService} is the Swarm service's name on the cluster's overlay network (such as {@code prod-web-k3f9})
 * and {@code port} the port its replicas listen on.
 */
public record EdgeRoute(long serviceKey, String label, List<String> domains, String swarmService, int port, String acmeEmail,
                        String acmeDirectory) {
    public EdgeRoute {
        Check.notBlank("swarmService", swarmService);
        // Swarm's own rule for service names; the name also becomes a DNS name (tasks.<name>).
        if (!swarmService.matches("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?")) {
            throw new ValidationException("swarmService", "must be letters, digits and '-', at most 63, not starting or ending with '-', got '"
                    + swarmService.replaceAll("\\p{Cntrl}", "?") + "'");
        }
        Check.port("port", port);
        domains = List.copyOf(domains);
    }

    /** Public names get their certificates from Let's Encrypt. */
    public EdgeRoute(long serviceKey, String label, List<String> domains, String swarmService, int port, String acmeEmail) {
        this(serviceKey, label, domains, swarmService, port, acmeEmail, null);
    }
}
