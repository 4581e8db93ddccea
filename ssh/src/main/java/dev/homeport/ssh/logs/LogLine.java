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
