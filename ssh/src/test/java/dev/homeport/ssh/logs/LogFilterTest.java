package dev.homeport.ssh.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Search, levels and a time range, and the errors for what they cannot take. */
class LogFilterTest {
    private static final List<LogLine> LINES = List.of(
            LogLine.parse("2026-12-06T06:59:59.999999999Z web.1@node-1 level=info msg=\"GET /orders 200\""),
            LogLine.parse("2026-12-06T07:00:00Z web.2@node-3 level=error msg=\"Order 42 failed: timeout\""),
            LogLine.parse("2026-12-06T07:05:00.5Z web.1@node-1 [WARN] order queue is long"),
            LogLine.parse("2026-12-06T07:10:00Z web.2@node-3 plain words, nothing else"),
            LogLine.parse("no time at all: ORDER"));

    private static List<String> texts(LogFilter filter) {
        return LINES.stream().filter(filter::matches).map(LogLine::text).toList();
    }

    @Test
    void allLetsEveryLineThrough() {
        assertThat(texts(LogFilter.ALL)).hasSize(5);
        assertThat(LogFilter.ALL.selectsLines()).isFalse();
    }

    @Test
    void plainTextIgnoresCaseUnlessAskedAndTakesRegexCharactersLiterally() {
        assertThat(texts(LogFilter.of("order", false, false, null, null, null))).hasSize(4);
        assertThat(texts(LogFilter.of("Order", false, true, null, null, null))).containsExactly("level=error msg=\"Order 42 failed: timeout\"");
        assertThat(texts(LogFilter.of("GET /orders 2", false, false, null, null, null))).hasSize(1);
        assertThat(texts(LogFilter.of("o.der", false, false, null, null, null))).as("a dot is a dot").isEmpty();
    }

    @Test
    void aRegularExpression() {
        assertThat(texts(LogFilter.of("order \\d+ failed", true, false, null, null, null))).containsExactly("level=error msg=\"Order 42 failed: timeout\"");
        assertThat(texts(LogFilter.of("^plain", true, false, null, null, null))).as("anchored at the text, after time and replica")
                .containsExactly("plain words, nothing else");
        assertThat(texts(LogFilter.of("node-3", false, false, null, null, null))).as("the replica is searched too").hasSize(2);
    }

    @Test
    void aBadRegularExpressionSaysWhereAndWhy() {
        assertThatThrownBy(() -> LogFilter.of("order (\\d+", true, false, null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'order (\\d+' is not a regular expression: Unclosed group at its end");
        assertThatThrownBy(() -> LogFilter.of("a{x}", true, false, null, null, null))
                .hasMessage("'a{x}' is not a regular expression: Illegal repetition near character 3");
        assertThat(LogFilter.of("order (\\d+", false, false, null, null, null)).as("plain text takes it as it is").isNotNull();
    }

    @Test
    void levels() {
        assertThat(texts(LogFilter.of(null, false, false, EnumSet.of(LogLevel.WARN, LogLevel.ERROR), null, null)))
                .containsExactly("level=error msg=\"Order 42 failed: timeout\"", "[WARN] order queue is long");
        assertThat(texts(LogFilter.of("", false, false, EnumSet.of(LogLevel.UNKNOWN), null, null)))
                .containsExactly("plain words, nothing else", "no time at all: ORDER");
        assertThatThrownBy(() -> LogFilter.of(null, false, false, Set.of(), null, null)).hasMessage("choose at least one level");
        assertThat(LogFilter.of(null, false, false, EnumSet.of(LogLevel.ERROR), null, null).selectsLines()).isTrue();
    }

    @Test
    void sinceAndUntilIncludeTheirEndsAndLetALineWithoutATimeThrough() {
        Instant seven = Instant.parse("2026-12-06T07:00:00Z");
        assertThat(texts(LogFilter.of(null, false, false, null, seven, null))).hasSize(4).doesNotContain(LINES.getFirst().text());
        assertThat(texts(LogFilter.of(null, false, false, null, null, seven)))
                .containsExactly(LINES.get(0).text(), LINES.get(1).text(), LINES.get(4).text());
        assertThat(texts(LogFilter.of(null, false, false, null, seven.plusSeconds(60), seven.plusSeconds(301))))
                .containsExactly("[WARN] order queue is long", "no time at all: ORDER");
        assertThatThrownBy(() -> LogFilter.of(null, false, false, null, seven, seven.minusNanos(1)))
                .hasMessage("the range ends (2026-12-06T06:59:59.999999999Z) before it starts (2026-12-06T07:00:00Z)");
    }

    @Test
    void levelListsAsUsersTypeThem() {
        assertThat(LogLevel.parseList("warn,error")).containsExactlyInAnyOrder(LogLevel.WARN, LogLevel.ERROR);
        assertThat(LogLevel.parseList(" WARNING , err ,unknown")).containsExactlyInAnyOrder(LogLevel.WARN, LogLevel.ERROR, LogLevel.UNKNOWN);
        assertThatThrownBy(() -> LogLevel.parseList("warn,loud"))
                .hasMessage("'loud' is not a level; give one or more of trace, debug, info, warn, error, fatal, unknown, separated by commas");
        assertThatThrownBy(() -> LogLevel.parseList(" , ")).hasMessage("give at least one level, for example warn,error");
    }

    @Test
    void timesAbsoluteLocalAndAgo() {
        Instant now = Instant.parse("2026-12-06T07:30:00Z");
        ZoneId paris = ZoneId.of("Europe/Paris");
        assertThat(LogTimes.parse("2026-12-06T07:00:00Z", now, paris)).isEqualTo(Instant.parse("2026-12-06T07:00:00Z"));
        assertThat(LogTimes.parse("2026-12-06T08:00:00+01:00", now, paris)).isEqualTo(Instant.parse("2026-12-06T07:00:00Z"));
        assertThat(LogTimes.parse("2026-12-06 08:00", now, paris)).as("local time").isEqualTo(Instant.parse("2026-12-06T07:00:00Z"));
        assertThat(LogTimes.parse("2026-12-06T08:00:30.5", now, paris)).isEqualTo(Instant.parse("2026-12-06T07:00:30.5Z"));
        assertThat(LogTimes.parse("2026-12-06", now, ZoneOffset.UTC)).isEqualTo(Instant.parse("2026-12-06T00:00:00Z"));
        assertThat(LogTimes.parse("10m", now, paris)).isEqualTo(Instant.parse("2026-12-06T07:20:00Z"));
        assertThat(LogTimes.parse("30s", now, paris)).isEqualTo(Instant.parse("2026-12-06T07:29:30Z"));
        assertThat(LogTimes.parse("1h30m", now, paris)).isEqualTo(Instant.parse("2026-12-06T06:00:00Z"));
        assertThat(LogTimes.parse("2d", now, paris)).isEqualTo(Instant.parse("2026-12-04T07:30:00Z"));
        assertThatThrownBy(() -> LogTimes.parse("10x", now, paris)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'10x' is not a time: give a moment such as 2026-12-06T07:00:00Z (or 2026-12-06 07:00 in your time zone),"
                        + " or how long ago, such as 30s, 10m, 2h or 1d");
        assertThatThrownBy(() -> LogTimes.parse("yesterday", now, paris)).isInstanceOf(IllegalArgumentException.class);
    }
}
