package dev.homeport.ssh.swarm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The edge's Caddy config: one static config for every service. The node's Caddy names the service and port
 * in two request headers ({@link #SERVICE_HEADER}, {@link #PORT_HEADER}), set over whatever a client sent; the
 * edge looks up {@code tasks.<service>} on the overlay network's DNS (the replicas' addresses, refreshed every
 * second) and proxies to one of them. Caddy 2.6 expands placeholders in the name, the port and the key of its
 * lookup cache ({@code AUpstreams.GetUpstreams}), so one route serves every service.
 *
 * <p>A dial that fails (a replica just gone) is tried on another replica within a second; a replica that failed
 * is skipped for 10 s; a request waits up to 5 s for a replica. These settings gave no failed request while
 * replicas were killed on the rig.
 */
final class EdgeConfig {
    static final String SERVICE_HEADER = "X-Homeport-Service";
    static final String PORT_HEADER = "X-Homeport-Port";
    private static final ObjectMapper JSON = new ObjectMapper();

    private EdgeConfig() {
    }

    static String json() {
        ObjectNode root = JSON.createObjectNode();
        // No admin API and no autosaved config: the edge's config is the image's file, nothing else.
        root.putObject("admin").put("disabled", true).putObject("config").put("persist", false);
        ObjectNode server = root.putObject("apps").putObject("http").putObject("servers").putObject("edge");
        server.putArray("listen").add("unix/" + EdgeImage.SOCKET);
        server.putObject("automatic_https").put("disable", true);
        ObjectNode proxy = server.putArray("routes").addObject().putArray("handle").addObject();
        proxy.put("handler", "reverse_proxy");
        proxy.putObject("dynamic_upstreams")
                .put("source", "a")
                .put("name", "tasks.{http.request.header." + SERVICE_HEADER + "}")
                .put("port", "{http.request.header." + PORT_HEADER + "}")
                .put("refresh", "1s");
        proxy.putObject("transport").put("protocol", "http").put("dial_timeout", "1s");
        proxy.putObject("load_balancing").put("try_duration", "5s").put("try_interval", "100ms");
        proxy.putObject("health_checks").putObject("passive").put("max_fails", 1).put("fail_duration", "10s");
        ObjectNode request = proxy.putObject("headers").putObject("request");
        // The peer on a Unix socket has no address, so Caddy drops the X-Forwarded-* headers the node's Caddy
        // set; these put them back from the incoming request, which only the node's Caddy can send.
        ObjectNode set = request.putObject("set");
        for (String forwarded : List.of("X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host")) {
            set.putArray(forwarded).add("{http.request.header." + forwarded + "}");
        }
        request.putArray("delete").add(SERVICE_HEADER).add(PORT_HEADER);
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
