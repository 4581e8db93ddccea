package dev.homeport.ssh.proxy;

import dev.homeport.model.ValidationException;

/**
 * A certificate authority that the Caddy of several nodes share, so that a client which trusts its root trusts
 * every node: Caddy's CA {@code id} (in {@code apps.pki.certificate_authorities}), whose root certificate and key
 * Caddy reads from the files {@code certificateFile} and {@code keyFile} on the node. Caddy makes and renews the
 * intermediate and the names' certificates itself, under the CA's id. The id carries a digest of the root, so a
 * new root never meets an intermediate or a certificate of an old one in Caddy's storage.
 */
public record SharedAuthority(String id, String certificateFile, String keyFile) {
    /** Every shared authority's id starts so; Homeport takes no other CA of Caddy's for its own. */
    public static final String PREFIX = "homeport-cluster-";

    public SharedAuthority {
        id = checkedId(id);
        certificateFile = file("certificateFile", certificateFile);
        keyFile = file("keyFile", keyFile);
    }

    static String checkedId(String id) {
        if (id == null || !id.matches(PREFIX + "[0-9a-f]{12}")) {
            throw new ValidationException("authority", "must be " + PREFIX + " and 12 hex digits, got '"
                    + String.valueOf(id).replaceAll("\\p{Cntrl}", "?") + "'");
        }
        return id;
    }

    /** An absolute path of plain characters: it is written into Caddy's config as it is. */
    private static String file(String field, String path) {
        if (!ServiceRoute.plainPath(path)) {
            throw new ValidationException(field, "must be an absolute path of letters, digits, '.', '_' and '-', got '"
                    + String.valueOf(path).replaceAll("\\p{Cntrl}", "?") + "'");
        }
        return path;
    }
}
