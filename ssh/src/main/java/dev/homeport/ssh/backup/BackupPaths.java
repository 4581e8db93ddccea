package dev.homeport.ssh.backup;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Where a node keeps a data volume's backups, and how one run's files are named. A database is
 * keyed by its data volume's name ({@code db-data-x7k2qa}), which is unique and outlives its
 * containers; a service's other named volumes the same way.
 *
 * <pre>
 * /var/lib/homeport/backups/&lt;volume&gt;/20261206T120000Z.pgdump.age   the encrypted dump
 * /var/lib/homeport/backups/&lt;volume&gt;/20261206T120000Z.json          its {@link BackupManifest}
 * /var/lib/homeport/backups/_copies/&lt;source node&gt;/&lt;volume&gt;/…      copies pushed here from another node
 * </pre>
 *
 * <p>{@code _copies} cannot be a volume's folder: Docker's volume names start with a letter or digit.
 */
public final class BackupPaths {
    public static final String ROOT = "/var/lib/homeport/backups";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private BackupPaths() {
    }

    public static String folder(String volume) {
        return ROOT + "/" + volume;
    }

    /** Where a node keeps the copies pushed to it of {@code volume}'s backups made on the node {@code sourceNode}. */
    public static String copyFolder(String sourceNode, String volume) {
        return ROOT + "/_copies/" + sourceNode + "/" + volume;
    }

    /** A run's stamp, its files' common prefix: sorts as its time does. */
    public static String stamp(Instant started) {
        return STAMP.format(started);
    }

    public static Instant parseStamp(String stamp) {
        return Instant.from(STAMP.parse(stamp));
    }

    /** The encrypted file's extension for a manifest format. */
    public static String extension(String format) {
        return switch (format) {
            case "pg_dump-custom" -> "pgdump.age";
            case "mariadb-sql-gzip" -> "sql.gz.age";
            case "redis-rdb-gzip" -> "rdb.gz.age";
            case "volume-tar-gzip" -> "tar.gz.age";
            default -> throw new IllegalArgumentException("unknown backup format: " + format);
        };
    }
}
