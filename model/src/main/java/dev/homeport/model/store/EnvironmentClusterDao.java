package dev.homeport.model.store;

import dev.homeport.model.EnvironmentCluster;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterRowMapper(EnvironmentClusterMapper.class)
public interface EnvironmentClusterDao {
    @SqlQuery("SELECT environment_id, engine, cluster_id FROM environment_cluster WHERE environment_id = :environmentId")
    Optional<EnvironmentCluster> find(@Bind("environmentId") long environmentId);

    @SqlUpdate("MERGE INTO environment_cluster (environment_id, engine, cluster_id) KEY (environment_id)"
            + " VALUES (:environmentId, :engine, :clusterId)")
    void save(@Bind("environmentId") long environmentId, @Bind("engine") String engine, @Bind("clusterId") String clusterId);

    @SqlUpdate("DELETE FROM environment_cluster WHERE environment_id = :environmentId")
    int delete(@Bind("environmentId") long environmentId);
}
