package dev.homeport.ssh.logs;

import dev.homeport.model.DurationText;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The times a user gives for "since" and "until": a moment ({@code 2026-12-06T07:00:00Z}, with an offset, or in
 * the local time zone without one: {@code 2026-12-06T07:00}, {@code 2026-12-06 07:00}, a day {@code 2026-12-06}),
 * or a duration before now ({@code 30s}, {@code 10m}, {@code 2h}, {@code 1d}, {@code 1h30m}; see {@link DurationText}).
 */
public final class LogTimes {
    private LogTimes() {
    }

    /** The moment {@code text} names, durations counted back from {@code now}; throws {@link IllegalArgumentException} saying what it takes. */
    public static Instant parse(String text, Instant now, ZoneId zone) {
        String given = text.strip();
        Optional<Duration> ago = DurationText.parse(given);
        if (ago.isPresent()) {
            return now.minus(ago.get());
        }
        String iso = given.length() > 10 && given.charAt(10) == ' ' ? given.substring(0, 10) + "T" + given.substring(11) : given;
        try {
            return OffsetDateTime.parse(iso).toInstant();
        } catch (DateTimeParseException notWithOffset) {
            // try the local forms
        }
        try {
            return LocalDateTime.parse(iso).atZone(zone).toInstant();
        } catch (DateTimeParseException notLocal) {
            // try a day
        }
        try {
            return LocalDate.parse(iso).atStartOfDay(zone).toInstant();
        } catch (DateTimeParseException notADay) {
            throw new IllegalArgumentException("'" + given + "' is not a time: give a moment such as 2026-12-06T07:00:00Z"
                    + " (or 2026-12-06 07:00 in your time zone), or how long ago, such as 30s, 10m, 2h or 1d");
        }
    }
}
