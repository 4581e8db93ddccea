package dev.homeport.model.store;

import dev.homeport.model.Application;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

public final class ApplicationMapper implements RowMapper<Application> {
    @Override
    public Application map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Application(rs.getLong("id"), rs.getLong("organisation_id"), rs.getString("name"));
    }
}
