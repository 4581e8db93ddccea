package dev.homeport.model.store;

import dev.homeport.model.RetentionPolicy;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

public final class RetentionMapper implements RowMapper<RetentionPolicy> {
    @Override
    public RetentionPolicy map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new RetentionPolicy(rs.getInt("deployments_kept"), rs.getInt("logs_kept"), rs.getInt("event_days"), rs.getInt("events_kept"));
    }
}
