package dev.homeport.model.store;

import dev.homeport.model.S3Target;
import dev.homeport.model.vault.Sealed;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

public final class S3TargetMapper implements RowMapper<S3Target> {
    @Override
    public S3Target map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new S3Target(rs.getLong("id"), rs.getLong("organisation_id"), rs.getString("name"), rs.getString("endpoint"),
                rs.getString("region"), rs.getString("bucket"), rs.getString("prefix"), rs.getString("access_key_id"),
                new Sealed(rs.getString("secret_key_sealed")));
    }
}
