package dev.homeport.model;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a user types a length of time, everywhere in Homeport: numbers each followed by s, m, h, d or w, such as
 * {@code 90s}, {@code 2m}, {@code 1h30m}, {@code 1d} or {@code 2w}. Callers add their own rules (a bare number, a
 * least value) and their own error message, since each names its option.
 */
public final class DurationText {
    private static final Pattern WHOLE = Pattern.compile("(?:\\d{1,9}[smhdw])+");
    private static final Pattern PART = Pattern.compile("(\\d{1,9})([smhdw])");

    private DurationText() {
    }

    /** The duration {@code text} names, or empty when it is not numbers and units (case and surrounding space ignored). */
    public static Optional<Duration> parse(String text) {
        String given = text.strip().toLowerCase(Locale.ROOT);
        if (!WHOLE.matcher(given).matches()) {
            return Optional.empty();
        }
        Duration total = Duration.ZERO;
        Matcher part = PART.matcher(given);
        while (part.find()) {
            long n = Long.parseLong(part.group(1));
            total = total.plus(switch (part.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            });
        }
        return Optional.of(total);
    }
}
