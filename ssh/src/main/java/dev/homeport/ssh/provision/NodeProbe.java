package dev.homeport.ssh.provision;

import dev.homeport.ssh.transport.ExecResult;
import dev.homeport.ssh.transport.Http1;
import dev.homeport.ssh.transport.NodeConnection;
import dev.homeport.ssh.transport.PortForward;
import java.io.IOException;
import java.time.Duration;

/**
 * Looks at a node without changing it: one small script over SSH, then the
 * Caddy admin API and the Netdata API through SSH forwards, from the node's
 * side (neither is ever reachable from outside).
 */
public final class NodeProbe {
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(5);

    private final NodeConnection connection;

    public NodeProbe(NodeConnection connection) {
        this.connection = connection;
    }

    public ProbeReport probe() {
        return new ProbeChecks(facts()).report();
    }

    /** The raw facts, for the provisioning steps' checks. */
    NodeFacts facts() {
        ExecResult result = connection.exec(ProbeScript.command(), SCRIPT_TIMEOUT, null).orThrow("The node probe");
        NodeFacts facts = NodeFacts.parse(result.out());
        if (facts.listeners().listening(ProbeChecks.CADDY_ADMIN_PORT)) {
            facts.put("http.caddy", get(ProbeChecks.CADDY_ADMIN_PORT, "/config/", null));
            caddyPorts().forEach(port -> facts.add("caddy.listen", port));
        }
        if (facts.listeners().listening(ProbeChecks.NETDATA_PORT)) {
            facts.put("http.netdata", get(ProbeChecks.NETDATA_PORT, "/api/v1/info", "\"version\""));
            netdataHealth(facts);
        }
        return facts;
    }

    /**
     * Whether the running agent's health engine is on ({@code netdata.health} "on" or "off", from the
     * configuration it serves), and how many of Homeport's alarms it has loaded ({@code netdata.alarms.homeport}).
     * Neither is set when Netdata does not say.
     */
    private void netdataHealth(NodeFacts facts) {
        try {
            Http1.Response config = fetch(ProbeChecks.NETDATA_PORT, "/netdata.conf");
            if (config.status() != 200) {
                return;
            }
            boolean on = HealthConfig.enabled(config.text());
            facts.put("netdata.health", on ? "on" : "off");
            if (on) {
                Http1.Response alarms = fetch(ProbeChecks.NETDATA_PORT, "/api/v1/alarms?all");
                if (alarms.status() == 200) {
                    long count = new com.fasterxml.jackson.databind.ObjectMapper().readTree(alarms.text()).path("alarms").valueStream()
                            .filter(alarm -> alarm.path("name").asText().startsWith(HomeportAlarms.PREFIX)).count();
                    facts.put("netdata.alarms.homeport", Long.toString(count));
                }
            }
        } catch (IOException | RuntimeException e) {
            // left unset: the step and the checks treat it as unknown
        }
    }

    /**
     * "ok" when 127.0.0.1:port on the node answers 200 (with {@code expected} in the body, if given); otherwise why not.
     */
    private String get(int port, String path, String expected) {
        try {
            Http1.Response response = fetch(port, path);
            if (response.status() != 200) {
                return "HTTP " + response.status();
            }
            return expected == null || response.text().contains(expected) ? "ok" : "an unexpected answer";
        } catch (IOException e) {
            return "no answer (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
        }
    }

    /**
     * The ports Caddy's own config says it listens on (its HTTP servers), so ports 80 and 443 can be
     * told to be Caddy's when only root could see their owner. Empty when that cannot be read.
     */
    private java.util.List<String> caddyPorts() {
        try {
            Http1.Response response = fetch(ProbeChecks.CADDY_ADMIN_PORT, "/config/apps/http/servers");
            if (response.status() != 200) {
                return java.util.List.of();
            }
            java.util.List<String> ports = new java.util.ArrayList<>();
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.text()).forEach(server -> server.path("listen").forEach(address -> {
                String text = address.asText();
                ports.add(text.substring(text.lastIndexOf(':') + 1));
            }));
            return ports;
        } catch (IOException | RuntimeException e) {
            return java.util.List.of();
        }
    }

    /** Through a forward, naming the node's own address: Caddy's admin API answers 403 to any other Host. */
    private Http1.Response fetch(int port, String path) throws IOException {
        try (PortForward forward = connection.forwardLocal("127.0.0.1", port)) {
            return Http1.get(forward.localPort(), "127.0.0.1:" + port, path, HTTP_TIMEOUT);
        }
    }
}
