package dev.homeport.model;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The field rules every record uses. Each check returns the value it accepted
 * (normalised where that is safe) or throws a {@link ValidationException}
 * that names the field and the rule.
 */
public final class Check {
    public static final int MAX_NAME = 63;

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
    private static final Pattern VARIABLE_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]+");
    // Underscores are not valid in DNS names, but they occur in private DNS and in ssh config aliases.
    private static final Pattern HOST_LABEL = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
    // Docker's reference grammar, simplified: [registry[:port]/]path[:tag][@digest]
    private static final Pattern IMAGE_REFERENCE = Pattern.compile(
            "([a-z0-9.-]+(:[0-9]+)?/)?[a-z0-9]+([._-]+[a-z0-9]+)*(/[a-z0-9]+([._-]+[a-z0-9]+)*)*"
                    + "(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?");

    private Check() {
    }

    public static String notBlank(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new ValidationException(field, "is required");
        }
        return value;
    }

    /** Names become container names and hostnames, so they follow DNS-label rules. */
    public static String dnsLabel(String field, String value) {
        notBlank(field, value);
        if (value.length() > MAX_NAME) {
            throw new ValidationException(field, "must be at most " + MAX_NAME + " characters, got " + value.length());
        }
        if (!value.equals(value.toLowerCase(Locale.ROOT))) {
            throw new ValidationException(field, "must be lower-case, got '" + printable(value) + "'");
        }
        if (value.startsWith("-") || value.endsWith("-")) {
            throw new ValidationException(field, "must not start or end with a hyphen");
        }
        if (!DNS_LABEL.matcher(value).matches()) {
            throw new ValidationException(field, "may hold only lower-case letters, digits and hyphens, got '" + printable(value) + "'");
        }
        return value;
    }

    public static int port(String field, int value) {
        if (value < 1 || value > 65535) {
            throw new ValidationException(field, "must be 1–65535, got " + value);
        }
        return value;
    }

    public static String variableKey(String field, String value) {
        notBlank(field, value);
        if (!VARIABLE_KEY.matcher(value).matches()) {
            throw new ValidationException(field, "must match [A-Za-z_][A-Za-z0-9_]*, got '" + printable(value) + "'");
        }
        return value;
    }

    /** A host name or an IP address (v4, or v6 with or without brackets). */
    public static String host(String field, String value) {
        notBlank(field, value);
        if (isIpAddress(value)) {
            return value;
        }
        if (!isHostName(value)) {
            throw new ValidationException(field, "must be a host name or an IP address, got '" + printable(value) + "'");
        }
        return value;
    }

    /** A domain a Service answers on. Stored lower-case, without a trailing dot. */
    public static String domain(String field, String value) {
        notBlank(field, value);
        String domain = value.toLowerCase(Locale.ROOT);
        if (domain.endsWith(".")) {
            domain = domain.substring(0, domain.length() - 1);
        }
        if (isIpAddress(domain)) {
            return domain;
        }
        if (!isHostName(domain) || domain.contains("_") || !domain.contains(".") && !domain.equals("localhost")) {
            throw new ValidationException(field, "must be a domain name such as shop.example.com, got '" + printable(value) + "'");
        }
        return domain;
    }

    public static String email(String field, String value) {
        notBlank(field, value);
        if (!EMAIL.matcher(value).matches() || !isHostName(value.substring(value.indexOf('@') + 1))) {
            throw new ValidationException(field, "must be an email address, got '" + printable(value) + "'");
        }
        return value;
    }

    public static String imageReference(String field, String value) {
        notBlank(field, value);
        if (value.length() > 255 || !IMAGE_REFERENCE.matcher(value).matches()) {
            throw new ValidationException(field, "must be an image reference such as nginx:1.27 or registry.example.com/team/app:v2, got '" + printable(value) + "'");
        }
        return value;
    }

    /** An https URL with a host, of printable characters without quotes or spaces (an ACME directory, for one). */
    public static String httpsUrl(String field, String value) {
        notBlank(field, value);
        try {
            URI uri = new URI(value);
            if ("https".equals(uri.getScheme()) && uri.getHost() != null && value.matches("[\\x21-\\x7e&&[^\"\\\\]]+")) {
                return value;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        throw new ValidationException(field, "must be an https:// URL, got '" + printable(value) + "'");
    }

    /** Repository URLs git itself accepts: https, http, ssh, git, file, or scp-like user@host:path. */
    public static String gitUrl(String field, String value) {
        notBlank(field, value);
        if (value.startsWith("-") || value.chars().anyMatch(c -> c <= ' ')) {
            throw new ValidationException(field, "must be a repository URL without spaces, got '" + printable(value) + "'");
        }
        if (value.matches("[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:.+")) {
            return value;
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme();
            if (scheme != null && scheme.matches("https?|ssh|git|file")
                    && (scheme.equals("file") || uri.getHost() != null)) {
                return value;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        throw new ValidationException(field, "must be a repository URL (https://, ssh://, git@host:path or file://), got '" + printable(value) + "'");
    }

    /** A branch, tag or commit, in git's own rules for ref names (simplified). */
    public static String gitRef(String field, String value) {
        notBlank(field, value);
        if (value.startsWith("-") || value.contains("..") || value.matches(".*[\\s~^:?*\\[\\\\].*") || value.endsWith("/") || value.endsWith(".lock")) {
            throw new ValidationException(field, "must be a branch, tag or commit, got '" + printable(value) + "'");
        }
        return value;
    }

    /** A path inside a build context: relative, and never climbing out of it. */
    public static String relativePath(String field, String value) {
        notBlank(field, value);
        if (value.startsWith("/") || value.contains("\\") || value.chars().anyMatch(c -> c < ' ')) {
            throw new ValidationException(field, "must be a relative path inside the repository, got '" + printable(value) + "'");
        }
        for (String part : value.split("/")) {
            if (part.equals("..")) {
                throw new ValidationException(field, "must not climb out of the build context with '..'");
            }
        }
        return value;
    }

    public static String absolutePath(String field, String value) {
        notBlank(field, value);
        if (!java.nio.file.Path.of(value).isAbsolute()) {
            throw new ValidationException(field, "must be an absolute path, got '" + printable(value) + "'");
        }
        return value;
    }

    /** An HTTP path for health checks: starts with '/', no spaces. */
    public static String httpPath(String field, String value) {
        notBlank(field, value);
        if (!value.startsWith("/") || value.chars().anyMatch(c -> c <= ' ' || c == 127)) {
            throw new ValidationException(field, "must be a path starting with '/', without spaces, got '" + printable(value) + "'");
        }
        return value;
    }

    public static boolean isIpAddress(String value) {
        if (IPV4.matcher(value).matches()) {
            return true;
        }
        String inner = value.startsWith("[") && value.endsWith("]") ? value.substring(1, value.length() - 1) : value;
        if (!inner.contains(":") || !IPV6.matcher(inner).matches()) {
            return false;
        }
        try {
            return java.net.InetAddress.ofLiteral(inner) != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isHostName(String value) {
        if (value.isEmpty() || value.length() > 253) {
            return false;
        }
        for (String label : value.split("\\.", -1)) {
            if (label.length() > MAX_NAME || !HOST_LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    /** Shows control characters in error messages as escapes, so a message never breaks a terminal. */
    static String printable(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(80).forEach(c -> {
            if (c < ' ' || c == 127) {
                out.append(String.format("\\x%02x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        if (value.codePointCount(0, value.length()) > 80) {
            out.append('…');
        }
        return out.toString();
    }
}
