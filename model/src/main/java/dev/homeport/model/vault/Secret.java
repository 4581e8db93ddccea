package dev.homeport.model.vault;

import java.util.Objects;

/**
 * A plaintext secret held in memory. It prints as {@code [REDACTED]} so it can
 * never leak through a log line, an exception message or {@code toString}.
 * Only {@link #reveal()} gives the value, and callers pass it straight to the
 * API that needs it.
 */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    public static Secret of(String value) {
        Objects.requireNonNull(value, "secret value");
        return new Secret(value);
    }

    public static Secret of(char[] value) {
        return new Secret(new String(value));
    }

    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret s && java.security.MessageDigest.isEqual(
                s.value.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return 0; // no hint about the value
    }

    @Override
    public String toString() {
        return "[REDACTED]";
    }
}
