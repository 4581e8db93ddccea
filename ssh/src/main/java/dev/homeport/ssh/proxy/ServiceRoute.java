package dev.homeport.ssh.proxy;

import dev.homeport.model.Check;
import dev.homeport.model.ValidationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where one Service's domains lead ({@code serviceKey} is the service's node key: random, and unique
 * across Homeport stores, so two laptops never take each other's routes): to {@code upstream}, the {@code host:port} its
 * current container listens on, or {@code unix/<absolute path>} for a Unix socket on the node (a cluster's
 * edge, see {@code ClusterEdge}). {@code label} names the Service in Caddy's config
 * (for example {@code prod-web}); {@code acmeEmail} is the address given to the
 * ACME CA for public names, or null. {@code requestHeaders} are set on every request sent upstream,
 * replacing any a client sent under those names (empty for a container's route). {@code cluster} says how the
 * nodes of a cluster share certificates, or is null on a single node. {@code acmeDirectory} is the ACME CA's
 * directory URL, or null for Caddy's default (Let's Encrypt). Hostnames are stored as
 * {@link Check#domain} normalises them, with IPv6 addresses unbracketed as Caddy's host matcher wants.
 */
public record ServiceRoute(long serviceKey, String label, List<String> hostnames, String upstream, String acmeEmail,
                           Map<String, String> requestHeaders, ClusterCertificates cluster, String acmeDirectory) {
    /** The prefix of an upstream that is a Unix socket, as Caddy writes it ({@code unix//run/x.sock}). */
    public static final String UNIX = "unix/";

    public ServiceRoute {
        if (serviceKey <= 0) {
            throw new ValidationException("serviceKey", "must be a positive number, got " + serviceKey);
        }
        label = Check.dnsLabel("label", label);
        hostnames = hostnames(hostnames);
        upstream = upstream != null && upstream.startsWith(UNIX) ? socket(upstream) : upstream(upstream);
        acmeEmail = acmeEmail == null ? null : Check.email("acmeEmail", acmeEmail);
        requestHeaders = headers(requestHeaders);
        acmeDirectory = acmeDirectory == null ? null : Check.httpsUrl("acmeDirectory", acmeDirectory);
        if (cluster != null && cluster.authority() == null && cluster.relays().isEmpty()) {
            cluster = null; // shares nothing: as a single node's
        }
    }

    /** A route of a single node, whose certificates are its own, from Let's Encrypt for public names. */
    public ServiceRoute(long serviceKey, String label, List<String> hostnames, String upstream, String acmeEmail,
                        Map<String, String> requestHeaders) {
        this(serviceKey, label, hostnames, upstream, acmeEmail, requestHeaders, null, null);
    }

    /** A route to a container: no headers of Homeport's. */
    public ServiceRoute(long serviceKey, String label, List<String> hostnames, String upstream, String acmeEmail) {
        this(serviceKey, label, hostnames, upstream, acmeEmail, Map.of());
    }

    /** True when the upstream is a Unix socket on the node. */
    public boolean socketUpstream() {
        return upstream.startsWith(UNIX);
    }

    /** The names Caddy's internal CA signs, also served over plain HTTP (see {@link DomainNames#internal}). */
    public List<String> internalHostnames() {
        return hostnames.stream().filter(DomainNames::internal).toList();
    }

    /** The names that get certificates from the ACME CA, and only HTTPS (plain HTTP redirects). */
    public List<String> publicHostnames() {
        return hostnames.stream().filter(host -> !DomainNames.internal(host)).toList();
    }

    public ServiceRoute withUpstream(String newUpstream) {
        return new ServiceRoute(serviceKey, label, hostnames, newUpstream, acmeEmail, requestHeaders, cluster, acmeDirectory);
    }

    /** The same route with another way of sharing certificates (null: a single node's). */
    public ServiceRoute withCluster(ClusterCertificates sharing) {
        return new ServiceRoute(serviceKey, label, hostnames, upstream, acmeEmail, requestHeaders, sharing, acmeDirectory);
    }

    /** The same route with other names (the rest kept as it is). */
    public ServiceRoute withHostnames(List<String> names) {
        return new ServiceRoute(serviceKey, label, names, upstream, acmeEmail, requestHeaders, cluster, acmeDirectory);
    }

    /** {@code unix/} and an absolute path of plain characters: it is written into Caddy's config as it is. */
    static String socket(String value) {
        if (!plainPath(value.substring(UNIX.length()))) {
            throw new ValidationException("upstream", "must be unix/ and an absolute path of letters, digits, '.', '_' and '-', got '"
                    + value.replaceAll("\\p{Cntrl}", "?") + "'");
        }
        return value;
    }

    /** An absolute path of letters, digits, '.', '_' and '-', never through "..": safe to write into Caddy's config. */
    static boolean plainPath(String path) {
        return path != null && path.matches("(/[A-Za-z0-9._-]+)+") && !path.contains("/../") && !path.endsWith("/..");
    }

    /** Header names as HTTP tokens of letters, digits and '-'; values without control characters. Order kept. */
    private static Map<String, String> headers(Map<String, String> given) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (given != null) {
            given.forEach((name, value) -> {
                if (name == null || !name.matches("[A-Za-z][A-Za-z0-9-]{0,63}")) {
                    throw new ValidationException("requestHeaders", "a header name must be letters, digits and '-', got '" + name + "'");
                }
                if (value == null || value.isEmpty() || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                    throw new ValidationException("requestHeaders/" + name, "must be a value without control characters");
                }
                headers.put(name, value);
            });
        }
        return java.util.Collections.unmodifiableMap(headers);
    }

    private static List<String> hostnames(List<String> given) {
        if (given == null || given.isEmpty()) {
            throw new ValidationException("hostnames", "is required: at least one domain");
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            String name = unbracketed(Check.domain("hostnames/" + i, given.get(i)));
            if (names.contains(name)) {
                throw new ValidationException("hostnames/" + i, "lists " + name + " a second time");
            }
            names.add(name);
        }
        return List.copyOf(names);
    }

    /** {@code host:port}, where host is an IPv4 address, a host name or a bracketed IPv6 address; no scheme, no path. */
    static String upstream(String value) {
        Check.notBlank("upstream", value);
        int colon = value.lastIndexOf(':');
        String host = colon < 0 ? "" : value.substring(0, colon);
        String port = colon < 0 ? "" : value.substring(colon + 1);
        boolean bracketed = host.startsWith("[") && host.endsWith("]");
        boolean hostOk = bracketed ? Check.isIpAddress(host) : !host.contains(":") && isHost(host);
        if (!hostOk || !port.matches("[0-9]{1,5}")) {
            throw new ValidationException("upstream", "must be host:port such as 172.18.0.5:8080 or [fd00::5]:8080, without a scheme"
                    + " or path, got '" + value.replaceAll("\\p{Cntrl}", "?") + "'");
        }
        Check.port("upstream", Integer.parseInt(port));
        return host.toLowerCase(Locale.ROOT) + ":" + Integer.parseInt(port);
    }

    private static boolean isHost(String host) {
        try {
            Check.host("upstream", host);
            return true;
        } catch (ValidationException e) {
            return false;
        }
    }

    static String unbracketed(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
