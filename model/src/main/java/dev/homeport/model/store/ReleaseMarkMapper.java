package dev.homeport.model.store;

import dev.homeport.model.ReleaseMark;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

public final class ReleaseMarkMapper implements RowMapper<ReleaseMark> {
    @Override
    public ReleaseMark map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new ReleaseMark(rs.getLong("id"), rs.getLong("deployment_id"), ReleaseMark.Kind.valueOf(rs.getString("kind")),
                rs.getObject("marked_at", OffsetDateTime.class).toInstant(), rs.getString("note"));
    }
}
