package dev.homeport.ssh.logs;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which log lines to show: those whose text (or replica) contains a search, plain or a regular expression, case
 * ignored unless asked; whose level is one of those chosen; and that Docker recorded in a time range. A line without
 * a time passes the range (nothing says it is outside). Immutable; {@link #ALL} lets every line through.
 */
public final class LogFilter {
    public static final LogFilter ALL = new LogFilter(null, EnumSet.allOf(LogLevel.class), null, null);

    private final Pattern search;
    private final Set<LogLevel> levels;
    private final Instant since;
    private final Instant until;

    private LogFilter(Pattern search, Set<LogLevel> levels, Instant since, Instant until) {
        this.search = search;
        this.levels = Set.copyOf(levels);
        this.since = since;
        this.until = until;
    }

    /**
     * A filter; {@code search} empty or null searches nothing, {@code levels} null means all, {@code since} and
     * {@code until} null leave that end open. Throws {@link IllegalArgumentException} for a regular expression that
     * is not one, no level, or a range that ends before it starts.
     */
    public static LogFilter of(String search, boolean regex, boolean caseSensitive, Set<LogLevel> levels, Instant since, Instant until) {
        Pattern pattern = null;
        if (search != null && !search.isEmpty()) {
            int flags = caseSensitive ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
            try {
                pattern = Pattern.compile(regex ? search : Pattern.quote(search), flags);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("'" + search + "' is not a regular expression: " + e.getDescription()
                        + (e.getIndex() >= search.length() ? " at its end" : e.getIndex() >= 0 ? " near character " + (e.getIndex() + 1) : ""));
            }
        }
        Set<LogLevel> chosen = levels == null ? EnumSet.allOf(LogLevel.class) : levels;
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("choose at least one level");
        }
        if (since != null && until != null && until.isBefore(since)) {
            throw new IllegalArgumentException("the range ends (" + until + ") before it starts (" + since + ")");
        }
        return new LogFilter(pattern, chosen, since, until);
    }

    public boolean matches(LogLine line) {
        return inRange(line) && levels.contains(line.level()) && matchesSearch(line);
    }

    /** {@link #matches(LogLine)} of a line's parts; {@code text} is read only when the time and level pass. */
    public boolean matches(Instant time, String source, LogLevel level, java.util.function.Supplier<String> text) {
        return (time == null || (since == null || !time.isBefore(since)) && (until == null || !time.isAfter(until)))
                && levels.contains(level)
                && (search == null || search.matcher(text.get()).find() || source != null && search.matcher(source).find());
    }

    /** The time range alone: Docker can be asked for it, to the second. */
    public boolean inRange(LogLine line) {
        Instant time = line.time();
        return time == null || (since == null || !time.isBefore(since)) && (until == null || !time.isAfter(until));
    }

    private boolean matchesSearch(LogLine line) {
        return search == null || search.matcher(line.text()).find() || line.source() != null && search.matcher(line.source()).find();
    }

    /** True when the filter looks at the lines' text or level, not just their time. */
    public boolean selectsLines() {
        return search != null || levels.size() < LogLevel.values().length;
    }

    /** The search as a pattern (plain text quoted), or null when there is none: for a view to mark what matched. */
    public Pattern pattern() {
        return search;
    }

    public Instant since() {
        return since;
    }

    public Instant until() {
        return until;
    }

    public Set<LogLevel> levels() {
        return levels;
    }
}
