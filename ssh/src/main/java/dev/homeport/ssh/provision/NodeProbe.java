package dev.homeport.ssh.provision;

import dev.homeport.ssh.transport.ExecResult;
import dev.homeport.ssh.transport.NodeConnection;
import dev.homeport.ssh.transport.PortForward;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Looks at a node without changing it: one small script over SSH, then the
 * Caddy admin API and the Netdata API through SSH forwards, from the node's
 * side (neither is ever reachable from outside).
 */
public final class NodeProbe {
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_RESPONSE = 256 * 1024;

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
        }
        return facts;
    }

    /**
     * "ok" when 127.0.0.1:port on the node answers 200 (with {@code expected} in the body, if given); otherwise why not.
     */
    private String get(int port, String path, String expected) {
        try {
            String response = fetch(port, path);
            String status = response.lines().findFirst().orElse("");
            if (!status.matches("HTTP/1\\.[01] 200\\b.*")) {
                return status.isEmpty() ? "no answer (the connection closed)" : status.strip();
            }
            return expected == null || response.contains(expected) ? "ok" : "an unexpected answer";
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
            String response = fetch(ProbeChecks.CADDY_ADMIN_PORT, "/config/apps/http/servers");
            int body = response.indexOf("\r\n\r\n");
            if (!response.startsWith("HTTP/1.0 200") && !response.startsWith("HTTP/1.1 200") || body < 0) {
                return java.util.List.of();
            }
            var servers = new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.substring(body + 4));
            java.util.List<String> ports = new java.util.ArrayList<>();
            servers.forEach(server -> server.path("listen").forEach(address -> {
                String text = address.asText();
                ports.add(text.substring(text.lastIndexOf(':') + 1));
            }));
            return ports;
        } catch (IOException | RuntimeException e) {
            return java.util.List.of();
        }
    }

    /**
     * A bare HTTP/1.0 request, because the Host header must name the node's own address: Caddy's admin API answers 403
     * to any other host, and java.net.http does not let a caller set Host.
     */
    private String fetch(int port, String path) throws IOException {
        try (PortForward forward = connection.forwardLocal("127.0.0.1", port);
             Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", forward.localPort()), (int) HTTP_TIMEOUT.toMillis());
            socket.setSoTimeout((int) HTTP_TIMEOUT.toMillis());
            socket.getOutputStream().write(("GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readNBytes(MAX_RESPONSE), StandardCharsets.UTF_8);
        }
    }
}
