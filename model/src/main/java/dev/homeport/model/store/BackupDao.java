package dev.homeport.model.store;

import dev.homeport.model.BackupSchedule;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.statement.UseRowMapper;

/** Databases' and named volumes' backup schedules, and the age key pair backups are encrypted to (its identity sealed). */
public interface BackupDao {
    /** The key pair as stored: the recipient plain, the identity sealed by the vault. */
    record KeyRow(String recipient, String sealedIdentity) {
    }

    @SqlQuery("SELECT * FROM backup_schedule WHERE service_id = :serviceId")
    @UseRowMapper(ScheduleMapper.class)
    Optional<BackupSchedule> schedule(@Bind("serviceId") long serviceId);

    @SqlQuery("SELECT * FROM backup_schedule ORDER BY service_id")
    @UseRowMapper(ScheduleMapper.class)
    List<BackupSchedule> schedules();

    @SqlQuery("SELECT * FROM volume_backup_schedule WHERE service_id = :serviceId AND volume = :volume")
    @UseRowMapper(ScheduleMapper.class)
    Optional<BackupSchedule> volumeSchedule(@Bind("serviceId") long serviceId, @Bind("volume") String volume);

    @SqlQuery("SELECT * FROM volume_backup_schedule ORDER BY service_id, volume")
    @UseRowMapper(ScheduleMapper.class)
    List<BackupSchedule> volumeSchedules();

    @SqlUpdate("MERGE INTO volume_backup_schedule (service_id, volume, every, at_hour, at_minute, keep_count, keep_days, target, since,"
            + " stop_service, copy_to, copy_to_s3, keep_copies) KEY (service_id, volume) VALUES (:serviceId, :volume, :every, :hour, :minute,"
            + " :keepCount, :keepDays, :target, :since, :stop, :copyTo, :copyToS3, :keepCopies)")
    void saveVolume(@Bind("serviceId") long serviceId, @Bind("volume") String volume, @Bind("every") String every, @Bind("hour") int hour,
                    @Bind("minute") int minute, @Bind("keepCount") int keepCount, @Bind("keepDays") int keepDays,
                    @Bind("target") String target, @Bind("since") OffsetDateTime since, @Bind("stop") boolean stop,
                    @Bind("copyTo") Long copyTo, @Bind("copyToS3") Long copyToS3, @Bind("keepCopies") boolean keepCopies);

    @SqlUpdate("DELETE FROM volume_backup_schedule WHERE service_id = :serviceId AND volume = :volume")
    int deleteVolume(@Bind("serviceId") long serviceId, @Bind("volume") String volume);

    default void save(BackupSchedule s) {
        if (s.volume() != null) {
            saveVolume(s.serviceId(), s.volume(), s.every().name(), s.hour(), s.minute(), s.keepCount(), s.keepDays(), s.target().name(),
                    OffsetDateTime.ofInstant(s.since(), ZoneOffset.UTC), s.stopService(), s.copyTo(), s.copyToS3(), s.keepCopies());
            return;
        }
        save(s.serviceId(), s.every().name(), s.hour(), s.minute(), s.keepCount(), s.keepDays(), s.target().name(),
                OffsetDateTime.ofInstant(s.since(), ZoneOffset.UTC), s.copyTo(), s.copyToS3(), s.keepCopies());
    }

    @SqlUpdate("MERGE INTO backup_schedule (service_id, every, at_hour, at_minute, keep_count, keep_days, target, since, copy_to, copy_to_s3,"
            + " keep_copies) KEY (service_id) VALUES (:serviceId, :every, :hour, :minute, :keepCount, :keepDays, :target, :since, :copyTo,"
            + " :copyToS3, :keepCopies)")
    void save(@Bind("serviceId") long serviceId, @Bind("every") String every, @Bind("hour") int hour, @Bind("minute") int minute,
              @Bind("keepCount") int keepCount, @Bind("keepDays") int keepDays, @Bind("target") String target,
              @Bind("since") OffsetDateTime since, @Bind("copyTo") Long copyTo, @Bind("copyToS3") Long copyToS3,
              @Bind("keepCopies") boolean keepCopies);

    /** The schedules that copy to an S3 target: each service's id and its volume (null for a database's dump). */
    record S3Copier(long serviceId, String volume) {
    }

    @SqlQuery("SELECT service_id, CAST(NULL AS VARCHAR) AS volume FROM backup_schedule WHERE copy_to_s3 = :targetId"
            + " UNION ALL SELECT service_id, volume FROM volume_backup_schedule WHERE copy_to_s3 = :targetId ORDER BY service_id, volume")
    @UseRowMapper(S3CopierMapper.class)
    List<S3Copier> copyingToS3(@Bind("targetId") long targetId);

    final class S3CopierMapper implements RowMapper<S3Copier> {
        @Override
        public S3Copier map(ResultSet rs, StatementContext ctx) throws SQLException {
            return new S3Copier(rs.getLong("service_id"), rs.getString("volume"));
        }
    }

    @SqlUpdate("DELETE FROM backup_schedule WHERE service_id = :serviceId")
    int delete(@Bind("serviceId") long serviceId);

    @SqlQuery("SELECT recipient, identity FROM backup_key WHERE id = 1")
    @UseRowMapper(KeyMapper.class)
    Optional<KeyRow> key();

    /** Only when there is none: a second app racing to make one keeps the first. */
    @SqlUpdate("INSERT INTO backup_key (id, recipient, identity) SELECT 1, :recipient, :identity FROM DUAL"
            + " WHERE NOT EXISTS (SELECT 1 FROM backup_key WHERE id = 1)")
    int insertKey(@Bind("recipient") String recipient, @Bind("identity") String sealedIdentity);

    final class ScheduleMapper implements RowMapper<BackupSchedule> {
        @Override
        public BackupSchedule map(ResultSet rs, StatementContext ctx) throws SQLException {
            Instant since = rs.getObject("since", OffsetDateTime.class).toInstant();
            boolean volume = hasColumn(rs, "volume");
            return new BackupSchedule(rs.getLong("service_id"), BackupSchedule.Every.valueOf(rs.getString("every")), rs.getInt("at_hour"),
                    rs.getInt("at_minute"), rs.getInt("keep_count"), rs.getInt("keep_days"),
                    BackupSchedule.Target.valueOf(rs.getString("target")), since, volume ? rs.getString("volume") : null,
                    volume && rs.getBoolean("stop_service"), rs.getObject("copy_to", Long.class),
                    rs.getObject("copy_to_s3", Long.class), rs.getBoolean("keep_copies"));
        }

        private static boolean hasColumn(ResultSet rs, String name) throws SQLException {
            var meta = rs.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                if (meta.getColumnLabel(i).equalsIgnoreCase(name)) {
                    return true;
                }
            }
            return false;
        }
    }

    final class KeyMapper implements RowMapper<KeyRow> {
        @Override
        public KeyRow map(ResultSet rs, StatementContext ctx) throws SQLException {
            return new KeyRow(rs.getString("recipient"), rs.getString("identity"));
        }
    }
}
