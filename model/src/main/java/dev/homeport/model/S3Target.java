package dev.homeport.model;

import dev.homeport.model.vault.Sealed;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * S3-compatible storage an organisation's backups are copied to: a bucket at an endpoint, with an optional key
 * prefix, and the access key pair the node's rclone signs with. The secret access key is sealed in the vault.
 * Objects go under {@code <prefix>/<node>/<backup folder>/<file>} (see {@link #folder}).
 *
 * @param endpoint the service's URL, {@code https://s3.eu-central-1.amazonaws.com} or {@code http://minio.lan:9000}
 * @param region   the region to sign for; null when the endpoint does not care (most S3-compatible servers)
 * @param prefix   a key prefix without leading or trailing slash, or null for the bucket's top
 */
public record S3Target(long id, long organisationId, String name, String endpoint, String region, String bucket, String prefix,
                       String accessKeyId, Sealed secretKey) {
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern PREFIX_SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");
    private static final Pattern ACCESS_KEY = Pattern.compile("[\\x21-\\x7e]{1,256}");

    public S3Target {
        Check.dnsLabel("name", name);
        checkEndpoint(endpoint);
        region = region == null || region.isBlank() ? null : checkRegion(region);
        checkBucket(bucket);
        prefix = checkPrefix(prefix);
        checkAccessKeyId(accessKeyId);
        if (secretKey == null) {
            throw new ValidationException("secret key", "is required");
        }
    }

    /** An http or https URL with a host and an optional port, nothing after it but an optional "/". */
    public static String checkEndpoint(String endpoint) {
        Check.notBlank("endpoint", endpoint);
        try {
            URI uri = new URI(endpoint);
            boolean scheme = "https".equals(uri.getScheme()) || "http".equals(uri.getScheme());
            boolean bare = uri.getRawUserInfo() == null && uri.getRawQuery() == null && uri.getRawFragment() == null
                    && (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"));
            if (scheme && uri.getHost() != null && bare && endpoint.matches("[\\x21-\\x7e&&[^\"'\\\\]]+")) {
                return endpoint;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new ValidationException("endpoint", "must be an http:// or https:// URL of the S3 service, a host and optional port"
                + " (such as https://s3.eu-central-1.amazonaws.com or http://minio.lan:9000), got '" + Check.printable(endpoint) + "'");
    }

    /** S3's bucket naming rules: 3–63 lower-case letters, digits, dots and hyphens, a letter or digit at each end. */
    public static String checkBucket(String bucket) {
        if (bucket == null || bucket.isBlank()) {
            throw new ValidationException("bucket", "is required");
        }
        if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            throw new ValidationException("bucket", "must be an S3 bucket name: 3–63 lower-case letters, digits, dots and hyphens,"
                    + " starting and ending with a letter or digit, got '" + Check.printable(bucket) + "'");
        }
        return bucket;
    }

    public static String checkRegion(String region) {
        if (!REGION.matcher(region).matches()) {
            throw new ValidationException("region", "must be a region name such as eu-central-1, got '" + Check.printable(region) + "'");
        }
        return region;
    }

    /** A key prefix as folders separated by "/" (outer slashes dropped); null or blank for none. */
    public static String checkPrefix(String prefix) {
        if (prefix == null || prefix.isBlank()) {
            return null;
        }
        String trimmed = prefix.strip();
        while (trimmed.startsWith("/")) {
            trimmed = trimmed.substring(1);
        }
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        if (trimmed.isEmpty()) {
            return null;
        }
        for (String segment : trimmed.split("/", -1)) {
            if (!PREFIX_SEGMENT.matcher(segment).matches() || segment.length() > 255) {
                throw new ValidationException("prefix", "must be folder names separated by '/', each of letters, digits, '.', '_' and '-'"
                        + " (not starting with '.' or '-'), got '" + Check.printable(prefix) + "'");
            }
        }
        if (trimmed.length() > 1024) {
            throw new ValidationException("prefix", "must be at most 1024 characters");
        }
        return trimmed;
    }

    public static String checkAccessKeyId(String accessKeyId) {
        Check.notBlank("access key", accessKeyId);
        if (!ACCESS_KEY.matcher(accessKeyId).matches()) {
            throw new ValidationException("access key", "must be the access key id, printable characters without spaces, got '"
                    + Check.printable(accessKeyId) + "'");
        }
        return accessKeyId;
    }

    /** The key folder one node's backups of one backup folder (a data volume's name) go under: {@code <prefix>/<node>/<folder>}. */
    public String folder(String node, String backupFolder) {
        return (prefix == null ? "" : prefix + "/") + node + "/" + backupFolder;
    }

    /** As it is shown: {@code s3://bucket/prefix at https://endpoint}. */
    public String location() {
        return "s3://" + bucket + (prefix == null ? "" : "/" + prefix) + " at " + endpoint;
    }
}
