package dev.homeport.model.store;

import dev.homeport.model.AlarmThresholds;
import dev.homeport.model.AlarmThresholds.Level;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.statement.UseRowMapper;

/** The alert settings: the thresholds' one row, and the notification methods (their secrets sealed). */
public interface AlertDao {
    /** One method as stored: its kind, its address when that is not secret, and its sealed secret, if any. */
    record MethodRow(String kind, String address, String secret) {
    }

    @SqlQuery("SELECT * FROM alert_thresholds WHERE id = 1")
    @UseRowMapper(ThresholdsMapper.class)
    Optional<AlarmThresholds> thresholds();

    @SqlUpdate("MERGE INTO alert_thresholds (id, disk_warning, disk_critical, inodes_warning, inodes_critical, memory_warning, memory_critical,"
            + " cpu_warning, cpu_critical, container_warning, container_critical) KEY (id) VALUES (1, :dw, :dc, :iw, :ic, :mw, :mc, :cw, :cc, :kw, :kc)")
    void saveThresholds(@Bind("dw") int dw, @Bind("dc") int dc, @Bind("iw") int iw, @Bind("ic") int ic, @Bind("mw") int mw, @Bind("mc") int mc,
                        @Bind("cw") int cw, @Bind("cc") int cc, @Bind("kw") int kw, @Bind("kc") int kc);

    @SqlQuery("SELECT kind, address, secret FROM alert_method ORDER BY id")
    @UseRowMapper(MethodMapper.class)
    List<MethodRow> methods();

    @SqlUpdate("DELETE FROM alert_method")
    void deleteMethods();

    @SqlUpdate("INSERT INTO alert_method (kind, address, secret) VALUES (:kind, :address, :secret)")
    void insertMethod(@Bind("kind") String kind, @Bind("address") String address, @Bind("secret") String secret);

    default void saveThresholds(AlarmThresholds t) {
        saveThresholds(t.disk().warning(), t.disk().critical(), t.inodes().warning(), t.inodes().critical(), t.memory().warning(),
                t.memory().critical(), t.cpu().warning(), t.cpu().critical(), t.containerMemory().warning(), t.containerMemory().critical());
    }

    final class ThresholdsMapper implements org.jdbi.v3.core.mapper.RowMapper<AlarmThresholds> {
        @Override
        public AlarmThresholds map(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx) throws java.sql.SQLException {
            return new AlarmThresholds(new Level(rs.getInt("disk_warning"), rs.getInt("disk_critical")),
                    new Level(rs.getInt("inodes_warning"), rs.getInt("inodes_critical")),
                    new Level(rs.getInt("memory_warning"), rs.getInt("memory_critical")),
                    new Level(rs.getInt("cpu_warning"), rs.getInt("cpu_critical")),
                    new Level(rs.getInt("container_warning"), rs.getInt("container_critical")));
        }
    }

    final class MethodMapper implements org.jdbi.v3.core.mapper.RowMapper<MethodRow> {
        @Override
        public MethodRow map(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx) throws java.sql.SQLException {
            return new MethodRow(rs.getString("kind"), rs.getString("address"), rs.getString("secret"));
        }
    }
}
