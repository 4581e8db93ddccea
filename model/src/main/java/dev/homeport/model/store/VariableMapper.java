package dev.homeport.model.store;

import dev.homeport.model.Variable;
import dev.homeport.model.VariableScope;
import dev.homeport.model.vault.Sealed;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

public final class VariableMapper implements RowMapper<Variable> {
    @Override
    public Variable map(ResultSet rs, StatementContext ctx) throws SQLException {
        Long environmentId = rs.getObject("environment_id", Long.class);
        String sealed = rs.getString("secret_sealed");
        return new Variable(rs.getLong("id"),
                environmentId != null ? VariableScope.ENVIRONMENT : VariableScope.SERVICE,
                environmentId != null ? environmentId : rs.getLong("service_id"),
                rs.getString("var_key"), rs.getString("plain_value"), sealed == null ? null : new Sealed(sealed));
    }
}
