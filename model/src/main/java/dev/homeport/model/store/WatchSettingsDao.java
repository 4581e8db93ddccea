package dev.homeport.model.store;

import dev.homeport.model.CrashLoopPolicy;
import dev.homeport.model.LogViewBound;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.statement.UseRowMapper;

/** The crash-loop policy's one row and the Logs tab's bound's one row. */
public interface WatchSettingsDao {
    @SqlQuery("SELECT crashes, window_seconds FROM crash_loop WHERE id = 1")
    @UseRowMapper(CrashLoopMapper.class)
    Optional<CrashLoopPolicy> crashLoop();

    @SqlUpdate("MERGE INTO crash_loop (id, crashes, window_seconds) KEY (id) VALUES (1, :crashes, :windowSeconds)")
    void saveCrashLoop(@Bind("crashes") int crashes, @Bind("windowSeconds") int windowSeconds);

    @SqlQuery("SELECT max_lines, max_mib FROM log_view WHERE id = 1")
    @UseRowMapper(LogViewMapper.class)
    Optional<LogViewBound> logView();

    @SqlUpdate("MERGE INTO log_view (id, max_lines, max_mib) KEY (id) VALUES (1, :maxLines, :maxMib)")
    void saveLogView(@Bind("maxLines") int maxLines, @Bind("maxMib") int maxMib);

    final class CrashLoopMapper implements org.jdbi.v3.core.mapper.RowMapper<CrashLoopPolicy> {
        @Override
        public CrashLoopPolicy map(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx) throws java.sql.SQLException {
            return new CrashLoopPolicy(rs.getInt("crashes"), rs.getInt("window_seconds"));
        }
    }

    final class LogViewMapper implements org.jdbi.v3.core.mapper.RowMapper<LogViewBound> {
        @Override
        public LogViewBound map(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx) throws java.sql.SQLException {
            return new LogViewBound(rs.getInt("max_lines"), rs.getInt("max_mib"));
        }
    }
}
