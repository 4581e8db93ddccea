package dev.homeport.model.store;

import dev.homeport.model.Database;
import dev.homeport.model.DatabaseEngine;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

public final class DatabaseMapper implements RowMapper<Database> {
    @Override
    public Database map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Database(rs.getLong("service_id"), DatabaseEngine.valueOf(rs.getString("engine")),
                rs.getString("major_version"), rs.getString("data_volume"),
                rs.getObject("public_port", Integer.class));
    }
}
