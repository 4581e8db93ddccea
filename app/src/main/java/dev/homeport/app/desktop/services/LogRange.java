package dev.homeport.app.desktop.services;

import dev.homeport.ssh.logs.LogFilter;
import dev.homeport.ssh.logs.LogTimes;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The time range of the Logs tab, as the user chose it: where it starts (one of the {@link Preset}s, or a time typed as
 * {@code homeport logs --since} takes it) and, optionally, where it ends (typed as {@code --until} takes it). The times
 * are read by the CLI's own {@link LogTimes}; a duration ({@code 30m}) counts back from each (re)start.
 *
 * @param preset the preset start, or null when {@code sinceText} was typed
 * @param sinceText the typed start (null with a preset)
 * @param untilText the typed end, or null: the view follows
 */
record LogRange(Preset preset, String sinceText, String untilText) {
    static final LogRange DEFAULT = new LogRange(Preset.RECENT, null, null);
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    /** The starts offered in the list: the last lines, or a span back from now. */
    enum Preset {
        RECENT("Last " + LogsPane.TAIL + " lines", null),
        QUARTER("Last 15 minutes", Duration.ofMinutes(15)),
        HOUR("Last hour", Duration.ofHours(1)),
        DAY("Last 24 hours", Duration.ofHours(24));

        final String label;
        final Duration back;

        Preset(String label, Duration back) {
            this.label = label;
            this.back = back;
        }

        @Override
        public String toString() {
            return label;
        }

        /** The preset labelled {@code text}, or null. */
        static Preset labelled(String text) {
            for (Preset preset : values()) {
                if (preset.label.equals(text)) {
                    return preset;
                }
            }
            return null;
        }
    }

    /** The moments of a range, resolved at one instant: either may be null (open). */
    record Span(Instant since, Instant until, String description) {
        boolean follows() {
            return until == null;
        }
    }

    /**
     * The range the two fields ask for: {@code since} a preset's label or a time, {@code until} blank or a time. Throws
     * {@link IllegalArgumentException} saying which field is wrong and the forms it takes, or that the range ends before
     * it starts.
     */
    static LogRange of(String since, String until, Instant now, ZoneId zone) {
        String start = since == null ? "" : since.strip();
        String end = until == null || until.isBlank() ? null : until.strip();
        Preset preset = start.isEmpty() ? Preset.RECENT : Preset.labelled(start);
        LogRange range = new LogRange(preset, preset == null ? start : null, end);
        range.resolve(now, zone);
        return range;
    }

    /** The moments this range names at {@code now}; throws as {@link #of} does. */
    Span resolve(Instant now, ZoneId zone) {
        Instant since = preset != null ? (preset.back == null ? null : now.minus(preset.back)) : time("Since", sinceText, now, zone);
        Instant until = untilText == null ? null : time("Until", untilText, now, zone);
        try {
            LogFilter.of(null, false, false, null, since, until);
        } catch (IllegalArgumentException backwards) {
            throw new IllegalArgumentException("Until (" + shown(until, zone) + ") is before Since (" + shown(since, zone)
                    + "): the range would hold no line. The view is unchanged.");
        }
        return new Span(since, until, describe(since, until, zone));
    }

    private static Instant time(String field, String text, Instant now, ZoneId zone) {
        try {
            return LogTimes.parse(text, now, zone);
        } catch (IllegalArgumentException bad) {
            throw new IllegalArgumentException(field + ": " + bad.getMessage() + ". The view is unchanged.");
        }
    }

    /** How far the view reads each source at most: the last lines, or a range's {@value LogsPane#RANGE_LINES}. */
    int lines() {
        return preset == Preset.RECENT ? LogsPane.TAIL : LogsPane.RANGE_LINES;
    }

    private String describe(Instant since, Instant until, ZoneId zone) {
        if (until != null) {
            String from = since == null ? "" : " from " + shown(since, zone);
            return (preset == Preset.RECENT ? "the last " + LogsPane.TAIL + " lines" : "at most the last " + LogsPane.RANGE_LINES + " lines")
                    + from + " up to " + shown(until, zone) + "; not following";
        }
        if (preset == Preset.RECENT) {
            return "the last " + LogsPane.TAIL + " lines, then live";
        }
        String from = preset != null ? preset.label.toLowerCase(Locale.ROOT) : "since " + shown(since, zone);
        return from + ", at most " + LogsPane.RANGE_LINES + " lines, then live";
    }

    static String shown(Instant time, ZoneId zone) {
        return time == null ? "the start" : SHOWN.format(time.atZone(zone));
    }
}
