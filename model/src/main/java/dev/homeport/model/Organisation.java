package dev.homeport.model;

/**
 * The top of the inventory. The ACME email is used for automatic HTTPS certificates; {@code acmeDirectory} is
 * the directory URL of the ACME CA that issues the certificates of its services' public names, or null for
 * Let's Encrypt.
 */
public record Organisation(long id, String name, String acmeEmail, String acmeDirectory) {
    /** Let's Encrypt's staging CA: far higher rate limits, and certificates no browser trusts. */
    public static final String LETS_ENCRYPT_STAGING = "https://acme-staging-v02.api.letsencrypt.org/directory";
    /** Let's Encrypt's production CA, which Caddy uses when no directory is named. */
    public static final String LETS_ENCRYPT = "https://acme-v02.api.letsencrypt.org/directory";

    public Organisation {
        Check.dnsLabel("name", name);
        if (acmeEmail != null) {
            Check.email("acmeEmail", acmeEmail);
        }
        if (acmeDirectory != null) {
            Check.httpsUrl("acmeDirectory", acmeDirectory);
        }
    }

    public static Organisation draft(String name) {
        return new Organisation(0, name, null, null);
    }

    /** The CA in words: "Let's Encrypt", "Let's Encrypt staging", or the directory URL. */
    public String acmeCa() {
        return describeAcmeDirectory(acmeDirectory);
    }

    public static String describeAcmeDirectory(String directory) {
        if (directory == null || directory.equals(LETS_ENCRYPT)) {
            return "Let's Encrypt";
        }
        return directory.equals(LETS_ENCRYPT_STAGING) ? "Let's Encrypt staging" : directory;
    }
}
