package dev.homeport.app.desktop.backups;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.ssh.backup.BackupHealth;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The node page's backups line, from what the watch saw of each scheduled database. */
class BackupMarkTest {
    private static final Instant NOW = Instant.parse("2026-12-06T15:00:00Z");

    private static BackupWatch.Seen seen(long id, String path, String node, BackupHealth.State state, Instant newest) {
        return new BackupWatch.Seen(dev.homeport.ssh.backup.BackupSubject.database(id), path, node, new BackupHealth(state, "detail of " + path), newest, 0, null, null);
    }

    @Test
    void allOkCountsTheNodesDatabasesOnly() {
        var mark = BackupMark.of("n1", List.of(
                seen(1, "acme/shop/prod/db-main", "n1", BackupHealth.State.OK, NOW),
                seen(2, "acme/shop/prod/shop-db", "n1", BackupHealth.State.OK, NOW),
                seen(3, "acme/shop/prod/cache", "n1", BackupHealth.State.OK, NOW),
                seen(4, "acme/blog/prod/db", "n2", BackupHealth.State.FAILED, NOW)), NOW).orElseThrow();
        assertThat(mark.kind()).isEqualTo(BackupMark.Kind.OK);
        assertThat(mark.text()).isEqualTo("Backups: all OK (3 databases)");
        assertThat(mark.attention()).isEmpty();
        assertThat(BackupMark.of("n1", List.of(seen(1, "a/b/c/db", "n1", BackupHealth.State.OK, NOW)), NOW).orElseThrow().text())
                .isEqualTo("Backups: all OK (1 database)");
    }

    @Test
    void theBadOnesComeFirstWorstFirstWithWhenTheFailureWas() {
        var mark = BackupMark.of("n1", List.of(
                seen(1, "acme/shop/prod/shop-db", "n1", BackupHealth.State.LATE, NOW.minusSeconds(5000)),
                seen(2, "acme/shop/prod/db-main", "n1", BackupHealth.State.FAILED, NOW.minusSeconds(2 * 3600 + 60)),
                seen(3, "acme/shop/prod/cache", "n1", BackupHealth.State.OK, NOW)), NOW).orElseThrow();
        assertThat(mark.kind()).isEqualTo(BackupMark.Kind.BAD);
        assertThat(mark.text()).isEqualTo("Backups: db-main FAILED 2 h ago; shop-db LATE; 1 other OK");
        assertThat(mark.attention()).extracting(BackupWatch.Seen::serviceId).containsExactly(2L, 1L);
    }

    @Test
    void anUnreadDatabaseIsAWarningAndTwoOfOneNameShowTheirPaths() {
        var unread = new BackupWatch.Seen(dev.homeport.ssh.backup.BackupSubject.database(1), "acme/shop/prod/db", "n1", null, null, 0, "the node did not answer", null);
        var mark = BackupMark.of("n1", List.of(unread, seen(2, "acme/blog/prod/db", "n1", BackupHealth.State.NONE, null)), NOW).orElseThrow();
        assertThat(mark.kind()).isEqualTo(BackupMark.Kind.UNREAD);
        assertThat(mark.text()).isEqualTo("Backups: acme/shop/prod/db not read (the node did not answer); acme/blog/prod/db has no backup yet");
    }

    @Test
    void aNodeWithoutScheduledDatabasesHasNoMark() {
        assertThat(BackupMark.of("n1", List.of(seen(1, "a/b/c/db", "n2", BackupHealth.State.OK, NOW)), NOW)).isEmpty();
        assertThat(BackupMark.ago(NOW.minusSeconds(30), NOW)).isEqualTo("just now");
        assertThat(BackupMark.ago(NOW.minusSeconds(600), NOW)).isEqualTo("10 min ago");
        assertThat(BackupMark.ago(NOW.minusSeconds(3 * 86400), NOW)).isEqualTo("3 d ago");
    }
}
