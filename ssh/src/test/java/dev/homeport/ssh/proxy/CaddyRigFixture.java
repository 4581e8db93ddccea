package dev.homeport.ssh.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigTargets;
import dev.homeport.ssh.transport.NodeConnection;
import dev.homeport.ssh.transport.NodeConnections;
import dev.homeport.ssh.transport.Prompts;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * The rig's Caddy, reached as a node's would be: its admin API through a forward
 * over the rig's sshd. Upstreams are HTTP servers in this JVM on 127.0.0.1, which
 * Caddy (on the same machine) can dial. Every Service id a test takes is removed
 * from Caddy on {@link #close()}, with any config the test added for itself, so
 * Caddy's autosaved config is left as it was.
 */
final class CaddyRigFixture implements AutoCloseable {
    final NodeConnections connections;
    final NodeConnection node;
    final CaddyAdmin admin;
    final CaddyRoutes routes;
    /** Part of every name and id a test makes, so runs (and other tests on the same Caddy) never meet. */
    final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<Long> serviceKeys = new ArrayList<>();
    private final List<Consumer<ObjectNode>> undo = new ArrayList<>();
    private final List<HttpServer> upstreams = new ArrayList<>();

    CaddyRigFixture(Rig rig, Path folder) {
        this.connections = new NodeConnections(RigTargets.settings(rig, folder));
        this.node = connections.to(RigTargets.rig(rig), Prompts.NONE);
        this.admin = CaddyAdmin.over(node);
        this.routes = new CaddyRoutes(admin);
    }

    /** A Service id in a range no real inventory reaches, removed from Caddy on close. */
    long serviceKey() {
        long id = 9_000_000 + ThreadLocalRandom.current().nextLong(1_000_000_000L);
        serviceKeys.add(id);
        return id;
    }

    /** {@code homeport-<what>-<run>.<zone>}. */
    String hostname(String what, String zone) {
        return "homeport-" + what + "-" + run + "." + zone;
    }

    /** An upstream on 127.0.0.1 that answers every request with {@code body}; returns its host:port. */
    String upstream(String body) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        upstreams.add(server);
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Config a test sets up itself, and how to take it out again on close. */
    void addConfig(Consumer<ObjectNode> add, Consumer<ObjectNode> remove) {
        undo.add(remove);
        editConfig(add);
    }

    /** Changes Caddy's config the way Homeport does: the whole config, guarded by its ETag. */
    void editConfig(Consumer<ObjectNode> change) {
        for (int attempt = 1; ; attempt++) {
            CaddyAdmin.Versioned current = admin.config();
            ObjectNode config = current.config().isObject() ? (ObjectNode) current.config().deepCopy() : CaddyAdmin.JSON.createObjectNode();
            change.accept(config);
            try {
                admin.replaceConfig(config, current.etag());
                return;
            } catch (ProxyException e) {
                if (e.status() != ProxyException.PRECONDITION_FAILED || attempt == 5) {
                    throw e;
                }
            }
        }
    }

    JsonNode config() {
        return admin.config().config();
    }

    @Override
    public void close() {
        try {
            for (long id : serviceKeys) {
                routes.remove(id);
            }
            if (!undo.isEmpty()) {
                editConfig(config -> {
                    undo.forEach(action -> action.accept(config));
                    CaddyConfig.prune(config);
                });
            }
        } finally {
            upstreams.forEach(server -> server.stop(0));
            admin.close();
            connections.close();
        }
    }
}
