package dev.homeport.ssh.logs;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of a service's log, as Homeport reads it from Docker: {@code <time> [<replica>] <text>}. The time is
 * Docker's (RFC 3339, UTC, to the nanosecond), the replica ({@code web.2@n3}) leads the lines of a cluster's
 * service, and the level is read from the text in the common formats loggers write (see {@link #levelOf}).
 *
 * @param raw    the line as read (secrets already masked), as printed and saved
 * @param time   when Docker recorded it, or null when the line does not start with a time
 * @param source the replica it came from, or null (a service on one node)
 * @param level  what the text says of itself, {@link LogLevel#UNKNOWN} when it says nothing
 * @param text   the program's own text: the line without its time and replica
 */
public record LogLine(String raw, Instant time, String source, LogLevel level, String text) {
    /** A replica as a cluster's lines name it: the service, its slot, the node ({@code web.2@node-1}). */
    private static final Pattern REPLICA = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*\\.\\d+@\\S+");
    /** How far into a line a level word is looked for: it leads the line in every format but JSON. */
    private static final int LEVEL_WITHIN = 200;
    private static final Pattern SYSLOG = Pattern.compile("<(\\d{1,3})>");
    private static final Pattern JSON_LEVEL = Pattern.compile(
            "\"(?:level|lvl|severity|levelname|log\\.level|loglevel)\"\\s*:\\s*(?:\"([A-Za-z]+)\"|(\\d{1,2})\\b)", Pattern.CASE_INSENSITIVE);
    private static final Pattern JSON_STATUS = Pattern.compile("\"(?:status|status_code)\"\\s*:\\s*\"?([1-5]\\d\\d)\\b");
    private static final Pattern LOGFMT = Pattern.compile("(?:^|\\s)(?:level|lvl|severity)=\"?([A-Za-z]+)", Pattern.CASE_INSENSITIVE);
    /** Kubernetes' klog (and glog): {@code E1206 07:00:00.000000 1 main.go:10] ...}. */
    private static final Pattern KLOG = Pattern.compile("([IWEF])\\d{4} \\d\\d:\\d\\d:\\d\\d");
    /** {@code [error]} in any case, or a word in capitals standing on its own ({@code INFO}, {@code WARNING:}). */
    private static final Pattern WORD = Pattern.compile("\\[([A-Za-z]{3,9})]|(?<![\\w./\\\\-])([A-Z]{3,9})(?![\\w/-])");

    /** Reads a line as Docker sends it through Homeport: time, then (on a cluster) replica, then text. */
    public static LogLine parse(String raw) {
        String rest = raw;
        Instant time = null;
        int space = rest.indexOf(' ');
        String first = space < 0 ? rest : rest.substring(0, space);
        if (first.length() >= 20 && first.charAt(4) == '-' && first.charAt(10) == 'T') {
            try {
                time = Instant.parse(first);
                rest = space < 0 ? "" : rest.substring(space + 1);
            } catch (DateTimeParseException notATime) {
                // the program's own text
            }
        }
        String source = null;
        space = rest.indexOf(' ');
        if (time != null && space > 0 && REPLICA.matcher(rest).region(0, space).matches()) {
            source = rest.substring(0, space);
            rest = rest.substring(space + 1);
        }
        return new LogLine(raw, time, source, levelOf(rest), rest);
    }

    /**
     * Docker's time at the start of {@code bytes[from, to)} (the line's first word, UTF-8), as epoch nanoseconds, or
     * {@link LogMergeQueue#NO_TIME} when that word is not a time: what {@link #parse} reads, without an {@link Instant}.
     * Docker's own form ({@code 2026-12-06T07:00:00.123456789Z}) is read digit by digit; any other the JDK reads.
     */
    public static long epochNanos(byte[] bytes, int from, int to) {
        int length = to - from;
        if (length < 20 || bytes[from + 4] != '-' || bytes[from + 10] != 'T') {
            return LogMergeQueue.NO_TIME;
        }
        long fast = dockerTime(bytes, from, to);
        if (fast != LogMergeQueue.NO_TIME) {
            return fast;
        }
        try {
            Instant time = Instant.parse(new String(bytes, from, length, java.nio.charset.StandardCharsets.UTF_8));
            return Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000_000L), time.getNano());
        } catch (DateTimeParseException | ArithmeticException notATime) {
            return LogMergeQueue.NO_TIME;
        }
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z}, each field in range; else {@link LogMergeQueue#NO_TIME}, for the JDK to try. */
    private static long dockerTime(byte[] b, int from, int to) {
        int year = digits(b, from, 4);
        int month = digits(b, from + 5, 2);
        int day = digits(b, from + 8, 2);
        int hour = digits(b, from + 11, 2);
        int minute = digits(b, from + 14, 2);
        int second = digits(b, from + 17, 2);
        if (year < 1678 || year > 2261 || b[from + 7] != '-' || b[from + 13] != ':' || b[from + 16] != ':' || month < 1 || month > 12
                || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) {
            return LogMergeQueue.NO_TIME;
        }
        int at = from + 19;
        long nanos = 0;
        if (at < to && b[at] == '.') {
            int digits = 0;
            for (at++; at < to && b[at] >= '0' && b[at] <= '9'; at++) {
                if (++digits > 9) {
                    return LogMergeQueue.NO_TIME;
                }
                nanos = nanos * 10 + (b[at] - '0');
            }
            if (digits == 0) {
                return LogMergeQueue.NO_TIME;
            }
            for (int i = digits; i < 9; i++) {
                nanos *= 10;
            }
        }
        if (at != to - 1 || b[at] != 'Z') {
            return LogMergeQueue.NO_TIME;
        }
        long days = epochDay(year, month, day);
        return ((days * 24 + hour) * 3600 + minute * 60L + second) * 1_000_000_000L + nanos;
    }

    /** The number of {@code count} decimal digits at {@code at}, or -1. */
    private static int digits(byte[] b, int at, int count) {
        int value = 0;
        for (int i = at; i < at + count; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return -1;
            }
            value = value * 10 + (b[i] - '0');
        }
        return value;
    }

    private static int daysIn(int year, int month) {
        return switch (month) {
            case 2 -> year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a date of the proleptic Gregorian calendar (H. Hinnant's days_from_civil). */
    private static long epochDay(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yearOfEra = y - era * 400;
        long dayOfYear = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }

    /**
     * Whether {@code bytes[from, to)} (the word after a line's time) names a replica as a cluster's lines do
     * ({@code web.2@node-1}); {@link #parse} takes the same words.
     */
    public static boolean isReplica(byte[] bytes, int from, int to) {
        boolean at = false;
        for (int i = from; i < to; i++) {
            at |= bytes[i] == '@';
        }
        return at && REPLICA.matcher(new String(bytes, from, to - from, java.nio.charset.StandardCharsets.UTF_8)).matches();
    }

    /**
     * The level a program's line gives itself, in the first of these forms that it has:
     * <ul>
     *   <li>a syslog priority in front, {@code <3>} (its severity: 3 is error, 4 warning, 6 info);</li>
     *   <li>JSON with a {@code level}, {@code lvl}, {@code severity} or {@code levelname} field, named
     *       ({@code "level":"warn"}, as Caddy, zap and logrus write) or numbered as pino does (30 info, 50 error);
     *       JSON without one but with an HTTP {@code status} (an access log as nginx's JSON format writes it) is
     *       an error for 5xx, a warning for 4xx, else info;</li>
     *   <li>logfmt's {@code level=info} (or {@code lvl=}, {@code severity=});</li>
     *   <li>klog's letter in front, {@code E1206 07:00:00};</li>
     *   <li>a level in brackets in any case ({@code [ERROR]}, nginx's {@code [error]}), or in capitals on its own
     *       ({@code INFO:root:}, {@code 2026-12-06 07:00:00 WARN 1 --- [main]}), within the line's first 200 characters.</li>
     * </ul>
     * Anything else is {@link LogLevel#UNKNOWN}.
     */
    public static LogLevel levelOf(String text) {
        String line = text.stripLeading();
        Matcher syslog = SYSLOG.matcher(line);
        if (syslog.lookingAt()) {
            return LogLevel.ofSyslog(Integer.parseInt(syslog.group(1)));
        }
        if (line.startsWith("{")) {
            Matcher json = JSON_LEVEL.matcher(line);
            if (json.find()) {
                if (json.group(1) != null) {
                    return LogLevel.ofWord(json.group(1)).orElse(LogLevel.UNKNOWN);
                }
                return pino(Integer.parseInt(json.group(2)));
            }
            Matcher status = JSON_STATUS.matcher(line);
            if (status.find()) {
                int code = Integer.parseInt(status.group(1));
                return code >= 500 ? LogLevel.ERROR : code >= 400 ? LogLevel.WARN : LogLevel.INFO;
            }
            return LogLevel.UNKNOWN;
        }
        String head = line.length() > LEVEL_WITHIN ? line.substring(0, LEVEL_WITHIN) : line;
        Matcher logfmt = LOGFMT.matcher(head);
        while (logfmt.find()) {
            var level = LogLevel.ofWord(logfmt.group(1));
            if (level.isPresent()) {
                return level.get();
            }
        }
        Matcher klog = KLOG.matcher(head);
        if (klog.lookingAt()) {
            return switch (klog.group(1)) {
                case "I" -> LogLevel.INFO;
                case "W" -> LogLevel.WARN;
                case "E" -> LogLevel.ERROR;
                default -> LogLevel.FATAL;
            };
        }
        Matcher word = WORD.matcher(head);
        while (word.find()) {
            var level = LogLevel.ofWord(word.group(1) != null ? word.group(1) : word.group(2));
            if (level.isPresent()) {
                return level.get();
            }
        }
        return LogLevel.UNKNOWN;
    }

    /** pino's numbered levels: 10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal. */
    private static LogLevel pino(int number) {
        return switch (number / 10) {
            case 1 -> LogLevel.TRACE;
            case 2 -> LogLevel.DEBUG;
            case 3 -> LogLevel.INFO;
            case 4 -> LogLevel.WARN;
            case 5 -> LogLevel.ERROR;
            case 6 -> LogLevel.FATAL;
            default -> LogLevel.UNKNOWN;
        };
    }
}
