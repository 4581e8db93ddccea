package dev.homeport.ssh.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON Homeport writes into Caddy's config, compared with exact literals (no Caddy needed). */
class CaddyConfigTest {
    private static final String ADMIN_ONLY = """
            {"admin": {"listen": "127.0.0.1:2019", "config": {"persist": true}}}""";
    private static final ServiceRoute WEB = new ServiceRoute(42, "prod-web", List.of("web.test", "www.example.com"),
            "172.18.0.5:8080", "ops@example.com");

    @Test
    void aRouteWithInternalAndPublicNamesOnAnEmptyConfig() {
        assertThat(CaddyConfig.withRoute(NullNode.getInstance(), WEB)).isEqualTo(json("""
                {"apps": {
                  "http": {"servers": {
                    "homeport-https": {"listen": [":443"], "routes": [
                      {"@id": "homeport-service-42", "match": [{"host": ["web.test", "www.example.com"]}],
                       "handle": [{"handler": "vars", "homeport_service": "prod-web"},
                                  {"handler": "reverse_proxy", "upstreams": [{"dial": "172.18.0.5:8080"}]}],
                       "terminal": true}]},
                    "homeport-http": {"listen": [":80"], "routes": [
                      {"@id": "homeport-service-42-http", "match": [{"host": ["web.test"]}],
                       "handle": [{"handler": "vars", "homeport_service": "prod-web"},
                                  {"handler": "reverse_proxy", "upstreams": [{"dial": "172.18.0.5:8080"}]}],
                       "terminal": true}]}}},
                  "tls": {"automation": {"policies": [
                    {"@id": "homeport-service-42-tls-internal", "subjects": ["web.test"], "issuers": [{"module": "internal"}]},
                    {"@id": "homeport-service-42-tls-acme", "subjects": ["www.example.com"],
                     "issuers": [{"module": "acme", "email": "ops@example.com"}]}]}},
                  "pki": {"certificate_authorities": {"local": {"@id": "homeport-pki-local", "install_trust": false}}}}}"""));
    }

    @Test
    void aRouteToAUnixSocketSetsItsHeadersOverTheClientsWaitsForTheSocketAndReadsBackTheSame() {
        ServiceRoute edge = new ServiceRoute(9, "prod-web", List.of("web.example.com"), "unix//var/lib/homeport-edge/node-1/edge.sock", null,
                java.util.Map.of("X-Homeport-Service", "prod-web-k3f9"));
        JsonNode config = CaddyConfig.withRoute(NullNode.getInstance(), edge);
        assertThat(config.at("/apps/http/servers/homeport-https/routes/0/handle/1")).isEqualTo(json("""
                {"handler": "reverse_proxy", "upstreams": [{"dial": "unix//var/lib/homeport-edge/node-1/edge.sock"}],
                 "headers": {"request": {"set": {"X-Homeport-Service": ["prod-web-k3f9"]}}},
                 "load_balancing": {"try_duration": "5s", "try_interval": "250ms"}}"""));
        assertThat(CaddyConfig.read(config, 9)).contains(edge);
        assertThat(CaddyConfig.withoutHostname(CaddyConfig.withRoute(config, new ServiceRoute(9, "prod-web",
                List.of("web.example.com", "www.example.com"), edge.upstream(), null, edge.requestHeaders())), 9, "www.example.com"))
                .isEqualTo(config);
    }

    @Test
    void aClustersInternalNamesAreSignedByItsSharedAuthorityWhichGoesWithItsLastRoute() {
        SharedAuthority first = new SharedAuthority("homeport-cluster-0123456789ab", "/var/lib/homeport-ca/node-1/a.crt",
                "/var/lib/homeport-ca/node-1/a.key");
        ServiceRoute route = new ServiceRoute(5, "prod-web", List.of("web.test"), "unix//var/lib/homeport-edge/node-1/edge.sock", null,
                java.util.Map.of(), new ClusterCertificates(first.id(), List.of()), null);
        assertThatThrownBy(() -> CaddyConfig.withRoute(json(ADMIN_ONLY), route)).isInstanceOf(ProxyException.class)
                .hasMessageContaining("no certificate authority homeport-cluster-0123456789ab");

        JsonNode shared = CaddyConfig.withAuthority(json(ADMIN_ONLY), first);
        assertThat(shared.at("/apps/pki/certificate_authorities")).isEqualTo(json("""
                {"homeport-cluster-0123456789ab": {"name": "Homeport cluster", "install_trust": false,
                  "root": {"certificate": "/var/lib/homeport-ca/node-1/a.crt", "private_key": "/var/lib/homeport-ca/node-1/a.key",
                           "format": "pem_file"}}}"""));
        JsonNode routed = CaddyConfig.withRoute(shared, route);
        assertThat(routed.at("/apps/tls/automation/policies/0/issuers")).isEqualTo(json("""
                [{"module": "internal", "ca": "homeport-cluster-0123456789ab"}]"""));
        assertThat(routed.at("/apps/pki/certificate_authorities/local").isMissingNode()).as("the local CA is not touched").isTrue();
        assertThat(CaddyConfig.read(routed, 5)).contains(route);
        assertThat(CaddyConfig.sharedAuthority(routed)).contains(first);
        assertThat(CaddyConfig.withoutAuthorities(routed)).as("kept while a route uses it").isSameAs(routed);

        // A cluster made anew brings another root: it replaces the old one, in the routes too.
        SharedAuthority second = new SharedAuthority("homeport-cluster-ba9876543210", "/var/lib/homeport-ca/node-1/b.crt",
                "/var/lib/homeport-ca/node-1/b.key");
        JsonNode replaced = CaddyConfig.withAuthority(routed, second);
        assertThat(CaddyConfig.sharedAuthority(replaced)).contains(second);
        assertThat(CaddyConfig.read(replaced, 5).orElseThrow().cluster().authority()).isEqualTo(second.id());

        assertThat(CaddyConfig.withoutAuthorities(CaddyConfig.withoutRoute(replaced, 5))).isEqualTo(json(ADMIN_ONLY));
    }

    @Test
    void aClusterNodePassesTheAcmeChallengesItCannotAnswerToTheOtherNodesInTurnOverHttpOnly() {
        ServiceRoute route = new ServiceRoute(6, "prod-shop", List.of("shop.example.com"), "unix//var/lib/homeport-edge/node-1/edge.sock",
                "ops@example.com", java.util.Map.of(), new ClusterCertificates(null, List.of("10.78.0.12:80", "10.78.0.13:80")),
                "https://acme-staging-v02.api.letsencrypt.org/directory");
        JsonNode config = CaddyConfig.withRoute(json(ADMIN_ONLY), route);
        assertThat(config.at("/apps/http/servers/homeport-http/routes")).isEqualTo(json("""
                [{"@id": "homeport-service-6-acme-relay",
                  "match": [{"host": ["shop.example.com"], "path": ["/.well-known/acme-challenge/*"]}],
                  "handle": [{"handler": "subroute", "routes": [
                    {"match": [{"header": {"X-Homeport-Relayed": ["*"]}}],
                     "handle": [{"handler": "static_response", "status_code": 404}], "terminal": true},
                    {"handle": [
                      {"handler": "reverse_proxy", "upstreams": [{"dial": "10.78.0.12:80"}],
                       "headers": {"request": {"set": {"X-Homeport-Relayed": ["1"]}}},
                       "transport": {"protocol": "http", "dial_timeout": "2s"},
                       "handle_response": [{"match": {"status_code": [404]}, "routes": [{"handle": [
                         {"handler": "reverse_proxy", "upstreams": [{"dial": "10.78.0.13:80"}],
                          "headers": {"request": {"set": {"X-Homeport-Relayed": ["1"]}}},
                          "transport": {"protocol": "http", "dial_timeout": "2s"}}]}]}]}]}]}],
                  "terminal": true}]"""));
        assertThat(config.at("/apps/tls/automation/policies/0/issuers")).isEqualTo(json("""
                [{"module": "acme", "email": "ops@example.com", "ca": "https://acme-staging-v02.api.letsencrypt.org/directory",
                  "challenges": {"tls-alpn": {"disabled": true}}}]"""));
        assertThat(CaddyConfig.read(config, 6)).contains(route);
        // Before any node routes the name (and so orders), every node relays: the same relay, nothing else.
        JsonNode relayOnly = CaddyConfig.withRelay(json(ADMIN_ONLY), route);
        assertThat(relayOnly.at("/apps/http/servers/homeport-http/routes")).isEqualTo(config.at("/apps/http/servers/homeport-http/routes"));
        assertThat(relayOnly.at("/apps/tls").isMissingNode()).isTrue();
        assertThat(CaddyConfig.read(relayOnly, 6)).isEmpty();
        assertThat(CaddyConfig.withRoute(relayOnly, route)).isEqualTo(config);
        // The node alone again: no relay, both challenges.
        JsonNode alone = CaddyConfig.withRoute(config, route.withUpstream("172.18.0.9:3000").withCluster(null));
        assertThat(alone.at("/apps/http/servers/homeport-http").isMissingNode()).isTrue();
        assertThat(alone.at("/apps/tls/automation/policies/0/issuers/0/challenges").isMissingNode()).isTrue();
        assertThat(CaddyConfig.withoutRoute(config, 6)).isEqualTo(json(ADMIN_ONLY));
    }

    @Test
    void aPublicOnlyRouteHasNoPlainHttpRouteAndAnAcmeIssuerWithoutEmailWhenNoneIsGiven() {
        ServiceRoute shop = new ServiceRoute(7, "prod-shop", List.of("shop.example.com"), "172.18.0.9:3000", null);
        assertThat(CaddyConfig.withRoute(json(ADMIN_ONLY), shop)).isEqualTo(json("""
                {"admin": {"listen": "127.0.0.1:2019", "config": {"persist": true}},
                 "apps": {
                  "http": {"servers": {
                    "homeport-https": {"listen": [":443"], "routes": [
                      {"@id": "homeport-service-7", "match": [{"host": ["shop.example.com"]}],
                       "handle": [{"handler": "vars", "homeport_service": "prod-shop"},
                                  {"handler": "reverse_proxy", "upstreams": [{"dial": "172.18.0.9:3000"}]}],
                       "terminal": true}]}}},
                  "tls": {"automation": {"policies": [
                    {"@id": "homeport-service-7-tls-acme", "subjects": ["shop.example.com"], "issuers": [{"module": "acme"}]}]}}}}"""));
    }

    @Test
    void releasingANameKeepsTheRoutesOtherNamesAndReleasingItsLastNameRemovesTheRoute() {
        JsonNode routed = CaddyConfig.withRoute(json(ADMIN_ONLY), WEB);
        JsonNode released = CaddyConfig.withoutHostname(routed, 42, "web.test");
        assertThat(CaddyConfig.read(released, 42)).hasValue(new ServiceRoute(42, "prod-web", List.of("www.example.com"),
                "172.18.0.5:8080", "ops@example.com"));
        assertThat(CaddyConfig.withoutHostname(released, 42, "www.example.com")).isEqualTo(json(ADMIN_ONLY));
        assertThat(CaddyConfig.withoutHostname(routed, 42, "other.test")).isSameAs(routed);
    }

    @Test
    void theHolderOfANameIsFoundByItsMatcherEvenBesideARouteChangedByHand() {
        JsonNode routed = CaddyConfig.withRoute(CaddyConfig.withRoute(json(ADMIN_ONLY), WEB),
                new ServiceRoute(7, "prod-shop", List.of("shop.example.com"), "172.18.0.9:3000", null));
        // Someone removed the upstream of service 42's route by hand: reading it fails, finding a name's holder does not.
        ((com.fasterxml.jackson.databind.node.ObjectNode) routed.at("/apps/http/servers/homeport-https/routes/0/handle/1")).remove("upstreams");
        assertThat(CaddyConfig.holderKey(routed, "shop.example.com", 42)).hasValue(7L);
        assertThat(CaddyConfig.holderKey(routed, "www.example.com", 7)).hasValue(42L);
        assertThat(CaddyConfig.holderKey(routed, "shop.example.com", 7)).isEmpty();
        assertThatThrownBy(() -> CaddyConfig.read(routed, 42)).isInstanceOf(ProxyException.class).hasMessageContaining("changed by hand");
    }

    @Test
    void removingTheLastRouteGivesBackTheConfigAsItWas() {
        JsonNode routed = CaddyConfig.withRoute(json(ADMIN_ONLY), WEB);
        assertThat(CaddyConfig.withoutRoute(routed, 42)).isEqualTo(json(ADMIN_ONLY));
        assertThat(CaddyConfig.withoutRoute(json(ADMIN_ONLY), 42)).isEqualTo(json(ADMIN_ONLY));
        assertThat(CaddyConfig.withoutRoute(NullNode.getInstance(), 42)).isEqualTo(NullNode.getInstance());
        JsonNode emptyApps = json("{\"apps\": {\"http\": {\"servers\": {}}}}");
        assertThat(CaddyConfig.withoutRoute(emptyApps, 42)).as("nothing to remove, nothing tidied").isSameAs(emptyApps);
    }

    @Test
    void aChangedRouteKeepsItsPlaceAndDropsWhatItNoLongerNeeds() {
        ServiceRoute other = new ServiceRoute(8, "prod-api", List.of("api.test"), "172.18.0.6:80", null);
        JsonNode both = CaddyConfig.withRoute(CaddyConfig.withRoute(json(ADMIN_ONLY), WEB), other);
        ServiceRoute webPublicOnly = new ServiceRoute(42, "prod-web", List.of("www.example.com"), "172.18.0.7:8080", null);

        JsonNode changed = CaddyConfig.withRoute(both, webPublicOnly);

        JsonNode https = changed.at("/apps/http/servers/homeport-https/routes");
        assertThat(https.get(0).path("@id").asText()).isEqualTo("homeport-service-42");
        assertThat(https.get(0).at("/handle/1/upstreams/0/dial").asText()).isEqualTo("172.18.0.7:8080");
        assertThat(https.get(1).path("@id").asText()).isEqualTo("homeport-service-8");
        assertThat(ids(changed.at("/apps/http/servers/homeport-http/routes"))).containsExactly("homeport-service-8-http");
        assertThat(ids(changed.at("/apps/tls/automation/policies")))
                .containsExactly("homeport-service-42-tls-acme", "homeport-service-8-tls-internal");
        assertThat(CaddyConfig.read(changed, 42)).contains(webPublicOnly);
        assertThat(CaddyConfig.readAll(changed)).containsExactly(webPublicOnly, other);
    }

    @Test
    void policiesGoBeforeACatchAllPolicyAndTheUsersTrustSettingIsKept() {
        JsonNode config = json("""
                {"apps": {"tls": {"automation": {"policies": [{"subjects": ["mine.example.org"]}, {"on_demand": true}]}},
                          "pki": {"certificate_authorities": {"local": {"install_trust": true}}}}}""");
        JsonNode routed = CaddyConfig.withRoute(config, WEB);
        assertThat(routed.at("/apps/tls/automation/policies")).isEqualTo(json("""
                [{"subjects": ["mine.example.org"]},
                 {"@id": "homeport-service-42-tls-internal", "subjects": ["web.test"], "issuers": [{"module": "internal"}]},
                 {"@id": "homeport-service-42-tls-acme", "subjects": ["www.example.com"],
                  "issuers": [{"module": "acme", "email": "ops@example.com"}]},
                 {"on_demand": true}]"""));
        assertThat(routed.at("/apps/pki")).isEqualTo(config.at("/apps/pki"));
        assertThat(CaddyConfig.withoutRoute(routed, 42)).isEqualTo(config);
    }

    @Test
    void theDistributionsWelcomeSiteMakesRoomAnyOtherServerOnTheSamePortsIsRefused() {
        JsonNode stock = json("{\"apps\": {\"http\": {\"servers\": {\"srv0\": " + CaddyConfig.STOCK_SITE + "}}}}");
        JsonNode routed = CaddyConfig.withRoute(stock, WEB);
        assertThat(((com.fasterxml.jackson.databind.node.ObjectNode) routed.at("/apps/http/servers")).properties())
                .extracting(java.util.Map.Entry::getKey).containsExactlyInAnyOrder("homeport-https", "homeport-http");

        JsonNode custom = json("""
                {"apps": {"http": {"servers": {"srv0": {"listen": [":443"], "routes": [
                  {"match": [{"host": ["blog.example.org"]}], "handle": [{"handler": "file_server"}]}]}}}}}""");
        assertThatThrownBy(() -> CaddyConfig.withRoute(custom, WEB)).isInstanceOf(ProxyException.class)
                .hasMessage("Caddy's config has a server of its own, 'srv0', listening on :443. Homeport serves its services through"
                        + " its own servers on :80 and :443 and does not change yours: remove that server or move it to other ports"
                        + " (through Caddy's admin API, as DELETE /config/apps/http/servers/srv0), then try again.");

        JsonNode elsewhere = json("""
                {"apps": {"http": {"servers": {"srv0": {"listen": ["127.0.0.1:8080"], "routes": []}}}}}""");
        assertThat(CaddyConfig.withRoute(elsewhere, WEB).at("/apps/http/servers/srv0")).isEqualTo(elsewhere.at("/apps/http/servers/srv0"));
    }

    @Test
    void valuesAreJsonStringsWhateverTheyHold() {
        ServiceRoute mixed = new ServiceRoute(9, "prod-q", List.of("q.example.com"), "172.18.0.5:80", "o\"ps\\@example.com");
        JsonNode acme = CaddyConfig.withRoute(NullNode.getInstance(), mixed).at("/apps/tls/automation/policies/0/issuers/0/email");
        assertThat(acme.asText()).isEqualTo("o\"ps\\@example.com");
        assertThat(CaddyConfig.read(CaddyConfig.withRoute(NullNode.getInstance(), mixed), 9)).contains(mixed);
    }

    @Test
    void numbersInOtherPartsKeepTheirWrittenForm() throws Exception {
        JsonNode config = json("""
                {"apps": {"http": {"grace_period": 10000000000, "servers": {}},
                          "exec": {"ratio": 0.50, "big": 123456789012345678901234567890}}}""");
        String written = CaddyAdmin.JSON.writeValueAsString(CaddyConfig.withRoute(config, WEB));
        assertThat(written).contains("\"grace_period\":10000000000", "\"ratio\":0.50", "\"big\":123456789012345678901234567890");
    }

    @Test
    void aRouteChangedByHandIsReportedNotGuessed() {
        JsonNode routed = CaddyConfig.withRoute(NullNode.getInstance(), WEB);
        ((com.fasterxml.jackson.databind.node.ObjectNode) routed.at("/apps/http/servers/homeport-https/routes/0/handle/1"))
                .remove("upstreams");
        assertThatThrownBy(() -> CaddyConfig.read(routed, 42)).isInstanceOf(ProxyException.class)
                .hasMessageStartingWith("Caddy's route homeport-service-42 is not as Homeport wrote it (upstream: is required)");
    }

    private static JsonNode json(String text) {
        try {
            return CaddyAdmin.JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> ids(JsonNode array) {
        List<String> ids = new java.util.ArrayList<>();
        array.forEach(element -> ids.add(element.path("@id").asText()));
        return ids;
    }
}
