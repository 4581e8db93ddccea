package dev.homeport.model.store;

import dev.homeport.model.ClusterEngine;
import dev.homeport.model.EnvironmentCluster;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

public final class EnvironmentClusterMapper implements RowMapper<EnvironmentCluster> {
    @Override
    public EnvironmentCluster map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new EnvironmentCluster(rs.getLong("environment_id"), ClusterEngine.valueOf(rs.getString("engine")), rs.getString("cluster_id"));
    }
}
