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

    @Test
    void theQueueOnNumbersGivesOutHandlesInTimeThenArrivalOrder() {
        LogMergeQueue queue = new LogMergeQueue(Duration.ofMillis(100));
        List<Long> out = new ArrayList<>();
        queue.offer(3_000, 30, 0);
        queue.offer(1_000, 10, 0);
        queue.offer(LogMergeQueue.NO_TIME, 31, 0); // no time: after the latest line offered (3,000), after it
        queue.offer(2_000, 20, 0);
        queue.offer(2_000, 21, 0); // the same time: in the order offered
        queue.offer(500, 5, 50 * MS);
        queue.drain(120 * MS, out::add);
        assertThat(out).as("the line of time 500 is young (70 ms), and no line held is earlier").isEmpty();
        queue.drain(160 * MS, out::add);
        assertThat(out).containsExactly(5L, 10L, 20L, 21L, 30L, 31L);
        assertThat(queue.held()).isZero();

        // Many lines, shuffled, from 8 streams: out in time order however they came.
        java.util.Random random = new java.util.Random(42);
        List<Long> times = new ArrayList<>();
        for (long t = 0; t < 100_000; t++) {
            times.add(t * 7);
        }
        java.util.Collections.shuffle(times, random);
        for (long t : times) {
            queue.offer(t, t, 0);
        }
        out.clear();
        queue.drainAll(out::add);
        assertThat(out).hasSize(100_000).isSorted();
    }
}
