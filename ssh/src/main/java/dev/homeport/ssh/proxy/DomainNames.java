package dev.homeport.ssh.proxy;

import dev.homeport.model.Check;
import dev.homeport.model.ValidationException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Which names are internal, and the sslip.io name every Service gets when it has none of its own. */
public final class DomainNames {
    /**
     * Reserved for private use or testing, so no public CA will sign them (RFC 6761,
     * RFC 8375, ICANN's .internal). Caddy 2.6 itself treats only localhost, .localhost,
     * .local and IP addresses as internal: .test, .internal and .home.arpa get their
     * internal issuer from the automation policy Homeport writes.
     */
    private static final List<String> INTERNAL_ZONES = List.of("localhost", "test", "internal", "home.arpa", "local");
    private static final String SSLIP = "sslip.io";

    private DomainNames() {
    }

    /**
     * True for a name no public CA can sign a certificate for: the reserved names above,
     * IP addresses, and sslip.io names that embed a private address (a public CA could not
     * reach the node to check it). Caddy's internal CA signs these, and Homeport serves
     * them over plain HTTP too, because browsers do not trust that CA.
     */
    public static boolean internal(String host) {
        String name = ServiceRoute.unbracketed(host.toLowerCase(Locale.ROOT));
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (Check.isIpAddress(name)) {
            return true;
        }
        for (String zone : INTERNAL_ZONES) {
            if (name.equals(zone) || name.endsWith("." + zone)) {
                return true;
            }
        }
        return sslipAddress(name).filter(DomainNames::privateAddress).isPresent();
    }

    /**
     * {@code <label>.<ip>.sslip.io}, a name that resolves to the node's IP with no DNS set
     * up: dots for IPv4 ({@code web.203.0.113.9.sslip.io}), dashes for IPv6
     * ({@code web.2001-db8--1.sslip.io}).
     */
    public static String sslipDefault(String serviceLabel, String nodeIp) {
        Check.dnsLabel("serviceLabel", serviceLabel);
        InetAddress address = literal(Check.notBlank("nodeIp", nodeIp))
                .orElseThrow(() -> new ValidationException("nodeIp", "must be an IP address, got '" + nodeIp.replaceAll("\\p{Cntrl}", "?") + "'"));
        String embedded = address instanceof Inet6Address ipv6 ? dashed(ipv6) : address.getHostAddress();
        return Check.domain("hostname", serviceLabel + "." + embedded + "." + SSLIP);
    }

    /**
     * The IPv6 address in sslip.io's form: its shortest text with dashes for colons. A
     * leading or trailing {@code ::} gets a 0 beside it, since a DNS label may not start
     * or end with a dash ({@code ::1} becomes {@code 0--1}, which sslip.io reads as {@code 0::1}).
     */
    static String dashed(Inet6Address address) {
        String dashed = text(address).replace(':', '-');
        return (dashed.startsWith("-") ? "0" : "") + dashed + (dashed.endsWith("-") ? "0" : "");
    }

    /** An address as people write it: IPv6 in its shortest form (RFC 5952), which Java's getHostAddress does not give. */
    public static String text(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (bytes[2 * i] & 0xff) << 8 | bytes[2 * i + 1] & 0xff;
        }
        // The first longest run of two or more zero groups becomes "::".
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = Math.max(i, j - 1);
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!text.isEmpty() && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    /** The address an sslip.io name embeds, in the forms {@link #sslipDefault} writes or with dashes for IPv4. */
    private static Optional<InetAddress> sslipAddress(String name) {
        if (!name.endsWith("." + SSLIP)) {
            return Optional.empty();
        }
        String[] labels = name.substring(0, name.length() - SSLIP.length() - 1).split("\\.");
        if (labels.length >= 4) {
            String dotted = String.join(".", List.of(labels).subList(labels.length - 4, labels.length));
            Optional<InetAddress> ipv4 = literal(dotted).filter(Inet4Address.class::isInstance);
            if (ipv4.isPresent()) {
                return ipv4;
            }
        }
        String last = labels[labels.length - 1];
        return literal(last.replace('-', '.')).filter(Inet4Address.class::isInstance)
                .or(() -> literal(last.replace('-', ':')));
    }

    /** RFC 1918, loopback, link-local, carrier-grade NAT (100.64/10) and IPv6 unique local (fc00::/7). */
    static boolean privateAddress(InetAddress address) {
        byte[] bytes = address.getAddress();
        return address.isSiteLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isAnyLocalAddress()
                || address instanceof Inet4Address && (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64
                || address instanceof Inet6Address && (bytes[0] & 0xfe) == 0xfc;
    }

    /** An IP literal (IPv6 with or without brackets), or empty; never a DNS lookup. */
    static Optional<InetAddress> literal(String text) {
        String inner = ServiceRoute.unbracketed(text.strip());
        if (!Check.isIpAddress(inner)) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.ofLiteral(inner));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
