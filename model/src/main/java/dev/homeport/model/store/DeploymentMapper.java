package dev.homeport.model.store;

import dev.homeport.model.Deployment;
import dev.homeport.model.DeploymentState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

public final class DeploymentMapper implements RowMapper<Deployment> {
    @Override
    public Deployment map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Deployment(rs.getLong("id"), rs.getLong("service_id"), rs.getObject("node_id", Long.class),
                DeploymentState.valueOf(rs.getString("state")), rs.getString("image"), rs.getString("image_digest"),
                rs.getString("config_snapshot"), instant(rs, "created_at"), instant(rs, "updated_at"),
                instant(rs, "finished_at"), rs.getString("reason"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
