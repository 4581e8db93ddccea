package dev.homeport.model.store;

import dev.homeport.model.Domain;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

public final class DomainMapper implements RowMapper<Domain> {
    @Override
    public Domain map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Domain(rs.getLong("id"), rs.getLong("service_id"), rs.getString("hostname"));
    }
}
