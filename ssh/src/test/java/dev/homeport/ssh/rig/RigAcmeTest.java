package dev.homeport.ssh.rig;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homeport.ssh.proxy.CaddyAdmin;
import dev.homeport.ssh.transport.Prompts;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rig's ACME CA, end to end with a real node: node 1's Caddy is given a route and a certificate policy for a name
 * of this run's, whose ACME issuer is pebble; pebble (told by its DNS that the name is node 1's address) validates and
 * issues; an HTTPS request to node 1 for the name then verifies against pebble's current root, and nothing else.
 */
@ExtendWith(RigExtension.class)
@Timeout(value = 8, unit = TimeUnit.MINUTES) // the cluster may be busy with another test run first
class RigAcmeTest {
    private static final Duration ISSUANCE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;

    @Test
    void nodeOnesCaddyGetsACertificateFromTheRigsAcmeCa(Rig rig) throws Exception {
        RigAcme acme = new RigAcme(rig);
        orderOnNodeOne(rig, RigAcme.uniqueName("acme"), JSON.createObjectNode().put("module", "acme").put("ca", acme.directory()));
    }

    /** TLS-ALPN-01 turned off, so the certificate can come only through HTTP-01: pebble to port 80 of node 1. */
    @Test
    void overTheHttp01ChallengeAlone(Rig rig) throws Exception {
        RigAcme acme = new RigAcme(rig);
        ObjectNode issuer = JSON.createObjectNode().put("module", "acme").put("ca", acme.directory());
        issuer.putObject("challenges").putObject("tls-alpn").put("disabled", true);
        orderOnNodeOne(rig, RigAcme.uniqueName("acme-http"), issuer);
    }

    private void orderOnNodeOne(Rig rig, String name, ObjectNode issuer) throws Exception {
        RigAcme acme = new RigAcme(rig);
        String node = rig.clusterHost(1);
        String body = "node 1 serves " + name;
        try (RigCluster cluster = new RigCluster(rig, folder);
                CaddyAdmin admin = CaddyAdmin.over(cluster.connections().to(RigTargets.clusterNode(rig, 1), Prompts.NONE))) {
            CaddyAdmin.Versioned found = admin.config();
            acme.resolve(name, List.of(node));
            try {
                admin.replaceConfig(withSite(found.config(), name, body, issuer), found.etag());
                String root = acme.issuingRoot();

                RigHttp.Response response = httpsOnceIssued(node, name, root);

                assertThat(response.status()).isEqualTo(200);
                assertThat(response.body()).isEqualTo(body);
                assertThat(acme.issuingRoot()).as("pebble's root while it runs").isEqualTo(root);
            } finally {
                try {
                    admin.replaceConfig(found.config(), admin.config().etag());
                } finally {
                    acme.forget(name);
                    acme.removeCertificates(name);
                }
            }
            assertThat(admin.config().config()).as("node 1's Caddy config, as the test found it").isEqualTo(found.config());
        }
    }

    /** Node 1's Caddy config with a route for the name on its HTTPS server (one of its own if it has none) and a policy first. */
    private static JsonNode withSite(JsonNode found, String name, String body, ObjectNode issuer) {
        ObjectNode config = found instanceof ObjectNode object ? object.deepCopy() : JSON.createObjectNode();
        ObjectNode servers = object(object(object(config, "apps"), "http"), "servers");
        ObjectNode https = null;
        for (Map.Entry<String, JsonNode> server : servers.properties()) {
            for (JsonNode listen : server.getValue().path("listen")) {
                if (listen.asText().endsWith(":443") && server.getValue() instanceof ObjectNode s) {
                    https = s;
                }
            }
        }
        if (https == null) {
            https = servers.putObject("rig-acme-test");
            https.putArray("listen").add(":443");
        }
        ObjectNode route = JSON.createObjectNode();
        route.putArray("match").addObject().putArray("host").add(name);
        route.putArray("handle").addObject().put("handler", "static_response").put("body", body);
        route.put("terminal", true);
        array(https, "routes").insert(0, route);

        ObjectNode policy = JSON.createObjectNode();
        policy.putArray("subjects").add(name);
        policy.putArray("issuers").add(issuer);
        array(object(object(object(config, "apps"), "tls"), "automation"), "policies").insert(0, policy);
        return config;
    }

    /** The HTTPS answer of node 1 for the name, once its certificate verifies against the root (≤ 60 s). */
    private static RigHttp.Response httpsOnceIssued(String node, String name, String root) throws InterruptedException {
        long deadline = System.nanoTime() + ISSUANCE.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            try {
                return RigHttp.get(node, "https", name, "/", root, Duration.ofSeconds(5));
            } catch (IOException notYet) { // no certificate yet (Caddy ends the handshake), or not pebble's
                last = notYet;
                Thread.sleep(500);
            }
        }
        throw new AssertionError("node 1 (" + node + ") served no certificate for " + name + " from pebble's root within " + ISSUANCE.toSeconds()
                + " s; last error: " + last + "; see the rig's logs caddy-n1.log and pebble.log", last);
    }

    private static ObjectNode object(ObjectNode parent, String field) {
        return parent.get(field) instanceof ObjectNode child ? child : parent.putObject(field);
    }

    private static ArrayNode array(ObjectNode parent, String field) {
        return parent.get(field) instanceof ArrayNode child ? child : parent.putArray(field);
    }
}
