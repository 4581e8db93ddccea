package dev.homeport.app.cli;

import dev.homeport.model.DurationText;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/** A crash loop's window as typed ("90s", "2m", "1h", or seconds alone) and as shown ("90 s", "2 min"). */
final class CrashWords {
    private static final Pattern SECONDS = Pattern.compile("\\d{1,9}");

    private CrashWords() {
    }

    static int parseSeconds(String option, String text) {
        String given = text.strip();
        Optional<Duration> duration = SECONDS.matcher(given).matches() ? Optional.of(Duration.ofSeconds(Long.parseLong(given)))
                : DurationText.parse(given);
        return (int) Math.min(duration.orElseThrow(() -> new CliException(Cli.BAD_INPUT, option
                + ": must be a number of seconds, or a length of time such as 90s, 2m, 1h or 1m30s, got '"
                + Output.printable(text, false) + "'")).toSeconds(), Integer.MAX_VALUE);
    }

    /** "3 exits nobody asked for within 2 min", "1 exit nobody asked for within 30 s". */
    static String loop(int crashes, int seconds) {
        return crashes + (crashes == 1 ? " exit" : " exits") + " nobody asked for within " + seconds(seconds);
    }

    /** "45 s", "90 s", "2 min", "1 h". */
    static String seconds(int seconds) {
        if (seconds % 60 != 0) {
            return seconds + " s";
        }
        return seconds % 3600 == 0 ? seconds / 3600 + " h" : seconds / 60 + " min";
    }
}
