package dev.homeport.model.store;

import dev.homeport.model.Organisation;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

public final class OrganisationMapper implements RowMapper<Organisation> {
    @Override
    public Organisation map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Organisation(rs.getLong("id"), rs.getString("name"), rs.getString("acme_email"),
                rs.getString("acme_directory"));
    }
}
