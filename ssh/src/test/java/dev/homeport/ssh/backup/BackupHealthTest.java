package dev.homeport.ssh.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.model.BackupSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackupHealthTest {
    private static final Instant SET = Instant.parse("2026-12-01T00:00:00Z");
    private static final BackupSchedule HOURLY = new BackupSchedule(1, BackupSchedule.Every.HOURLY, 0, 0, 7, 30, null, SET);
    private static final BackupSchedule DAILY = new BackupSchedule(1, BackupSchedule.Every.DAILY, 3, 0, 7, 30, null, SET);

    private static BackupRun run(Instant started, boolean ok) {
        return new BackupRun(BackupPaths.stamp(started), new BackupManifest(1, "postgres", ok ? "ok" : "failed", ok ? null : "boom",
                "schedule", started, started, null, null, null, "pg_dump-custom", null));
    }

    @Test
    void theNewestRunDecidesWhenItFailed() {
        Instant t = SET.plus(Duration.ofHours(5));
        var health = BackupHealth.of(List.of(run(t.minusSeconds(3600), true), run(t, false)), Optional.of(HOURLY), t.plusSeconds(60));
        assertThat(health.state()).isEqualTo(BackupHealth.State.FAILED);
        assertThat(health.detail()).contains("boom");
        assertThat(BackupHealth.of(List.of(run(t.minusSeconds(3600), false), run(t, true)), Optional.of(HOURLY), t.plusSeconds(60)).state())
                .isEqualTo(BackupHealth.State.OK);
    }

    @Test
    void anOverdueRunIsLateAfterItsGraceAndMissedAfterASecondInterval() {
        Instant last = SET.plus(Duration.ofHours(5));
        List<BackupRun> runs = List.of(run(last, true));
        assertThat(BackupHealth.of(runs, Optional.of(HOURLY), last.plus(Duration.ofMinutes(74))).state()).isEqualTo(BackupHealth.State.OK);
        assertThat(BackupHealth.of(runs, Optional.of(HOURLY), last.plus(Duration.ofMinutes(76))).state()).isEqualTo(BackupHealth.State.LATE);
        assertThat(BackupHealth.of(runs, Optional.of(HOURLY), last.plus(Duration.ofMinutes(136))).state()).isEqualTo(BackupHealth.State.MISSED);
        // Daily: a quarter of a day's grace.
        assertThat(BackupHealth.of(runs, Optional.of(DAILY), last.plus(Duration.ofHours(29))).state()).isEqualTo(BackupHealth.State.OK);
        assertThat(BackupHealth.of(runs, Optional.of(DAILY), last.plus(Duration.ofHours(31))).state()).isEqualTo(BackupHealth.State.LATE);
    }

    @Test
    void aScheduleThatNeverRanIsMissedAndNoScheduleIsNeverLate() {
        assertThat(BackupHealth.of(List.of(), Optional.of(HOURLY), SET.plus(Duration.ofMinutes(30))).state()).isEqualTo(BackupHealth.State.NONE);
        assertThat(BackupHealth.of(List.of(), Optional.of(HOURLY), SET.plus(Duration.ofHours(3))).state()).isEqualTo(BackupHealth.State.MISSED);
        assertThat(BackupHealth.of(List.of(run(SET, true)), Optional.empty(), SET.plus(Duration.ofDays(300))).state())
                .isEqualTo(BackupHealth.State.OK);
        assertThat(BackupHealth.of(List.of(), Optional.empty(), SET).state()).isEqualTo(BackupHealth.State.NONE);
    }
}
