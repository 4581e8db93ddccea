package dev.homeport.ssh.health;

import dev.homeport.ssh.transport.Http1;
import dev.homeport.ssh.transport.NodeConnection;
import dev.homeport.ssh.transport.PortForward;
import java.io.IOException;
import java.time.Duration;

/**
 * Caddy's admin API answers {@code GET /config/} on the node's 127.0.0.1:2019,
 * through an SSH forward. Caddy refuses a Host header other than its own
 * address, which Java's HttpClient will not set, so this speaks plain HTTP/1.1.
 */
public final class CaddyCheck implements HealthCheck {
    public static final String NAME = "caddy";
    public static final int ADMIN_PORT = 2019;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckResult check(NodeConnection connection, Duration timeout) {
        try (PortForward forward = connection.forwardLocal("127.0.0.1", ADMIN_PORT)) {
            int status = Http1.get(forward.localPort(), "127.0.0.1:" + ADMIN_PORT, "/config/", timeout).status();
            return status == 200 ? CheckResult.ok(NAME, "Caddy's admin API answers.")
                    : CheckResult.failed(NAME, "Caddy's admin API answered " + status + " to GET /config/.");
        } catch (IOException e) {
            return CheckResult.failed(NAME, "Caddy's admin API does not answer on 127.0.0.1:" + ADMIN_PORT + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ".");
        }
    }
}
