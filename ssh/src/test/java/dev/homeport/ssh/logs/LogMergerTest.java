package dev.homeport.ssh.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lines of two streams, arriving out of time order, given out in time order once held long enough. */
class LogMergerTest {
    private static final long MS = 1_000_000L;

    private static LogLine line(String time, String text) {
        return LogLine.parse("2026-12-06T07:00:" + time + "Z " + text);
    }

    @Test
    void holdsLinesAndGivesThemOutInTimeOrder() {
        LogMerger merger = new LogMerger(Duration.ofMillis(200));
        List<String> out = new ArrayList<>();
        // Release 12's last lines arrive first, then release 13's, older and newer.
        merger.offer(line("01", "r12 a"), "web r12", 0);
        merger.offer(line("03", "r12 b"), "web r12", 0);
        merger.offer(line("02", "r13 a"), "web r13", 50 * MS);
        merger.offer(line("04", "r13 b"), "web r13", 50 * MS);
        merger.drain(100 * MS, m -> out.add(m.line().text()));
        assertThat(out).as("all still young").isEmpty();
        merger.drain(220 * MS, m -> out.add(m.line().text()));
        assertThat(out).as("r12's are old, but r13 a (02) is young and comes before r12 b (03)").containsExactly("r12 a");
        merger.drain(260 * MS, m -> out.add(m.line().text() + "@" + m.source()));
        assertThat(out).containsExactly("r12 a", "r13 a@web r13", "r12 b@web r12", "r13 b@web r13");
        assertThat(merger.held()).isZero();
    }

    @Test
    void aLineWithoutATimeStaysAfterTheLineBeforeIt() {
        LogMerger merger = new LogMerger(Duration.ofMillis(100));
        List<String> out = new ArrayList<>();
        merger.offer(line("05", "first"), null, 0);
        merger.offer(LogLine.parse("    at Main.main(Main.java:3)"), null, 0);
        merger.offer(line("06", "second"), null, 0);
        merger.drainAll(m -> out.add(m.line().text()));
        assertThat(out).containsExactly("first", "    at Main.main(Main.java:3)", "second");
    }
}
