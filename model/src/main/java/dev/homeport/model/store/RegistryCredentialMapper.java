package dev.homeport.model.store;

import dev.homeport.model.RegistryCredential;
import dev.homeport.model.vault.Sealed;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

public final class RegistryCredentialMapper implements RowMapper<RegistryCredential> {
    @Override
    public RegistryCredential map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new RegistryCredential(rs.getLong("id"), rs.getLong("organisation_id"), rs.getString("registry"),
                rs.getString("username"), new Sealed(rs.getString("password_sealed")));
    }
}
