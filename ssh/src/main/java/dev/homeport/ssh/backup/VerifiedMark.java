package dev.homeport.ssh.backup;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * A restore check's result, kept on the node beside the backup's manifest as
 * {@code <stamp>.verified.json}, so every laptop sees which backups were ever proven to restore.
 * Flat fields, like the manifest's, readable by a shell.
 *
 * @param result  {@code ok} (every table equal to the manifest's record) or {@code failed}
 * @param summary {@link Verification#summary()}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VerifiedMark(int version, Instant checked, String result, String summary, int tables) {
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public static final String SUFFIX = ".verified.json";

    public static String fileName(String stamp) {
        return stamp + SUFFIX;
    }

    public static VerifiedMark of(Verification verification, Instant checked) {
        return new VerifiedMark(1, checked.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), verification.passed() ? "ok" : "failed", verification.summary(), verification.tables().size());
    }

    public boolean verified() {
        return "ok".equals(result);
    }

    public static VerifiedMark parse(String json) {
        try {
            return JSON.readValue(json, VerifiedMark.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a verified mark: " + e.getMessage(), e);
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
