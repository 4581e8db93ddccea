package dev.homeport.ssh.logs;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** How serious a log line says it is, in the words programs commonly use; {@link #UNKNOWN} when it does not say. */
public enum LogLevel {
    TRACE, DEBUG, INFO, WARN, ERROR, FATAL, UNKNOWN;

    /** The words (upper case) that name each level, as loggers print them. */
    private static final Map<String, LogLevel> WORDS = Map.ofEntries(
            Map.entry("TRACE", TRACE), Map.entry("TRC", TRACE), Map.entry("FINEST", TRACE), Map.entry("FINER", TRACE),
            Map.entry("DEBUG", DEBUG), Map.entry("DBG", DEBUG), Map.entry("FINE", DEBUG),
            Map.entry("INFO", INFO), Map.entry("INF", INFO), Map.entry("NOTICE", INFO),
            Map.entry("WARN", WARN), Map.entry("WARNING", WARN), Map.entry("WRN", WARN),
            Map.entry("ERROR", ERROR), Map.entry("ERR", ERROR), Map.entry("SEVERE", ERROR),
            Map.entry("FATAL", FATAL), Map.entry("FTL", FATAL), Map.entry("CRITICAL", FATAL), Map.entry("CRIT", FATAL),
            Map.entry("PANIC", FATAL), Map.entry("ALERT", FATAL), Map.entry("EMERG", FATAL), Map.entry("EMERGENCY", FATAL));

    /** The level a word names (any case: {@code warning}, {@code ERR}, {@code Info}), if it names one. */
    public static Optional<LogLevel> ofWord(String word) {
        return Optional.ofNullable(WORDS.get(word.toUpperCase(Locale.ROOT)));
    }

    /** A syslog priority's severity ({@code <3>} is err): 0–2 fatal, 3 error, 4 warning, 5–6 info, 7 debug. */
    static LogLevel ofSyslog(int priority) {
        return switch (priority % 8) {
            case 0, 1, 2 -> FATAL;
            case 3 -> ERROR;
            case 4 -> WARN;
            case 5, 6 -> INFO;
            default -> DEBUG;
        };
    }

    /** The level's name as users type it: {@code warn}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Levels as a user lists them: {@code warn,error}, names or their common words, {@code unknown} too.
     * Throws {@link IllegalArgumentException} naming the word it does not know, or for an empty list.
     */
    public static Set<LogLevel> parseList(String text) {
        Set<LogLevel> levels = EnumSet.noneOf(LogLevel.class);
        for (String word : text.split(",")) {
            String each = word.strip();
            if (each.isEmpty()) {
                continue;
            }
            if (each.equalsIgnoreCase("unknown")) {
                levels.add(UNKNOWN);
            } else {
                levels.add(ofWord(each).orElseThrow(() -> new IllegalArgumentException("'" + each + "' is not a level; give one or more of "
                        + Arrays.stream(values()).map(LogLevel::label).collect(Collectors.joining(", ")) + ", separated by commas")));
            }
        }
        if (levels.isEmpty()) {
            throw new IllegalArgumentException("give at least one level, for example warn,error");
        }
        return levels;
    }
}
