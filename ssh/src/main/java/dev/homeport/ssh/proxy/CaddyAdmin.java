package dev.homeport.ssh.proxy;

import dev.homeport.ssh.transport.Http1;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.homeport.ssh.transport.NodeConnection;
import dev.homeport.ssh.transport.PortForward;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A node's Caddy admin API ({@code 127.0.0.1:2019} on the node), reached through
 * one SSH local forward that lives as long as this object. Every request is its
 * own HTTP/1.1 connection through that forward, sent with {@code Host: 127.0.0.1:2019}
 * because Caddy refuses any other Host. Safe for use by several threads.
 */
public final class CaddyAdmin implements AutoCloseable {
    public static final int ADMIN_PORT = 2019;
    public static final String ADMIN_HOST = "127.0.0.1:" + ADMIN_PORT;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final String CONFIG = "/config/";

    /** Numbers keep their written form, so parts of the config Homeport does not own go back as they came. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private final NodeConnection connection;
    private final Duration timeout;
    private PortForward forward;
    private boolean closed;

    private CaddyAdmin(NodeConnection connection, Duration timeout) {
        this.connection = connection;
        this.timeout = timeout;
    }

    /** Blocks: opens the forward to the node's Caddy admin API. */
    public static CaddyAdmin over(NodeConnection connection) {
        return over(connection, DEFAULT_TIMEOUT);
    }

    /** Blocks: opens the forward; {@code timeout} bounds each request (a config reload takes a moment). */
    public static CaddyAdmin over(NodeConnection connection, Duration timeout) {
        CaddyAdmin admin = new CaddyAdmin(connection, timeout);
        admin.forward();
        return admin;
    }

    /** The node's name, for messages. */
    public String node() {
        return connection.target().name();
    }

    /** Caddy's config with the ETag that names this version of it, for a later {@link #replaceConfig}. */
    public record Versioned(JsonNode config, String etag) {
    }

    // ---- the whole config, guarded -----------------------------------------------------------

    /** Blocks. Caddy's whole config (a JSON null when it has none) and its ETag. */
    public Versioned config() {
        Http1.Response response = send("GET", CONFIG, null, Map.of());
        String etag = response.header("ETag");
        if (etag == null) {
            throw new ProxyException("Caddy on " + node() + " sent its config without an ETag; Homeport needs Caddy 2.5.2 or later"
                    + " (Debian 12 and Ubuntu 24.04 ship 2.6.2).");
        }
        return new Versioned(parse("GET", CONFIG, response), etag);
    }

    /**
     * Blocks. Replaces the whole config in one step, only if it is still the version
     * {@code etag} names: Caddy compares under its own lock and answers 412 when another
     * writer came first ({@link ProxyException#status()} is then {@link ProxyException#PRECONDITION_FAILED}).
     * Caddy applies a change as a graceful reload: listeners are kept and requests in flight finish.
     */
    public void replaceConfig(JsonNode config, String etag) {
        send("POST", CONFIG, config, Map.of("If-Match", etag));
    }

    // ---- single requests ---------------------------------------------------------------------

    /** Blocks. GET of any admin path, such as {@code /config/apps/http} or {@code /pki/ca/local}. */
    public JsonNode get(String path) {
        return parse("GET", path, send("GET", path, null, Map.of()));
    }

    public JsonNode post(String path, JsonNode body) {
        return parse("POST", path, send("POST", path, body, Map.of()));
    }

    public JsonNode put(String path, JsonNode body) {
        return parse("PUT", path, send("PUT", path, body, Map.of()));
    }

    public JsonNode patch(String path, JsonNode body) {
        return parse("PATCH", path, send("PATCH", path, body, Map.of()));
    }

    public JsonNode delete(String path) {
        return parse("DELETE", path, send("DELETE", path, null, Map.of()));
    }

    // ---- HTTP through the forward ------------------------------------------------------------

    /** Sends one request; a GET that finds the forward dead opens a new one and tries once more. */
    private Http1.Response send(String method, String path, JsonNode body, Map<String, String> extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>(extraHeaders);
        byte[] bytes = null;
        if (body != null) {
            headers.put("Content-Type", "application/json");
            try {
                bytes = JSON.writeValueAsBytes(body);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("A JSON tree that cannot be written: " + e.getMessage(), e);
            }
        }
        Http1.Response response;
        PortForward used = forward();
        try {
            response = exchange(used, method, path, headers, bytes);
        } catch (IOException first) {
            if (!method.equals("GET")) {
                throw unanswered(method, path, first);
            }
            drop(used);
            try {
                response = exchange(forward(), method, path, headers, bytes);
            } catch (IOException again) {
                throw unanswered(method, path, again);
            }
        }
        if (response.status() / 100 != 2) {
            throw new ProxyException("Caddy on " + node() + " refused " + method + " " + path + " (HTTP " + response.status() + "): "
                    + caddyError(response), response.status(), null);
        }
        return response;
    }

    private Http1.Response exchange(PortForward through, String method, String path, Map<String, String> headers, byte[] body)
            throws IOException {
        try (Socket socket = new Socket()) {
            int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
            socket.connect(new InetSocketAddress("127.0.0.1", through.localPort()), millis);
            socket.setSoTimeout(millis);
            return Http1.exchange(socket, method, path, ADMIN_HOST, headers, body);
        }
    }

    /** Caddy's admin errors are {@code {"error": "..."}}; anything else is shown as it came. */
    private static String caddyError(Http1.Response response) {
        String text = response.text().strip();
        try {
            JsonNode error = JSON.readTree(text).path("error");
            if (error.isTextual()) {
                return error.asText();
            }
        } catch (JsonProcessingException notJson) {
            // shown as text below
        }
        return text.isEmpty() ? "no message" : text.length() > 500 ? text.substring(0, 500) + "…" : text;
    }

    private JsonNode parse(String method, String path, Http1.Response response) {
        if (response.body().length == 0) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new ProxyException("Caddy on " + node() + " answered " + method + " " + path + " with something that is not JSON: "
                    + e.getMessage(), response.status(), e);
        }
    }

    private ProxyException unanswered(String method, String path, IOException e) {
        return new ProxyException("Caddy's admin API on " + node() + " (" + ADMIN_HOST + ", through SSH) did not answer "
                + method + " " + path + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), 0, e);
    }

    private synchronized PortForward forward() {
        if (closed) {
            throw new ProxyException("The Caddy admin client for " + node() + " was closed.");
        }
        if (forward == null) {
            forward = connection.forwardLocal("127.0.0.1", ADMIN_PORT);
        }
        return forward;
    }

    /** The SSH session may have dropped since the forward opened; the next request opens a new forward (and session). */
    private synchronized void drop(PortForward failed) {
        if (forward == failed && forward != null) {
            forward.close();
            forward = null;
        }
    }

    /** Closes the forward. */
    @Override
    public synchronized void close() {
        closed = true;
        drop(forward);
    }
}
