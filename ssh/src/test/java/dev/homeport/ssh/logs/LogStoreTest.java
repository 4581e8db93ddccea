package dev.homeport.ssh.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The bounded store of a log's newest lines: what it keeps, what it drops, and what a scan finds. */
class LogStoreTest {
    private static final Instant T0 = Instant.parse("2026-12-06T07:00:00.123456789Z");

    @Test
    void keepsEachLinesPartsAndGivesThemBackBySequenceNumber() {
        LogStore store = new LogStore(LogStore.Bound.DEFAULT);
        long a = store.add(LogLine.parse("2026-12-06T07:00:00.123456789Z web.2@n3 [ERROR] order 2 failed: café"), null);
        long b = store.add(null, "web r12", LogLevel.UNKNOWN, "");
        long c = store.add(LogLine.parse("no time here"), "web r13");
        assertThat(List.of(a, b, c)).containsExactly(0L, 1L, 2L);
        LogStore.Entry first = store.get(a);
        assertThat(first.time()).isEqualTo(T0);
        assertThat(first.source()).isEqualTo("web.2@n3");
        assertThat(first.level()).isEqualTo(LogLevel.ERROR);
        assertThat(first.text()).isEqualTo("[ERROR] order 2 failed: café");
        assertThat(first.raw()).isEqualTo("2026-12-06T07:00:00.123456789Z web.2@n3 [ERROR] order 2 failed: café");
        assertThat(store.get(b).text()).isEmpty();
        assertThat(store.get(b).time()).isNull();
        assertThat(store.get(c).source()).as("the source given wins").isEqualTo("web r13");
        assertThat(store.sources()).containsExactly("web.2@n3", "web r12", "web r13");
        assertThat(store.get(3)).isNull();
    }

    @Test
    void dropsTheOldestPastTheBoundOfLines() {
        LogStore store = new LogStore(new LogStore.Bound(1000, 8L << 20));
        for (int i = 0; i < 5000; i++) {
            store.add(T0.plusMillis(i), "web.1@n1", LogLevel.INFO, "line " + i);
        }
        assertThat(store.size()).isEqualTo(1000);
        assertThat(store.first()).isEqualTo(4000);
        assertThat(store.end()).isEqualTo(5000);
        assertThat(store.get(3999)).isNull();
        assertThat(store.get(4000).text()).isEqualTo("line 4000");
        assertThat(store.get(4999).text()).isEqualTo("line 4999");
        assertThat(store.get(4999).time()).isEqualTo(T0.plusMillis(4999));
    }

    @Test
    void theOperatorsSmallestBoundKeepsOnlyTheNewestLines() {
        LogStore store = new LogStore(LogStore.Bound.of(new dev.homeport.model.LogViewBound(10_000, 16)));
        assertThat(store.bound()).isEqualTo(new LogStore.Bound(10_000, 16L << 20));
        for (int i = 0; i < 25_000; i++) {
            store.add(T0.plusMillis(i), "web r1", LogLevel.INFO, "line " + i);
        }
        assertThat(store.size()).isEqualTo(10_000);
        assertThat(store.first()).isEqualTo(15_000);
        assertThat(store.get(14_999)).as("older than the newest 10,000").isNull();
        assertThat(store.get(15_000).text()).isEqualTo("line 15000");
        assertThat(store.get(24_999).text()).isEqualTo("line 24999");
        assertThat(LogStore.Bound.DEFAULT).isEqualTo(new LogStore.Bound(1_000_000, 256L << 20));
    }

    @Test
    void dropsTheOldestPastTheBoundOfBytes() {
        LogStore store = new LogStore(new LogStore.Bound(1_000_000, 2L << 20));
        assertThat(LogStore.BLOCK).as("two blocks fit the bound").isLessThan(1 << 20);
        String text = "x".repeat(999);
        for (int i = 0; i < 5000; i++) {
            store.add(T0, null, LogLevel.INFO, i + " " + text);
        }
        assertThat(store.textBytes()).isLessThanOrEqualTo(2L << 20);
        assertThat(store.size()).as("1 to 2 MiB of 1 KB lines: the oldest block goes as a whole").isBetween(1000, 2100);
        assertThat(store.get(store.end() - 1).text()).startsWith("4999 ");
        assertThat(store.get(store.first()).text()).startsWith(store.first() + " ");
        assertThat(store.get(store.first() - 1)).isNull();
    }

    @Test
    void scansWithTheFilterAndTheHiddenSourcesAndCanBeCancelled() {
        LogStore store = new LogStore(LogStore.Bound.DEFAULT);
        for (int i = 0; i < 20_000; i++) {
            store.add(T0.plusSeconds(i), "web.%d@n1".formatted(i % 2 + 1), i % 10 == 0 ? LogLevel.ERROR : LogLevel.INFO, "order " + i);
        }
        List<Long> found = new ArrayList<>();
        long end = store.scan(0, LogFilter.of("order 1999\\d", true, false, null, null, null), Set.of(), () -> false, found::add);
        assertThat(end).isEqualTo(20_000);
        assertThat(found).hasSize(10).first().isEqualTo(19_990L);

        found.clear();
        store.scan(0, LogFilter.of(null, false, false, Set.of(LogLevel.ERROR), null, null), Set.of("web.2@n1"), () -> false, found::add);
        assertThat(found).as("errors are the even lines, web.1's").hasSize(2000);
        found.clear();
        store.scan(0, LogFilter.of(null, false, false, Set.of(LogLevel.ERROR), null, null), Set.of("web.1@n1"), () -> false, found::add);
        assertThat(found).isEmpty();
        assertThat(store.matches(10, LogFilter.ALL, Set.of())).isTrue();
        assertThat(store.matches(10, LogFilter.ALL, Set.of("web.1@n1"))).isFalse();

        AtomicInteger checks = new AtomicInteger();
        assertThat(store.scan(0, LogFilter.ALL, Set.of(), () -> checks.incrementAndGet() > 2, found::add)).isEqualTo(-1);
        assertThat(found).as("two steps of lines, then it stopped").hasSizeLessThan(20_000).isNotEmpty();
    }

    @Test
    void aLowerBoundSetWhileOpenDropsTheOldestAtOnceAndAHigherOneKeepsMore() {
        LogStore store = new LogStore(new LogStore.Bound(5000, 8L << 20));
        String text = "x".repeat(499);
        for (int i = 0; i < 5000; i++) {
            store.add(T0.plusMillis(i), "web r1", LogLevel.INFO, i + " " + text);
        }
        assertThat(store.size()).isEqualTo(5000);
        store.bound(new LogStore.Bound(3000, 8L << 20));
        assertThat(store.size()).as("the newest 3,000").isEqualTo(3000);
        assertThat(store.first()).isEqualTo(2000);
        assertThat(store.get(1999)).isNull();
        assertThat(store.get(2000).text()).startsWith("2000 ");
        assertThat(store.get(4999).time()).isEqualTo(T0.plusMillis(4999));

        store.bound(new LogStore.Bound(3000, 1L << 20));
        assertThat(store.textBytes()).as("one block of text left").isLessThanOrEqualTo(1L << 20);
        assertThat(store.size()).as("the lines that start in the newest block (one holds about 2,000 of 500 bytes)").isBetween(1, 2100)
                .isLessThan(3000);
        assertThat(store.get(store.first()).text()).startsWith(store.first() + " ");
        assertThat(store.get(store.end() - 1).text()).startsWith("4999 ");

        store.bound(new LogStore.Bound(10_000, 64L << 20));
        for (int i = 5000; i < 17_000; i++) {
            store.add(T0.plusMillis(i), "web r1", LogLevel.INFO, i + " " + text);
        }
        assertThat(store.size()).as("a higher bound keeps more again").isEqualTo(10_000);
        assertThat(store.get(7000).text()).startsWith("7000 ");
        assertThat(store.get(16_999).text()).startsWith("16999 ");
    }

    @Test
    void takesATextsBytesStraightWithItsTimeInNanoseconds() {
        LogStore store = new LogStore(LogStore.Bound.DEFAULT);
        byte[] line = "2026-12-06T07:00:00.123456789Z café au lait".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        long nanos = T0.getEpochSecond() * 1_000_000_000L + T0.getNano();
        long seq = store.add(nanos, "web r1", LogLevel.WARN, line, 31, line.length - 31);
        assertThat(store.get(seq).text()).isEqualTo("café au lait");
        assertThat(store.get(seq).time()).isEqualTo(T0);
        assertThat(store.get(store.add(LogMergeQueue.NO_TIME, null, LogLevel.UNKNOWN, line, 0, 0)).time()).isNull();
    }

    @Test
    void clearingKeepsNumbering() {
        LogStore store = new LogStore(LogStore.Bound.DEFAULT);
        store.add(T0, null, LogLevel.INFO, "a");
        store.clear();
        assertThat(store.size()).isZero();
        assertThat(store.add(T0, null, LogLevel.INFO, "b")).isEqualTo(1);
        assertThat(store.get(1).text()).isEqualTo("b");
    }

    @Test
    void refusesABoundTooSmall() {
        assertThatThrownBy(() -> new LogStore.Bound(0, 1L << 30)).hasMessage("a log keeps at least one line, not 0");
        assertThatThrownBy(() -> new LogStore.Bound(10, 1000)).hasMessage("a log keeps at least 1 MiB of text, not 1000 bytes");
    }
}
