package dev.homeport.model.store;

import dev.homeport.model.Environment;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

public final class EnvironmentMapper implements RowMapper<Environment> {
    @Override
    public Environment map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Environment(rs.getLong("id"), rs.getLong("application_id"), rs.getString("name"));
    }
}
