package dev.homeport.ssh.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.homeport.model.BackupSchedule;
import dev.homeport.model.DatabaseEngine;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BackupCommandsTest {
    @Test
    void theScheduleIsACronLineOfTheUserTaggedByItsVolume() {
        var schedule = BackupSchedule.parse(1, "daily", "04:05", 3, 9, "node", Instant.EPOCH);
        var command = BackupCommands.schedule(schedule, DatabaseEngine.MARIADB, "db-data-abc");
        assertThat(command.argv().subList(3, command.argv().size())).containsExactly("sh", "db-data-abc", "5 4 * * *", "mariadb", "3", "9", "");
        assertThat(BackupCommands.unschedule("db-data-abc").argv().subList(3, 10)).containsExactly("sh", "db-data-abc", "", "", "", "", "");
    }

    @Test
    void aVolumesScheduleAndRunPassStopBeforeTheEngine() {
        var schedule = BackupSchedule.parse(1, "hourly", ":10", 3, 9, "node", Instant.EPOCH).forVolume("uploads", true);
        assertThat(BackupCommands.schedule(schedule, BackupManifest.VOLUME, "uploads").argv().subList(3, 10))
                .containsExactly("sh", "uploads", "10 * * * *", "volume", "3", "9", "--stop ");
        assertThat(BackupCommands.schedule(schedule.movedTo("uploads").forVolume("uploads", false), BackupManifest.VOLUME, "uploads")
                .argv().getLast()).isEmpty();
        assertThat(BackupCommands.run(BackupManifest.VOLUME, "uploads", 7, 30, "manual", null, true).argv().subList(3, 11))
                .containsExactly("sh", "--trigger", "manual", "--stop", "volume", "uploads", "7", "30");
        assertThat(BackupService.restoredName("uploads", "20261206T040000Z")).isEqualTo("uploads-restore-20261206t040000z");
    }

    @Test
    void aRunNowPassesItsValuesAsArgumentsAndTheClockOnlyWhenGiven() {
        assertThat(BackupCommands.run(DatabaseEngine.POSTGRES, "db-data-x", 7, 30, "manual", null).argv().subList(3, 10))
                .containsExactly("sh", "--trigger", "manual", "postgres", "db-data-x", "7", "30");
        assertThat(BackupCommands.run(DatabaseEngine.REDIS, "v", 1, 2, "manual", Instant.ofEpochSecond(1_800_000_000)).argv().subList(4, 8))
                .containsExactly("--trigger", "manual", "--now", "1800000000");
    }

    @Test
    void theNodesFilesHoldTheRecipientAndNoSecret() {
        var files = BackupScripts.files("age1example");
        assertThat(files).containsKeys("backup-db", "backup-recipient", "postgres.sh", "postgres.in", "mariadb.sh", "redis.sh");
        assertThat(files.get("backup-recipient")).isEqualTo("age1example\n");
        assertThat(String.join("\n", files.values())).doesNotContain("AGE-SECRET-KEY");
        // PostgreSQL: one session exports its snapshot and holds it; the dump and the sums' session (postgres.in) import it.
        assertThat(files.get("postgres.sh")).contains("pg_export_snapshot()").contains("pg_dump -Fc --snapshot=\"$snap\"")
                .contains("-v snapshot=\"$snap\" -f /tmp/.homeport-sums.sql");
        assertThat(files.get("postgres.in")).startsWith("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;\nSET TRANSACTION SNAPSHOT :'snapshot';\n")
                .contains(TableChecksums.POSTGRES_SQL).endsWith("ROLLBACK;\n");
    }
}
