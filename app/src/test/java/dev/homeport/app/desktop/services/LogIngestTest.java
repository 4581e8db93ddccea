package dev.homeport.app.desktop.services;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.ssh.logs.LogLine;
import dev.homeport.ssh.logs.LogMerger;
import dev.homeport.ssh.logs.LogStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Logs tab's worker without the tab: lines of two streams as Docker sends them, read from their bytes, merged and
 * kept, against {@link LogLine#parse} and {@link LogMerger} on the same lines; and a bound lowered while it runs.
 */
class LogIngestTest {
    private static final List<String> LINES = List.of(
            "2026-12-06T07:00:00.000000003Z level=info msg=\"c\"",
            "2026-12-06T07:00:00.000000001Z web.2@node-1 [ERROR] order 2 failed: café",
            "    at Main.main(Main.java:3)",
            "2026-12-06T07:00:00.2Z <4>sshd: warning",
            "2026-12-06T07:00:00Z {\"level\":\"debug\",\"msg\":\"x\"}",
            "not a time at all",
            "2026-12-06T08:00:00+01:00 an offset, read by the JDK",
            "2026-02-30T07:00:00Z not a day",
            "2026-12-06T07:00:01.5Z web.1@n1",
            "2026-12-06T07:00:01.6Z ",
            "");

    @Test
    void readsMergesAndKeepsLinesAsTheParserAndMergerDo() throws Exception {
        LinkedBlockingQueue<LogIngest.Update> updates = new LinkedBlockingQueue<>();
        try (LogIngest ingest = new LogIngest(LogStore.Bound.DEFAULT, updates::add)) {
            int epoch = ingest.newEpoch();
            ingest.start();
            LogMerger merger = new LogMerger(Duration.ofMillis(200));
            for (int i = 0; i < LINES.size(); i++) {
                String source = i % 2 == 0 ? "web r12" : null;
                ingest.offer(epoch - 1, "old", "2026-12-06T06:00:00Z of a stream stopped"); // dropped: an earlier epoch
                ingest.offer(epoch, source, LINES.get(i));
                merger.offer(LogLine.parse(LINES.get(i)), source, 0);
            }
            List<String> expected = new ArrayList<>();
            merger.drainAll(m -> expected.add(show(m.line().time(), m.source() != null ? m.source() : m.line().source(), m.line().level(), m.line().text())));

            LogStore store = ingest.store();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (store.size() < LINES.size() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            List<String> kept = new ArrayList<>();
            for (long seq = store.first(); seq < store.end(); seq++) {
                LogStore.Entry entry = store.get(seq);
                kept.add(show(entry.time(), entry.source(), entry.level(), entry.text()));
            }
            assertThat(kept).containsExactlyElementsOf(expected);
            assertThat(store.sources()).containsExactly("web r12", "web.2@node-1").doesNotContain("old");

            // A lower bound while it runs: the oldest go at once, and the view is told where the kept lines start.
            ingest.bound(new LogStore.Bound(4, 1L << 20));
            LogIngest.Update last = null;
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while ((last == null || last.kept() != 4) && System.nanoTime() < deadline) {
                last = updates.poll(100, TimeUnit.MILLISECONDS);
            }
            assertThat(last).isNotNull();
            assertThat(last.kept()).isEqualTo(4);
            assertThat(last.first()).isEqualTo(store.end() - 4);
            assertThat(store.get(store.first()).text()).isEqualTo(kept.get(LINES.size() - 4).substring(kept.get(LINES.size() - 4).lastIndexOf('|') + 1));
        }
    }

    private static String show(java.time.Instant time, String source, dev.homeport.ssh.logs.LogLevel level, String text) {
        return time + "|" + source + "|" + level + "|" + text;
    }
}
