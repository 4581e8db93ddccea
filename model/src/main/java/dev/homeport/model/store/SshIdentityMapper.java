package dev.homeport.model.store;

import dev.homeport.model.SshIdentity;
import dev.homeport.model.vault.Sealed;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

public final class SshIdentityMapper implements RowMapper<SshIdentity> {
    @Override
    public SshIdentity map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new SshIdentity(rs.getLong("id"), rs.getString("name"), rs.getString("public_key"),
                new Sealed(rs.getString("private_key_sealed")));
    }
}
