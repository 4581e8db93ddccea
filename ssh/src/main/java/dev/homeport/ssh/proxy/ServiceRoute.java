package dev.homeport.ssh.proxy;

import dev.homeport.model.Check;
import dev.homeport.model.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where one Service's domains lead ({@code serviceKey} is the service's node key: random, and unique
 * across Homeport stores, so two laptops never take each other's routes): to {@code upstream}, the {@code host:port} its
 * current container listens on. {@code label} names the Service in Caddy's config
 * (for example {@code prod-web}); {@code acmeEmail} is the address given to the
 * ACME CA for public names, or null. Hostnames are stored as {@link Check#domain}
 * normalises them, with IPv6 addresses unbracketed as Caddy's host matcher wants.
 */
public record ServiceRoute(long serviceKey, String label, List<String> hostnames, String upstream, String acmeEmail) {
    public ServiceRoute {
        if (serviceKey <= 0) {
            throw new ValidationException("serviceKey", "must be a positive number, got " + serviceKey);
        }
        label = Check.dnsLabel("label", label);
        hostnames = hostnames(hostnames);
        upstream = upstream(upstream);
        acmeEmail = acmeEmail == null ? null : Check.email("acmeEmail", acmeEmail);
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
        return new ServiceRoute(serviceKey, label, hostnames, newUpstream, acmeEmail);
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
