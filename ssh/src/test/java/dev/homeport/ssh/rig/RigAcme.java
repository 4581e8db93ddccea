package dev.homeport.ssh.rig;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The rig's ACME certificate authority ({@code scripts/rig.d/acme.sh}): Let's Encrypt's test server pebble, which the
 * cluster's nodes order certificates from (HTTP-01 on port 80, or TLS-ALPN-01 on 443, of the address a name resolves
 * to), and pebble-challtestsrv, the only DNS pebble asks, whose records a test sets here. A name nobody {@link #resolve
 * resolved} does not resolve.
 *
 * <p>pebble keeps everything in memory and makes a new root whenever it starts, so {@link #issuingRoot()} always asks
 * it; and the nodes' Caddy keep the certificates they were given, so a test uses a name of its own each run
 * ({@link #uniqueName}), and removes its certificates ({@link #removeCertificates}) and record ({@link #forget}) after.
 * Tests that load a certificate policy into a node's Caddy hold the cluster's lock ({@link RigCluster}) meanwhile.
 */
public final class RigAcme {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Rig rig;

    public RigAcme(Rig rig) {
        this.rig = rig;
    }

    /** The ACME directory a node's Caddy orders from: the {@code ca} of an {@code acme} issuer. */
    public String directory() {
        return rig.get("acme.directory");
    }

    /** A name no earlier run used, {@code label-<8 hex digits>.example}, for one test's certificate. */
    public static String uniqueName(String label) {
        return label + "-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
    }

    /** From now on the name resolves, for pebble, to these IPv4 addresses (a node's, say); replaces earlier ones. */
    public void resolve(String host, List<String> addresses) {
        ObjectNode body = JSON.createObjectNode().put("host", fqdn(host));
        addresses.forEach(body.putArray("addresses")::add);
        dnsManagement("/add-a", body);
    }

    /** The name resolves no more. */
    public void forget(String host) {
        dnsManagement("/clear-a", JSON.createObjectNode().put("host", fqdn(host)));
    }

    /** The PEM of the root pebble signs with now (it makes a new one each time it starts), from its management API. */
    public String issuingRoot() {
        URI uri = URI.create(rig.get("acme.management") + "/roots/0");
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri).GET(), listenerTrust());
        if (response.statusCode() != 200 || !response.body().contains("-----BEGIN CERTIFICATE-----")) {
            throw new IllegalStateException("pebble answered GET " + uri + " with HTTP " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /**
     * Takes the name's certificate from pebble out of every node's Caddy storage (the folder {@code rig fresh} empties
     * and {@code rig leftovers} lists). Needs the rights of the rig's owner (root): that storage is the node's Caddy's.
     * Take the name's policy out of the node's Caddy first, or it orders the certificate again.
     */
    public void removeCertificates(String host) {
        for (int n = 1; n <= rig.clusterSize(); n++) {
            deleteTree(Path.of(rig.get("acme.n" + n + ".certificates")).resolve(fqdn(host).replaceAll("\\.$", "")));
        }
    }

    private void dnsManagement(String path, ObjectNode body) {
        URI uri = URI.create(rig.get("acme.dns.management") + path);
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())), null);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("pebble-challtestsrv refused POST " + uri + " " + body + " (HTTP " + response.statusCode() + "): "
                    + response.body());
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, SSLContext trust) {
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(TIMEOUT);
        if (trust != null) {
            client.sslContext(trust);
        }
        try (HttpClient http = client.build()) {
            return http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("The rig's ACME server did not answer; is the rig up (scripts/rig up)? " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted talking to the rig's ACME server", e);
        }
    }

    /** TLS that trusts only the CA the rig made for pebble's listeners. */
    private SSLContext listenerTrust() {
        Path pem = Path.of(rig.get("acme.listener.ca"));
        try {
            KeyStore roots = KeyStore.getInstance(KeyStore.getDefaultType());
            roots.load(null, null);
            roots.setCertificateEntry("rig-acme-listener", CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(pem))));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(roots);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the ACME listener's CA " + pem + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot trust the ACME listener's CA " + pem + ": " + e.getMessage(), e);
        }
    }

    /** DNS names as challtestsrv keys them: fully qualified, with the final dot. */
    private static String fqdn(String host) {
        if (host == null || host.isBlank() || host.contains("/") || !host.equals(host.strip())) {
            throw new IllegalArgumentException("not a host name: '" + host + "'");
        }
        return host.endsWith(".") ? host : host + ".";
    }

    private static void deleteTree(Path root) {
        if (!root.normalize().equals(root) || root.getFileName().toString().startsWith(".")) {
            throw new IllegalArgumentException("not a certificate folder: " + root);
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (NoSuchFileException gone) {
            // this node never had it
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove " + root + " (the node's Caddy storage is root's): " + e.getMessage(), e);
        }
    }
}
