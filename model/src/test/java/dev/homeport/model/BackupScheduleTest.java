package dev.homeport.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class BackupScheduleTest {
    @Test
    void hourlyAndDailyParseToCronTimes() {
        assertThat(BackupSchedule.parse(1, "hourly", null, null, null, null, Instant.EPOCH).cronTimes()).isEqualTo("0 * * * *");
        assertThat(BackupSchedule.parse(1, "hourly", ":15", null, null, null, Instant.EPOCH).cronTimes()).isEqualTo("15 * * * *");
        assertThat(BackupSchedule.parse(1, "daily", null, null, null, null, Instant.EPOCH).cronTimes()).isEqualTo("0 3 * * *");
        BackupSchedule daily = BackupSchedule.parse(1, "DAILY", "23:59", 14, 60, "node", Instant.EPOCH);
        assertThat(daily.cronTimes()).isEqualTo("59 23 * * *");
        assertThat(daily.describe()).isEqualTo("daily at 23:59 (node time), keep 14 for up to 60 days");
        assertThat(BackupSchedule.parse(1, "hourly", null, null, null, null, Instant.EPOCH).keepCount()).isEqualTo(BackupSchedule.DEFAULT_KEEP_COUNT);
    }

    @Test
    void badInputNamesTheFieldAndTheRule() {
        assertThatThrownBy(() -> BackupSchedule.parse(1, "weekly", null, null, null, null, Instant.EPOCH))
                .isInstanceOf(ValidationException.class).hasMessageContaining("every").hasMessageContaining("hourly or daily");
        assertThatThrownBy(() -> BackupSchedule.parse(1, "daily", "25:00", null, null, null, Instant.EPOCH))
                .isInstanceOf(ValidationException.class).hasMessageContaining("0–23");
        assertThatThrownBy(() -> BackupSchedule.parse(1, "daily", "3pm", null, null, null, Instant.EPOCH))
                .isInstanceOf(ValidationException.class).hasMessageContaining("HH:MM");
        assertThatThrownBy(() -> BackupSchedule.parse(1, "hourly", ":75", null, null, null, Instant.EPOCH))
                .isInstanceOf(ValidationException.class).hasMessageContaining("0–59");
        assertThatThrownBy(() -> BackupSchedule.parse(1, "daily", null, 0, null, null, Instant.EPOCH))
                .isInstanceOf(ValidationException.class).hasMessageContaining("keep");
        assertThatThrownBy(() -> BackupSchedule.parse(1, "daily", null, null, null, "s3", Instant.EPOCH))
                .isInstanceOf(ValidationException.class).hasMessageContaining("an S3 target with --copy-to NODE|s3:NAME");
    }

    @Test
    void aVolumesScheduleNamesItsVolumeAndMayStopTheService() {
        BackupSchedule daily = BackupSchedule.parse(1, "daily", "04:00", 3, 9, null, Instant.EPOCH);
        BackupSchedule volume = daily.forVolume("uploads", true);
        assertThat(volume.volume()).isEqualTo("uploads");
        assertThat(volume.stopService()).isTrue();
        assertThat(volume.describe()).isEqualTo("daily at 04:00 (node time), keep 3 for up to 9 days, service stopped during the tar");
        assertThat(volume.movedTo("uploads-restore-x").volume()).isEqualTo("uploads-restore-x");
        assertThat(volume.movedTo("uploads-restore-x").stopService()).isTrue();
        assertThat(daily.volume()).isNull();
        assertThatThrownBy(() -> daily.forVolume("/srv/data", false))
                .isInstanceOf(ValidationException.class).hasMessageContaining("only a named volume");
        assertThatThrownBy(() -> daily.forVolume("bad name", false))
                .isInstanceOf(ValidationException.class).hasMessageContaining("must be a volume name");
        assertThatThrownBy(() -> new BackupSchedule(1, BackupSchedule.Every.DAILY, 3, 0, 7, 30, null, Instant.EPOCH, null, true))
                .isInstanceOf(ValidationException.class).hasMessageContaining("stop");
    }

    @Test
    void aScheduleCopiesToANodeOrAnS3TargetNotBoth() {
        BackupSchedule daily = new BackupSchedule(1, BackupSchedule.Every.DAILY, 3, 0, 7, 30, null, Instant.EPOCH);
        assertThatThrownBy(() -> new BackupSchedule(1, BackupSchedule.Every.DAILY, 3, 0, 7, 30, null, Instant.EPOCH, null, false, 5L, 6L))
                .isInstanceOf(ValidationException.class)
                .hasMessage("copy-to: a schedule copies its backups to one place: another node or an S3 target, not both");
        BackupSchedule toS3 = daily.copiedTo(5L).copiedToS3(6L);
        assertThat(toS3.copyTo()).isNull();
        assertThat(toS3.copyToS3()).isEqualTo(6L);
        BackupSchedule toNode = toS3.copiedTo(5L);
        assertThat(toNode.copyToS3()).isNull();
        assertThat(toNode.copyTo()).isEqualTo(5L);
        assertThat(daily.copiedAs(toS3).copyToS3()).isEqualTo(6L);
        assertThat(toS3.forVolume("uploads", true).copyToS3()).isEqualTo(6L);
    }

    @Test
    void keepingTheCopiesForeverIsKeptByEveryOtherChangeAndSaid() {
        BackupSchedule daily = new BackupSchedule(1, BackupSchedule.Every.DAILY, 3, 0, 7, 30, null, Instant.EPOCH);
        assertThat(daily.keepCopies()).isFalse();
        assertThat(daily.describe()).doesNotContain("copies");
        BackupSchedule kept = daily.keepingCopies(true);
        assertThat(kept.describe()).isEqualTo("daily at 03:00 (node time), keep 7 for up to 30 days, copies kept forever");
        assertThat(kept.copiedTo(5L).keepCopies()).isTrue();
        assertThat(kept.copiedToS3(6L).keepCopies()).isTrue();
        assertThat(kept.copiedTo(null).keepCopies()).isTrue();
        assertThat(kept.copiedAs(daily.copiedTo(5L))).satisfies(s -> {
            assertThat(s.keepCopies()).isTrue();
            assertThat(s.copyTo()).isEqualTo(5L);
        });
        assertThat(kept.forVolume("uploads", false).movedTo("uploads-restore-x").keepCopies()).isTrue();
        assertThat(kept.keepingCopies(false)).isEqualTo(daily);
    }
}
