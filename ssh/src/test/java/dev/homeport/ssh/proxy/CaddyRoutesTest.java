package dev.homeport.ssh.proxy;

import dev.homeport.ssh.transport.Http1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homeport.ssh.rig.Rig;
import dev.homeport.ssh.rig.RigExtension;
import dev.homeport.ssh.rig.RigHttp;
import dev.homeport.ssh.rig.RigLoad;
import dev.homeport.ssh.transport.Command;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Routes set through the rig's real Caddy (2.6.2, admin API reached over the rig's
 * sshd), checked with real requests to 127.0.0.1:80 and :443 named as a browser
 * would name them. Upstreams are HTTP servers in this JVM.
 */
@ExtendWith(RigExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CaddyRoutesTest {
    private static final Duration CERTIFICATE_WAIT = Duration.ofSeconds(30);

    @TempDir
    Path folder;
    private CaddyRigFixture caddy;
    private CaddyRoutes routes;

    @BeforeEach
    void open(Rig rig) {
        caddy = new CaddyRigFixture(rig, folder);
        routes = caddy.routes;
    }

    @AfterEach
    void close() {
        caddy.close();
    }

    @Test
    void anInternalNameIsServedOverHttpAndOverHttpsSignedByTheInternalCa() throws Exception {
        String host = caddy.hostname("web", "test");
        routes.route(route(caddy.serviceKey(), List.of(host), caddy.upstream("body of web")));

        RigHttp.Response http = RigHttp.get("http", host, "/", null);
        assertThat(http.status()).isEqualTo(200);
        assertThat(http.body()).isEqualTo("body of web");

        String root = routes.internalRootCertificate();
        assertThat(root).startsWith("-----BEGIN CERTIFICATE-----");
        // Caddy's internal issuer signs the certificate moments after the reload.
        RigHttp.Response https = await().atMost(CERTIFICATE_WAIT).ignoreExceptionsInstanceOf(SSLException.class)
                .until(() -> RigHttp.get("https", host, "/", root), response -> true);
        assertThat(https.status()).isEqualTo(200);
        assertThat(https.body()).isEqualTo("body of web");
    }

    @Test
    void switchingTheUpstreamUnderSteadyTrafficDropsNoRequest() throws Exception {
        // Caddy 2.6 opens new listening sockets (SO_REUSEPORT) on every change and closes the old ones; Linux
        // resets the connections still queued on a closed one unless it may hand them to the new socket.
        assertThat(caddy.node.exec(Command.of("cat", "/proc/sys/net/ipv4/tcp_migrate_req")).out().strip())
                .as("net.ipv4.tcp_migrate_req on the node: without 1, each reload of Caddy resets a few new connections."
                        + " On the rig: sysctl -w net.ipv4.tcp_migrate_req=1")
                .isEqualTo("1");
        long id = caddy.serviceKey();
        String host = caddy.hostname("switch", "test");
        String a = caddy.upstream("version A");
        String b = caddy.upstream("version B");
        ServiceRoute route = route(id, List.of(host), a);
        routes.route(route);

        RigLoad.Result result;
        try (RigLoad load = RigLoad.start(host, "/", 2)) {
            // Back and forth a few times: each switch is a full reload of Caddy's config.
            for (int round = 0; round < 3; round++) {
                long seenA = load.answered("version A");
                await().atMost(Duration.ofSeconds(20)).until(() -> load.answered("version A") >= seenA + 200);
                routes.route(route.withUpstream(b));
                long seenB = load.answered("version B");
                await().atMost(Duration.ofSeconds(20)).until(() -> load.answered("version B") >= seenB + 200);
                if (round < 2) {
                    routes.route(route);
                }
            }
            result = load.stop();
        }
        LoggerFactory.getLogger(CaddyRoutesTest.class).info("Load through six upstream switches: {}", result);

        assertThat(result.failures()).as(result.toString()).isZero();
        assertThat(result.bodies()).containsOnlyKeys("version A", "version B");
        assertThat(RigHttp.get("http", host, "/", null).body()).isEqualTo("version B");
        assertThat(routes.current(id)).get().extracting(ServiceRoute::upstream).isEqualTo(b);
    }

    @Test
    void currentReadsBackWhatCaddyRoutes() throws Exception {
        long id = caddy.serviceKey();
        String internal = caddy.hostname("read", "test");
        String external = caddy.hostname("read", "example.com");
        ServiceRoute route = new ServiceRoute(id, "prod-read", List.of(internal, external), caddy.upstream("read"), "ops@example.com");
        routes.route(route);

        assertThat(routes.current(id)).contains(route);
        assertThat(routes.all()).contains(route);
        assertThat(routes.current(caddy.serviceKey())).isEmpty();

        ServiceRoute internalOnly = new ServiceRoute(id, "prod-read", List.of(internal), caddy.upstream("read again"), null);
        routes.route(internalOnly);
        assertThat(routes.current(id)).contains(internalOnly);
        assertThat(ids(caddy.config())).contains(CaddyConfig.internalTlsId(id), CaddyConfig.httpRouteId(id))
                .doesNotContain(CaddyConfig.acmeTlsId(id));
    }

    @Test
    void removeTakesTheNamesOutOfCaddyAndIsIdempotent() throws Exception {
        long gone = caddy.serviceKey();
        String goneHost = caddy.hostname("gone", "test");
        String keptHost = caddy.hostname("kept", "test");
        routes.route(route(gone, List.of(goneHost), caddy.upstream("gone")));
        // A second route keeps Homeport's servers in Caddy, so what a removed name gets is Caddy's answer, not a closed port.
        routes.route(route(caddy.serviceKey(), List.of(keptHost), caddy.upstream("kept")));
        String root = routes.internalRootCertificate();
        await().atMost(CERTIFICATE_WAIT).ignoreExceptionsInstanceOf(SSLException.class)
                .until(() -> RigHttp.get("https", goneHost, "/", root).status() == 200);

        routes.remove(gone);

        assertThat(routes.current(gone)).isEmpty();
        assertThat(ids(caddy.config())).noneMatch(id -> id.startsWith(CaddyConfig.routeId(gone)));
        // On :80 a name without a route gets Caddy's catch-all redirect to HTTPS...
        RigHttp.Response http = RigHttp.get("http", goneHost, "/page?x=1", null);
        assertThat(http.status()).isEqualTo(308);
        assertThat(http.header("Location")).isEqualTo("https://" + goneHost + "/page?x=1");
        assertThat(http.body()).isEmpty();
        // ...and on :443 Caddy has no certificate for it any more, so the handshake fails.
        assertThatThrownBy(() -> RigHttp.get("https", goneHost, "/", root)).isInstanceOf(SSLException.class);
        assertThat(RigHttp.get("http", keptHost, "/", null).body()).isEqualTo("kept");

        // Again: nothing to do, no error. (Whether a change was sent cannot be told from here: other tests may
        // change Caddy's config at the same time. CaddyConfigTest shows that nothing would be.)
        routes.remove(gone);
        assertThat(routes.current(gone)).isEmpty();
    }

    @Test
    void configThatIsNotHomeportsIsKeptAsItWas() throws Exception {
        String server = "homeport-test-foreign-" + caddy.run;
        String policyId = "homeport-test-foreign-policy-" + caddy.run;
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        ObjectNode foreignServer = (ObjectNode) CaddyAdmin.JSON.readTree("""
                {"listen": ["127.0.0.1:%d"],
                 "routes": [{"@id": "%s-route", "match": [{"path": ["/foreign"]}],
                             "handle": [{"handler": "static_response", "body": "foreign site", "status_code": 200}]}]}"""
                .formatted(port, server));
        // Not the internal issuer: a config of the user's that uses it makes Caddy install its root into this machine's trust store.
        ObjectNode foreignPolicy = (ObjectNode) CaddyAdmin.JSON.readTree("""
                {"@id": "%s", "subjects": ["foreign-%s.example.org"], "issuers": [{"module": "acme", "email": "foreign@example.org"}]}"""
                .formatted(policyId, caddy.run));
        caddy.addConfig(config -> {
            servers(config).set(server, foreignServer);
            policies(config).add(foreignPolicy);
        }, config -> {
            servers(config).remove(server);
            removeId(policies(config), policyId);
        });
        JsonNode before = caddy.config();

        long id = caddy.serviceKey();
        routes.route(route(id, List.of(caddy.hostname("beside", "test")), caddy.upstream("beside")));
        JsonNode during = caddy.config();
        routes.remove(id);
        JsonNode after = caddy.config();

        for (JsonNode config : List.of(during, after)) {
            assertThat(config.path("admin")).isEqualTo(before.path("admin"));
            assertThat(config.path("apps").path("http").path("servers").path(server)).isEqualTo(foreignServer);
            assertThat(findId(config.path("apps").path("tls").path("automation").path("policies"), policyId)).isEqualTo(foreignPolicy);
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(5000);
            assertThat(Http1.exchange(socket, "GET", "/foreign", "127.0.0.1", Map.of(), null).text()).isEqualTo("foreign site");
        }
    }

    @Test
    void aPublicNameIsOnlyServedOverHttpsAndPlainHttpRedirects() throws Exception {
        long id = caddy.serviceKey();
        String internal = caddy.hostname("mixed", "test");
        String external = caddy.hostname("mixed", "example.com");
        routes.route(new ServiceRoute(id, "prod-mixed", List.of(internal, external), caddy.upstream("mixed"), "ops@example.com"));

        RigHttp.Response redirect = RigHttp.get("http", external, "/a/b?c=d", null);
        assertThat(redirect.status()).isEqualTo(308);
        assertThat(redirect.header("Location")).isEqualTo("https://" + external + "/a/b?c=d");
        assertThat(redirect.body()).isEmpty();
        // The same Service's internal name is served over plain HTTP: its route comes before Caddy's redirects.
        assertThat(RigHttp.get("http", internal, "/", null).body()).isEqualTo("mixed");

        JsonNode httpRoute = findId(caddy.config().path("apps").path("http").path("servers").path(CaddyConfig.HTTP_SERVER).path("routes"),
                CaddyConfig.httpRouteId(id));
        assertThat(httpRoute.path("match").path(0).path("host")).containsExactly(CaddyAdmin.JSON.getNodeFactory().textNode(internal));
    }

    @Test
    void changesFromTwoWritersAtOnceAreBothKept() throws Exception {
        List<ServiceRoute> wanted = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            wanted.add(route(caddy.serviceKey(), List.of(caddy.hostname("writer" + i, "test")), caddy.upstream("writer " + i)));
        }
        // A second client with its own forward, as a second Homeport (or a second deploy) would have.
        try (CaddyAdmin other = CaddyAdmin.over(caddy.node); var pool = Executors.newFixedThreadPool(2)) {
            CaddyRoutes second = new CaddyRoutes(other);
            List<Future<?>> done = new ArrayList<>();
            done.add(pool.submit(() -> wanted.subList(0, 4).forEach(routes::route)));
            done.add(pool.submit(() -> wanted.subList(4, 8).forEach(second::route)));
            for (Future<?> future : done) {
                future.get(2, TimeUnit.MINUTES);
            }
        }
        assertThat(routes.all()).containsAll(wanted);
        for (int i = 0; i < 8; i++) {
            assertThat(RigHttp.get("http", wanted.get(i).hostnames().getFirst(), "/", null).body()).isEqualTo("writer " + i);
        }
    }

    @Test
    void aNameThatLeadsToAnotherServiceIsRefused() throws Exception {
        String host = caddy.hostname("taken", "test");
        routes.route(route(caddy.serviceKey(), List.of(host), caddy.upstream("first")));
        long second = caddy.serviceKey();

        assertThatThrownBy(() -> routes.route(route(second, List.of(caddy.hostname("free", "test"), host), "127.0.0.1:9")))
                .isInstanceOf(ProxyException.class)
                .hasMessageContaining(host + " already leads to another service");
        assertThat(routes.current(second)).isEmpty();
        assertThat(RigHttp.get("http", host, "/", null).body()).isEqualTo("first");
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static ServiceRoute route(long id, List<String> hosts, String upstream) {
        return new ServiceRoute(id, "test-service", hosts, upstream, null);
    }

    private static ObjectNode servers(ObjectNode config) {
        return config.withObject("/apps/http/servers");
    }

    private static ArrayNode policies(ObjectNode config) {
        return config.withObject("/apps/tls/automation").withArray("policies");
    }

    private static void removeId(ArrayNode array, String id) {
        for (int i = array.size() - 1; i >= 0; i--) {
            if (array.get(i).path("@id").asText().equals(id)) {
                array.remove(i);
            }
        }
    }

    private static JsonNode findId(JsonNode array, String id) {
        for (JsonNode element : array) {
            if (element.path("@id").asText().equals(id)) {
                return element;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /** Every {@code @id} in the config. */
    private static List<String> ids(JsonNode config) {
        List<String> ids = new ArrayList<>();
        collectIds(config, ids);
        return ids;
    }

    private static void collectIds(JsonNode node, List<String> ids) {
        if (node.has("@id")) {
            ids.add(node.get("@id").asText());
        }
        node.forEach(child -> collectIds(child, ids));
    }
}
