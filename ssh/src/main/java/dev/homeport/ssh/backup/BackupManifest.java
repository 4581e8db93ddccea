package dev.homeport.ssh.backup;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * What a node records about one backup run, beside its encrypted file, in {@code <stamp>.json}
 * (see {@link BackupPaths}). The node's scheduled script writes it, so it must stay readable by a
 * plain shell: flat fields, times as ISO-8601 UTC text. A run that failed has a manifest too, with
 * {@code status} "failed", the error, and no file, so a failure is never silent.
 *
 * @param version  the manifest's format, 1
 * @param engine   {@code postgres}, {@code mariadb}, {@code redis} or {@code volume}
 * @param status   {@code ok} or {@code failed}
 * @param file     the encrypted file's name in the same folder; null when it failed
 * @param sha256   of the encrypted file, as stored
 * @param format   how the plaintext inside the age file is written, one of {@link #FORMATS}
 * @param tables   what the data held when it was dumped, taken in the dump's own snapshot where the
 *                 engine allows; compared with a restore's {@link TableChecksums} to verify it
 * @param trigger  {@code schedule} or {@code manual}
 * @param files    a volume's backup: how many regular files its tar holds
 * @param tarSha256 a volume's backup: the sha256 of the plain tar stream (before compression and encryption), its
 *                 first header's mtime and checksum fields as spaces (the volume's own folder, whose time a restore
 *                 cannot set), which a restore compares with the restored volume's own tar
 * @param stopped  a volume's backup: whether the service's containers were stopped while the tar was taken
 *                 (false: a live volume, which may have been copied mid-write)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackupManifest(int version, String engine, String status, String error, String trigger,
                             Instant started, Instant finished, String file, Long bytes, String sha256,
                             String format, List<TableSum> tables, Long files, String tarSha256, Boolean stopped) {
    /** The engine of a named volume's backup. */
    public static final String VOLUME = "volume";

    public static final List<String> FORMATS = List.of("pg_dump-custom", "mariadb-sql-gzip", "redis-rdb-gzip", "volume-tar-gzip");

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** A database's manifest. */
    public BackupManifest(int version, String engine, String status, String error, String trigger, Instant started, Instant finished,
                          String file, Long bytes, String sha256, String format, List<TableSum> tables) {
        this(version, engine, status, error, trigger, started, finished, file, bytes, sha256, format, tables, null, null, null);
    }

    public boolean volume() {
        return VOLUME.equals(engine);
    }

    public boolean succeeded() {
        return "ok".equals(status);
    }

    /**
     * The manifest of a backup copied off its node ({@code manifestFile}), checked to be a good backup's and to name
     * {@code encrypted}'s file, for a restore from that copy.
     */
    public static BackupManifest ofCopy(java.nio.file.Path encrypted, java.nio.file.Path manifestFile) {
        BackupManifest manifest;
        try {
            manifest = parse(java.nio.file.Files.readString(manifestFile));
        } catch (IOException | IllegalArgumentException e) {
            throw new RestoreException("Cannot read the manifest " + manifestFile + ": " + e.getMessage(), e);
        }
        if (!manifest.succeeded() || manifest.file() == null || manifest.started() == null) {
            throw new RestoreException(manifestFile + " is the manifest of a failed backup: there is nothing to restore.");
        }
        String name = encrypted.getFileName().toString();
        if (!name.equals(manifest.file())) {
            throw new RestoreException("The manifest " + manifestFile + " is of " + manifest.file() + ", not of " + name + ".");
        }
        return manifest;
    }

    public static BackupManifest parse(String json) {
        try {
            return JSON.readValue(json, BackupManifest.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a backup manifest: " + e.getMessage(), e);
        }
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
