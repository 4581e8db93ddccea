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
        assertThat(files.get("postgres.in")).contains("pg_export_snapshot()").contains("--snapshot=").contains(TableChecksums.POSTGRES_SQL);
    }
}
