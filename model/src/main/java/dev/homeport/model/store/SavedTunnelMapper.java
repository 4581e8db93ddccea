package dev.homeport.model.store;

import dev.homeport.model.SavedTunnel;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

public final class SavedTunnelMapper implements RowMapper<SavedTunnel> {
    @Override
    public SavedTunnel map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new SavedTunnel(rs.getLong("id"), rs.getString("name"), rs.getObject("service_id", Long.class),
                rs.getObject("node_id", Long.class), rs.getObject("remote_port", Integer.class), rs.getInt("local_port"),
                rs.getBoolean("with_app"));
    }
}
