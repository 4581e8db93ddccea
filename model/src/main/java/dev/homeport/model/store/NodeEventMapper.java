package dev.homeport.model.store;

import dev.homeport.model.NodeEvent;
import dev.homeport.model.NodeEventKind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

public final class NodeEventMapper implements RowMapper<NodeEvent> {
    @Override
    public NodeEvent map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new NodeEvent(rs.getLong("id"), rs.getLong("node_id"), rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                NodeEventKind.valueOf(rs.getString("kind")), rs.getString("summary"), rs.getString("detail"));
    }
}
