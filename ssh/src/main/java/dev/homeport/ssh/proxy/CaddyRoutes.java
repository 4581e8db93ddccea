package dev.homeport.ssh.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each Service's domains to its current container through the node's
 * Caddy, with HTTPS (see {@link CaddyConfig} for what Homeport writes).
 *
 * <p>Every change reads Caddy's whole config with its ETag, edits it, and posts
 * it back with {@code If-Match}: Caddy applies it in one step, as a graceful
 * reload, only if nobody changed the config in between (another Homeport, a
 * second deploy, a person with curl). When someone did, Caddy answers 412 and
 * the change is made again on the fresh config, up to {@value #ATTEMPTS} times.
 * So no lock is needed, in this process or across machines.
 *
 * <p>All methods block on the network: call them off the JavaFX thread.
 */
public final class CaddyRoutes {
    static final int ATTEMPTS = 10;
    private static final Logger log = LoggerFactory.getLogger(CaddyRoutes.class);

    private final CaddyAdmin admin;

    public CaddyRoutes(CaddyAdmin admin) {
        this.admin = admin;
    }

    /** Routes the Service's names to its upstream, replacing its previous route. Requests in flight are not dropped. */
    public void route(ServiceRoute route) {
        edit("route service " + route.serviceKey(), config -> CaddyConfig.withRoute(config, route));
        log.info("Caddy on {} routes {} ({}) to {}", admin.node(), route.hostnames(), route.label(), route.upstream());
    }

    /**
     * Passes the ACME challenges for the route's public names on to the other nodes of its cluster, without routing
     * the names yet: every node relays before any node orders (a relay missing on the node the CA reaches would
     * fail that order, and Caddy tries again only a minute later).
     */
    public void relay(ServiceRoute route) {
        edit("relay the ACME challenges of service " + route.serviceKey(), config -> CaddyConfig.withRelay(config, route));
    }

    /** Takes the Service's route and certificates policies out of Caddy; nothing happens when it has none. */
    public void remove(long serviceKey) {
        edit("remove service " + serviceKey, config -> CaddyConfig.withoutRoute(config, serviceKey));
        log.info("Caddy on {} no longer routes service {}", admin.node(), serviceKey);
    }

    /** The route of a Service other than {@code exceptKey} that holds {@code hostname} now, if any. */
    public Optional<ServiceRoute> holderOf(String hostname, long exceptKey) {
        String name = ServiceRoute.unbracketed(dev.homeport.model.Check.domain("hostname", hostname));
        JsonNode config = admin.config().config();
        return CaddyConfig.holderKey(config, name, exceptKey).flatMap(key -> CaddyConfig.read(config, key));
    }

    /**
     * Takes {@code hostname} out of the Service's route, so another Service can have it; the route
     * keeps its other names, or goes when that was its only one. Nothing happens when it does not hold it.
     */
    public void release(long serviceKey, String hostname) {
        String name = ServiceRoute.unbracketed(dev.homeport.model.Check.domain("hostname", hostname));
        edit("release " + name + " from service " + serviceKey, config -> CaddyConfig.withoutHostname(config, serviceKey, name));
        log.info("Caddy on {} no longer routes {} to service {}", admin.node(), name, serviceKey);
    }

    /** What Caddy routes for the Service now, read from its live config. */
    public Optional<ServiceRoute> current(long serviceKey) {
        return CaddyConfig.read(admin.config().config(), serviceKey);
    }

    /** Every Service Caddy routes for Homeport now. */
    public List<ServiceRoute> all() {
        return CaddyConfig.readAll(admin.config().config());
    }

    /**
     * The PEM of the root certificate of Caddy's internal CA, which signs the certificates
     * of internal names. Trusting it (in a browser, or a test) makes those certificates valid.
     */
    public String internalRootCertificate() {
        return rootCertificate("local");
    }

    /** The PEM of the root certificate of Caddy's CA {@code id}: {@code local}, or a {@link SharedAuthority}'s. */
    public String rootCertificate(String id) {
        JsonNode pem = admin.get("/pki/ca/" + id).path("root_certificate");
        if (!pem.isTextual() || !pem.asText().contains("BEGIN CERTIFICATE")) {
            throw new ProxyException("Caddy on " + admin.node() + " did not give the root certificate of its CA " + id + ".");
        }
        return pem.asText();
    }

    /** Gives Caddy the shared authority (its files are on the node already), replacing one it had before. */
    public void share(SharedAuthority authority) {
        edit("take the certificate authority " + authority.id(), config -> CaddyConfig.withAuthority(config, authority));
        log.info("Caddy on {} has the shared certificate authority {}", admin.node(), authority.id());
    }

    /** The shared authority Caddy has, if any. */
    public Optional<SharedAuthority> sharedAuthority() {
        return CaddyConfig.sharedAuthority(admin.config().config());
    }

    /** Takes out the shared authorities that no route uses any more. */
    public void unshare() {
        edit("drop unused certificate authorities", CaddyConfig::withoutAuthorities);
    }

    private void edit(String what, UnaryOperator<JsonNode> change) {
        for (int attempt = 1; ; attempt++) {
            CaddyAdmin.Versioned current = admin.config();
            JsonNode next = change.apply(current.config());
            if (next.equals(current.config())) {
                return;
            }
            try {
                admin.replaceConfig(next, current.etag());
                return;
            } catch (ProxyException e) {
                if (e.status() != ProxyException.PRECONDITION_FAILED) {
                    throw e;
                }
                if (attempt == ATTEMPTS) {
                    throw new ProxyException("Caddy's config on " + admin.node() + " kept changing under Homeport: gave up trying to "
                            + what + " after " + ATTEMPTS + " attempts.", e.status(), e);
                }
                log.debug("Caddy's config on {} changed while Homeport was about to {}; again (attempt {})", admin.node(), what, attempt + 1);
                pause(attempt);
            }
        }
    }

    /** A short random wait, longer after each conflict, so two writers do not collide again in step. */
    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(10, 50L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProxyException("Interrupted while changing Caddy's config.");
        }
    }
}
