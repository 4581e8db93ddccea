package dev.homeport.app.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A crash loop's window as typed ("90s", "2m", "1h", or seconds alone) and as shown ("90 s", "2 min"). */
final class CrashWords {
    private static final Pattern TIME = Pattern.compile("(\\d{1,7})\\s*(s|m|h)?");

    private CrashWords() {
    }

    static int parseSeconds(String option, String text) {
        Matcher m = TIME.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new CliException(Cli.BAD_INPUT, option + ": must be a number of seconds, or a number and s, m or h, such as 90s, 2m or 1h,"
                    + " got '" + Output.printable(text, false) + "'");
        }
        long n = Long.parseLong(m.group(1));
        long seconds = m.group(2) == null || m.group(2).equals("s") ? n : m.group(2).equals("m") ? n * 60 : n * 3600;
        return (int) Math.min(seconds, Integer.MAX_VALUE);
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
