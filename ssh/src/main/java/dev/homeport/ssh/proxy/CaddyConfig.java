package dev.homeport.ssh.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Homeport's part of Caddy's JSON config, as pure edits of the tree (no I/O).
 *
 * <p>Homeport owns two servers in {@code apps.http.servers}: {@value #HTTPS_SERVER}
 * on :443 and {@value #HTTP_SERVER} on :80. A Service has one route in the HTTPS
 * server, {@code "@id": "homeport-service-<id>"}, matching all its names; its
 * internal names also get a route in the HTTP server ({@code …-http}). Each kind of
 * name gets a TLS automation policy ({@code …-tls-internal} with Caddy's internal
 * issuer, {@code …-tls-acme} with an ACME issuer), and while there are internal names
 * the local CA is told not to touch the node's trust store ({@value #PKI_ID}). On a cluster's nodes the internal
 * names are signed by a {@link SharedAuthority} instead, one CA that every node's Caddy has (see {@link #withAuthority}).
 * Everything else in the config is left as it is, with one exception: see
 * {@link #STOCK_SITE}.
 *
 * <p>Caddy 2.6 adds its HTTP→HTTPS redirects to the server that listens on :80, after
 * the last route with a host matcher, then a catch-all redirect. So the HTTP server's
 * routes for internal names come first and win; every other name on :80 is redirected.
 */
final class CaddyConfig {
    static final String HTTPS_SERVER = "homeport-https";
    static final String HTTP_SERVER = "homeport-http";
    static final String HTTPS_LISTEN = ":443";
    static final String HTTP_LISTEN = ":80";
    static final String ID_PREFIX = "homeport-service-";
    /** The vars handler's key that carries the Service's label (also a placeholder, {http.vars.homeport_service}). */
    static final String LABEL_VAR = "homeport_service";
    /** Marks the local CA setting Homeport adds (see {@link #keepTrustStoreAlone}). */
    static final String PKI_ID = "homeport-pki-local";
    static final String ACME_CHALLENGE_PATH = "/.well-known/acme-challenge/*";
    /** Marks an ACME challenge one node passed on to another (see {@link #relayRouteJson}). */
    static final String RELAYED_HEADER = "X-Homeport-Relayed";
    /** A node that is down costs the challenge this much before the next node is asked. */
    static final String RELAY_DIAL_TIMEOUT = "2s";
    /** How long a request waits for a Unix-socket upstream that refuses connections (the edge restarting). */
    static final String SOCKET_TRY_DURATION = "5s";

    /**
     * The site that Debian's and Ubuntu's caddy package puts in /etc/caddy/Caddyfile, as Caddy
     * adapts it: the "Caddy works!" page on :80. It holds :80, which Homeport needs, and serves
     * nothing anyone set up, so Homeport removes it when it is exactly this. Any other server
     * on :80 or :443 is the user's, and Homeport refuses to route rather than change it.
     */
    static final String STOCK_SITE = """
            {"listen":[":80"],"routes":[{"handle":[{"handler":"vars","root":"/usr/share/caddy"},\
            {"handler":"file_server","hide":["/etc/caddy/Caddyfile"]}]}]}""";

    private CaddyConfig() {
    }

    static String routeId(long serviceKey) {
        return ID_PREFIX + serviceKey;
    }

    static String httpRouteId(long serviceKey) {
        return routeId(serviceKey) + "-http";
    }

    /** The route on :80 that passes a cluster's ACME challenges on to the other nodes. */
    static String relayRouteId(long serviceKey) {
        return routeId(serviceKey) + "-acme-relay";
    }

    static String internalTlsId(long serviceKey) {
        return routeId(serviceKey) + "-tls-internal";
    }

    static String acmeTlsId(long serviceKey) {
        return routeId(serviceKey) + "-tls-acme";
    }

    // ---- edits -------------------------------------------------------------------------------

    /** A copy of {@code config} (which may be JSON null) with the Service's route set, added or replaced in place. */
    static ObjectNode withRoute(JsonNode config, ServiceRoute route) {
        ObjectNode root = config != null && config.isObject() ? ((ObjectNode) config).deepCopy() : CaddyAdmin.JSON.createObjectNode();
        long id = route.serviceKey();
        List<String> internal = route.internalHostnames();
        List<String> external = route.publicHostnames();

        ObjectNode servers = object(object(object(root, "apps"), "http"), "servers");
        checkNamesFree(servers, route);
        makeRoom(servers);
        put(routes(server(servers, HTTPS_SERVER, HTTPS_LISTEN)), routeJson(routeId(id), route.hostnames(), route), false);
        if (internal.isEmpty()) {
            removeById(servers.path(HTTP_SERVER).path("routes"), httpRouteId(id));
        } else {
            put(routes(server(servers, HTTP_SERVER, HTTP_LISTEN)), routeJson(httpRouteId(id), internal, route), false);
        }
        List<String> relays = route.cluster() == null ? List.of() : route.cluster().relays();
        putRelay(servers, id, external, relays);

        ArrayNode policies = array(object(object(object(root, "apps"), "tls"), "automation"), "policies");
        if (internal.isEmpty()) {
            removeById(policies, internalTlsId(id));
        } else {
            ObjectNode issuer = issuer("internal", null);
            String authority = route.cluster() == null ? null : route.cluster().authority();
            if (authority == null) {
                keepTrustStoreAlone(root);
            } else if (!root.path("apps").path("pki").path("certificate_authorities").has(authority)) {
                throw new ProxyException("Caddy has no certificate authority " + authority + " to sign " + internal
                        + " with; it is the cluster's, and its nodes get it before their routes.");
            } else {
                issuer.put("ca", authority);
            }
            put(policies, policy(internalTlsId(id), internal, issuer), true);
        }
        if (external.isEmpty()) {
            removeById(policies, acmeTlsId(id));
        } else {
            ObjectNode issuer = issuer("acme", route.acmeEmail());
            if (route.acmeDirectory() != null) {
                issuer.put("ca", route.acmeDirectory());
            }
            if (!relays.isEmpty()) {
                // Only the HTTP challenge can be passed from node to node; the TLS-ALPN one ends at whichever node the CA reaches.
                issuer.putObject("challenges").putObject("tls-alpn").put("disabled", true);
            }
            put(policies, policy(acmeTlsId(id), external, issuer), true);
        }
        prune(root);
        return root;
    }

    /**
     * A copy of {@code config} whose :80 passes the ACME challenges for the service's public names on to the
     * other nodes, before any node orders a certificate for them (see {@code ClusterEdge#route}).
     */
    static ObjectNode withRelay(JsonNode config, ServiceRoute route) {
        ObjectNode root = config != null && config.isObject() ? ((ObjectNode) config).deepCopy() : CaddyAdmin.JSON.createObjectNode();
        ObjectNode servers = object(object(object(root, "apps"), "http"), "servers");
        makeRoom(servers);
        putRelay(servers, route.serviceKey(), route.publicHostnames(), route.cluster() == null ? List.of() : route.cluster().relays());
        prune(root);
        return root;
    }

    private static void putRelay(ObjectNode servers, long serviceKey, List<String> publicNames, List<String> relays) {
        if (publicNames.isEmpty() || relays.isEmpty()) {
            removeById(servers.path(HTTP_SERVER).path("routes"), relayRouteId(serviceKey));
        } else {
            put(routes(server(servers, HTTP_SERVER, HTTP_LISTEN)), relayRouteJson(relayRouteId(serviceKey), publicNames, relays), false);
        }
    }

    /** A copy of {@code config} without anything of the Service's; {@code config} itself when it has nothing of it. */
    static JsonNode withoutRoute(JsonNode config, long serviceKey) {
        if (config == null || !config.isObject()) {
            return config;
        }
        ObjectNode root = ((ObjectNode) config).deepCopy();
        JsonNode servers = root.path("apps").path("http").path("servers");
        JsonNode policies = root.path("apps").path("tls").path("automation").path("policies");
        boolean removed = removeById(servers.path(HTTPS_SERVER).path("routes"), routeId(serviceKey))
                | removeById(servers.path(HTTP_SERVER).path("routes"), httpRouteId(serviceKey))
                | removeById(servers.path(HTTP_SERVER).path("routes"), relayRouteId(serviceKey))
                | removeById(policies, internalTlsId(serviceKey))
                | removeById(policies, acmeTlsId(serviceKey));
        if (!removed) {
            return config;
        }
        prune(root);
        return root;
    }

    /**
     * A copy of {@code config} in which the Service's route no longer holds {@code hostname}: the
     * route keeps its other names, or goes when that was its only one. {@code config} itself when
     * the route does not hold it.
     */
    static JsonNode withoutHostname(JsonNode config, long serviceKey, String hostname) {
        Optional<ServiceRoute> route = read(config, serviceKey);
        if (route.isEmpty() || !route.get().hostnames().contains(hostname)) {
            return config;
        }
        List<String> rest = route.get().hostnames().stream().filter(host -> !host.equals(hostname)).toList();
        if (rest.isEmpty()) {
            return withoutRoute(config, serviceKey);
        }
        ServiceRoute kept = route.get();
        return withRoute(withoutRoute(config, serviceKey), kept.withHostnames(rest));
    }

    /**
     * A copy of {@code config} in which Caddy has the shared authority: its CA, which does not touch the node's trust
     * store. Another shared authority Homeport gave this Caddy before (a cluster made anew) is replaced, and the
     * internal names it signed are signed by this one.
     */
    static ObjectNode withAuthority(JsonNode config, SharedAuthority authority) {
        ObjectNode root = config != null && config.isObject() ? ((ObjectNode) config).deepCopy() : CaddyAdmin.JSON.createObjectNode();
        ObjectNode cas = object(object(object(root, "apps"), "pki"), "certificate_authorities");
        List<String> old = new ArrayList<>();
        cas.fieldNames().forEachRemaining(id -> {
            if (id.startsWith(SharedAuthority.PREFIX) && !id.equals(authority.id())) {
                old.add(id);
            }
        });
        cas.remove(old);
        ObjectNode ca = cas.putObject(authority.id());
        ca.put("name", "Homeport cluster");
        ca.put("install_trust", false);
        ca.putObject("root").put("certificate", authority.certificateFile()).put("private_key", authority.keyFile()).put("format", "pem_file");
        for (JsonNode policy : root.path("apps").path("tls").path("automation").path("policies")) {
            if (policy.path("@id").asText().startsWith(ID_PREFIX) && policy.path("issuers").path(0) instanceof ObjectNode issuer
                    && old.contains(issuer.path("ca").asText())) {
                issuer.put("ca", authority.id());
            }
        }
        return root;
    }

    /** The shared authority Homeport gave this Caddy, if any. */
    static Optional<SharedAuthority> sharedAuthority(JsonNode config) {
        if (config == null) {
            return Optional.empty();
        }
        for (var ca : config.path("apps").path("pki").path("certificate_authorities").properties()) {
            if (ca.getKey().startsWith(SharedAuthority.PREFIX)) {
                JsonNode root = ca.getValue().path("root");
                try {
                    return Optional.of(new SharedAuthority(ca.getKey(), root.path("certificate").asText(), root.path("private_key").asText()));
                } catch (IllegalArgumentException e) {
                    throw new ProxyException("Caddy's certificate authority " + ca.getKey() + " is not as Homeport wrote it ("
                            + e.getMessage() + "); it was changed by hand.");
                }
            }
        }
        return Optional.empty();
    }

    /**
     * A copy of {@code config} without the shared authorities no route uses any more (a cluster's last route went
     * first); {@code config} itself when there is none to take out.
     */
    static JsonNode withoutAuthorities(JsonNode config) {
        if (config == null || !(config.path("apps").path("pki").path("certificate_authorities") instanceof ObjectNode)) {
            return config;
        }
        ObjectNode root = ((ObjectNode) config).deepCopy();
        ObjectNode cas = (ObjectNode) root.path("apps").path("pki").path("certificate_authorities");
        List<String> used = new ArrayList<>();
        root.path("apps").path("tls").path("automation").path("policies").forEach(policy -> used.add(policy.path("issuers").path(0).path("ca").asText()));
        List<String> unused = new ArrayList<>();
        cas.fieldNames().forEachRemaining(id -> {
            if (id.startsWith(SharedAuthority.PREFIX) && !used.contains(id)) {
                unused.add(id);
            }
        });
        if (unused.isEmpty()) {
            return config;
        }
        cas.remove(unused);
        prune(root);
        return root;
    }

    // ---- reading back ------------------------------------------------------------------------

    /** The Service's route as Caddy has it, or empty. */
    static Optional<ServiceRoute> read(JsonNode config, long serviceKey) {
        for (JsonNode route : ourRoutes(config)) {
            if (route.path("@id").asText().equals(routeId(serviceKey))) {
                return Optional.of(parse(config, serviceKey, route));
            }
        }
        return Optional.empty();
    }

    /**
     * The key of the Service other than {@code exceptKey} whose route matches {@code hostname}. Only
     * the host matchers are read, so a route someone changed by hand stops nobody but its own Service.
     */
    static Optional<Long> holderKey(JsonNode config, String hostname, long exceptKey) {
        for (JsonNode route : ourRoutes(config)) {
            Optional<Long> key = serviceKey(route.path("@id").asText());
            if (key.isEmpty() || key.get() == exceptKey) {
                continue;
            }
            for (JsonNode host : route.path("match").path(0).path("host")) {
                if (host.asText().equals(hostname)) {
                    return key;
                }
            }
        }
        return Optional.empty();
    }

    /** Every Service Caddy routes for Homeport, in the HTTPS server's order. */
    static List<ServiceRoute> readAll(JsonNode config) {
        List<ServiceRoute> all = new ArrayList<>();
        for (JsonNode route : ourRoutes(config)) {
            serviceKey(route.path("@id").asText()).ifPresent(id -> all.add(parse(config, id, route)));
        }
        return all;
    }

    private static ServiceRoute parse(JsonNode config, long serviceKey, JsonNode route) {
        try {
            List<String> hosts = new ArrayList<>();
            route.path("match").path(0).path("host").forEach(host -> hosts.add(host.asText()));
            String label = null;
            String upstream = null;
            Map<String, String> headers = new LinkedHashMap<>();
            for (JsonNode handler : route.path("handle")) {
                if (handler.path("handler").asText().equals("vars")) {
                    label = handler.path(LABEL_VAR).textValue();
                } else if (handler.path("handler").asText().equals("reverse_proxy")) {
                    upstream = handler.path("upstreams").path(0).path("dial").textValue();
                    handler.path("headers").path("request").path("set").properties()
                            .forEach(header -> headers.put(header.getKey(), header.getValue().path(0).asText()));
                }
            }
            String email = null;
            String directory = null;
            String authority = null;
            for (JsonNode policy : config.path("apps").path("tls").path("automation").path("policies")) {
                if (policy.path("@id").asText().equals(acmeTlsId(serviceKey))) {
                    email = policy.path("issuers").path(0).path("email").textValue();
                    directory = policy.path("issuers").path(0).path("ca").textValue();
                } else if (policy.path("@id").asText().equals(internalTlsId(serviceKey))) {
                    authority = policy.path("issuers").path(0).path("ca").textValue();
                }
            }
            List<String> relays = new ArrayList<>();
            for (JsonNode other : config.path("apps").path("http").path("servers").path(HTTP_SERVER).path("routes")) {
                if (other.path("@id").asText().equals(relayRouteId(serviceKey))) {
                    JsonNode relay = other.path("handle").path(0).path("routes").path(1).path("handle").path(0);
                    while (!relay.isMissingNode()) {
                        relays.add(relay.path("upstreams").path(0).path("dial").asText());
                        relay = relay.path("handle_response").path(0).path("routes").path(0).path("handle").path(0);
                    }
                }
            }
            return new ServiceRoute(serviceKey, label, hosts, upstream, email, headers, new ClusterCertificates(authority, relays), directory);
        } catch (IllegalArgumentException e) {
            throw new ProxyException("Caddy's route " + routeId(serviceKey) + " is not as Homeport wrote it (" + e.getMessage()
                    + "); it was changed by hand. Deploy the service again to rewrite it.");
        }
    }

    private static List<JsonNode> ourRoutes(JsonNode config) {
        List<JsonNode> routes = new ArrayList<>();
        if (config != null) {
            config.path("apps").path("http").path("servers").path(HTTPS_SERVER).path("routes").forEach(routes::add);
        }
        return routes;
    }

    /** The Service id in a route's {@code @id}; empty for the IDs of other routes and policies. */
    private static Optional<Long> serviceKey(String id) {
        if (!id.startsWith(ID_PREFIX) || !id.substring(ID_PREFIX.length()).matches("[1-9][0-9]{0,18}")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(id.substring(ID_PREFIX.length())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    // ---- the JSON Homeport writes ------------------------------------------------------------

    private static ObjectNode routeJson(String id, List<String> hosts, ServiceRoute route) {
        ObjectNode json = CaddyAdmin.JSON.createObjectNode();
        json.put("@id", id);
        ArrayNode hostMatcher = json.putArray("match").addObject().putArray("host");
        hosts.forEach(hostMatcher::add);
        ArrayNode handle = json.putArray("handle");
        // Names the Service in Caddy's config and in its placeholders; Homeport reads it back in current().
        handle.addObject().put("handler", "vars").put(LABEL_VAR, route.label());
        ObjectNode proxy = handle.addObject().put("handler", "reverse_proxy");
        proxy.putArray("upstreams").addObject().put("dial", route.upstream());
        if (!route.requestHeaders().isEmpty()) {
            ObjectNode set = proxy.putObject("headers").putObject("request").putObject("set");
            route.requestHeaders().forEach((name, value) -> set.putArray(name).add(value));
        }
        if (route.socketUpstream()) {
            // The edge behind the socket restarts in about a second (an update, a crash): requests wait for it.
            proxy.putObject("load_balancing").put("try_duration", SOCKET_TRY_DURATION).put("try_interval", "250ms");
        }
        json.put("terminal", true);
        return json;
    }

    /**
     * Passes an ACME HTTP challenge for the names that this node's Caddy cannot answer (another node placed the
     * order) to the other nodes in turn: each is asked while the one before answered 404. A request passed on
     * carries {@value #RELAYED_HEADER}, and a node that cannot answer such a request says 404 instead of passing it
     * on again, so a challenge travels one hop at most. Caddy answers the challenges it knows before any route.
     */
    private static ObjectNode relayRouteJson(String id, List<String> hosts, List<String> relays) {
        ObjectNode json = CaddyAdmin.JSON.createObjectNode();
        json.put("@id", id);
        ObjectNode match = json.putArray("match").addObject();
        ArrayNode hostMatcher = match.putArray("host");
        hosts.forEach(hostMatcher::add);
        match.putArray("path").add(ACME_CHALLENGE_PATH);
        ArrayNode steps = json.putArray("handle").addObject().put("handler", "subroute").putArray("routes");
        ObjectNode stop = steps.addObject();
        stop.putArray("match").addObject().putObject("header").putArray(RELAYED_HEADER).add("*");
        stop.putArray("handle").addObject().put("handler", "static_response").put("status_code", 404);
        stop.put("terminal", true);
        steps.addObject().putArray("handle").add(relay(relays, 0));
        json.put("terminal", true);
        return json;
    }

    private static ObjectNode relay(List<String> relays, int index) {
        ObjectNode proxy = CaddyAdmin.JSON.createObjectNode().put("handler", "reverse_proxy");
        proxy.putArray("upstreams").addObject().put("dial", relays.get(index));
        proxy.putObject("headers").putObject("request").putObject("set").putArray(RELAYED_HEADER).add("1");
        proxy.putObject("transport").put("protocol", "http").put("dial_timeout", RELAY_DIAL_TIMEOUT);
        if (index + 1 < relays.size()) {
            ObjectNode next = proxy.putArray("handle_response").addObject();
            next.putObject("match").putArray("status_code").add(404);
            next.putArray("routes").addObject().putArray("handle").add(relay(relays, index + 1));
        }
        return proxy;
    }

    private static ObjectNode policy(String id, List<String> subjects, ObjectNode issuer) {
        ObjectNode json = CaddyAdmin.JSON.createObjectNode();
        json.put("@id", id);
        ArrayNode names = json.putArray("subjects");
        subjects.forEach(names::add);
        json.putArray("issuers").add(issuer);
        return json;
    }

    private static ObjectNode issuer(String module, String email) {
        ObjectNode json = CaddyAdmin.JSON.createObjectNode().put("module", module);
        if (email != null) {
            json.put("email", email);
        }
        return json;
    }

    /**
     * Caddy's local CA installs its root into the node's system trust store when it starts,
     * unless told not to. That changes the node's trust for every program on it, and only
     * works when Caddy runs as root: Homeport says no, unless the user has said otherwise.
     * The setting carries Homeport's {@code @id}, so {@link #prune} can take it out again.
     */
    private static void keepTrustStoreAlone(ObjectNode root) {
        ObjectNode local = object(object(object(object(root, "apps"), "pki"), "certificate_authorities"), "local");
        if (!local.has("install_trust") && !local.has("@id")) {
            local.put("@id", PKI_ID);
            local.put("install_trust", false);
        }
    }

    // ---- guards ------------------------------------------------------------------------------

    /** A name leads to one Service only; Caddy would route it to whichever route came first. */
    private static void checkNamesFree(ObjectNode servers, ServiceRoute route) {
        for (JsonNode other : servers.path(HTTPS_SERVER).path("routes")) {
            String id = other.path("@id").asText();
            if (id.equals(routeId(route.serviceKey()))) {
                continue;
            }
            for (JsonNode host : other.path("match").path(0).path("host")) {
                if (route.hostnames().contains(host.asText())) {
                    throw new DomainTakenException(host.asText(), serviceKey(id).orElse(0L), host.asText() + " already leads to another service ("
                            + id + " in Caddy's config); a domain can belong to one service only.");
                }
            }
        }
    }

    /** Refuses when a server that is not Homeport's holds :80 or :443; removes the package's stock site. */
    private static void makeRoom(ObjectNode servers) {
        JsonNode stock = stockSite();
        List<String> stockSites = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : servers.properties()) {
            String name = entry.getKey();
            if (name.equals(HTTPS_SERVER) || name.equals(HTTP_SERVER)) {
                continue;
            }
            for (JsonNode listen : entry.getValue().path("listen")) {
                String port = listen.asText().substring(listen.asText().lastIndexOf(':') + 1);
                if (!port.equals("80") && !port.equals("443")) {
                    continue;
                }
                if (!entry.getValue().equals(stock)) {
                    throw new ProxyException("Caddy's config has a server of its own, '" + name + "', listening on " + listen.asText()
                            + ". Homeport serves its services through its own servers on :80 and :443 and does not change yours:"
                            + " remove that server or move it to other ports (through Caddy's admin API, as"
                            + " DELETE /config/apps/http/servers/" + name + "), then try again.");
                }
                stockSites.add(name);
            }
        }
        servers.remove(stockSites);
    }

    private static JsonNode stockSite() {
        try {
            return CaddyAdmin.JSON.readTree(STOCK_SITE);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- tree helpers ------------------------------------------------------------------------

    /** The object under {@code key}, created when missing or null. */
    private static ObjectNode object(ObjectNode parent, String key) {
        JsonNode child = parent.get(key);
        if (child == null || child.isNull()) {
            return parent.putObject(key);
        }
        if (!child.isObject()) {
            throw new ProxyException("Caddy's config has '" + key + "' as " + child.getNodeType().name().toLowerCase()
                    + " where an object belongs; Homeport leaves it alone and cannot route.");
        }
        return (ObjectNode) child;
    }

    private static ArrayNode array(ObjectNode parent, String key) {
        JsonNode child = parent.get(key);
        if (child == null || child.isNull()) {
            return parent.putArray(key);
        }
        if (!child.isArray()) {
            throw new ProxyException("Caddy's config has '" + key + "' as " + child.getNodeType().name().toLowerCase()
                    + " where a list belongs; Homeport leaves it alone and cannot route.");
        }
        return (ArrayNode) child;
    }

    private static ObjectNode server(ObjectNode servers, String name, String listen) {
        ObjectNode server = object(servers, name);
        if (!server.has("listen")) {
            server.putArray("listen").add(listen);
        }
        return server;
    }

    private static ArrayNode routes(ObjectNode server) {
        return array(server, "routes");
    }

    /**
     * Replaces the element with the same {@code @id}, or adds it: at the end, or for TLS
     * policies before the first catch-all policy (one without subjects), which Caddy
     * requires to come after the specific ones.
     */
    private static void put(ArrayNode array, ObjectNode element, boolean beforeCatchAll) {
        String id = element.path("@id").asText();
        for (int i = 0; i < array.size(); i++) {
            if (array.get(i).path("@id").asText().equals(id)) {
                array.set(i, element);
                return;
            }
        }
        if (beforeCatchAll) {
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i).path("subjects").isEmpty()) {
                    array.insert(i, element);
                    return;
                }
            }
        }
        array.add(element);
    }

    /** Removes the elements with this {@code @id}; true when there was one. */
    private static boolean removeById(JsonNode array, String id) {
        boolean removed = false;
        if (array instanceof ArrayNode list) {
            for (int i = list.size() - 1; i >= 0; i--) {
                if (list.get(i).path("@id").asText().equals(id)) {
                    list.remove(i);
                    removed = true;
                }
            }
        }
        return removed;
    }

    /**
     * Homeport's servers exist only while they hold routes: an HTTPS server without routes
     * would serve plain HTTP on :443. Its local CA setting goes with its last internal
     * name. Containers left empty on the way (policies, automation, tls, servers, http,
     * pki, apps) go too.
     */
    static void prune(ObjectNode root) {
        if (!(root.get("apps") instanceof ObjectNode apps)) {
            return;
        }
        if (apps.get("http") instanceof ObjectNode http && http.get("servers") instanceof ObjectNode servers) {
            for (String name : List.of(HTTPS_SERVER, HTTP_SERVER)) {
                if (servers.get(name) instanceof ObjectNode server && server.path("routes").isEmpty()) {
                    servers.remove(name);
                }
            }
            removeIfEmpty(http, "servers");
            removeIfEmpty(apps, "http");
        }
        boolean internalNames = false;
        for (JsonNode policy : apps.path("tls").path("automation").path("policies")) {
            String id = policy.path("@id").asText();
            internalNames |= id.startsWith(ID_PREFIX) && id.endsWith("-tls-internal") && !policy.path("issuers").path(0).has("ca");
        }
        if (apps.get("tls") instanceof ObjectNode tls && tls.get("automation") instanceof ObjectNode automation) {
            removeIfEmpty(automation, "policies");
            removeIfEmpty(tls, "automation");
            removeIfEmpty(apps, "tls");
        }
        if (!internalNames && apps.get("pki") instanceof ObjectNode pki && pki.get("certificate_authorities") instanceof ObjectNode cas
                && cas.get("local") instanceof ObjectNode local && local.path("@id").asText().equals(PKI_ID)) {
            local.remove(List.of("@id", "install_trust"));
            removeIfEmpty(cas, "local");
        }
        if (apps.get("pki") instanceof ObjectNode pki) {
            removeIfEmpty(pki, "certificate_authorities");
            removeIfEmpty(apps, "pki");
        }
        removeIfEmpty(root, "apps");
    }

    private static void removeIfEmpty(ObjectNode parent, String key) {
        JsonNode child = parent.get(key);
        if (child != null && child.isContainerNode() && child.isEmpty()) {
            parent.remove(key);
        }
    }
}
