package dev.homeport.model.store;

import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMap;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterRowMapper(ServiceMapper.class)
public interface ServiceDao {
    String COLUMNS = "id, environment_id, name, kind, image, registry_credential_id, git_url, git_ref, dockerfile,"
            + " build_context, folder_path, port, health_check_path, cpu_limit, memory_limit_mb, health_gate, health_timeout_s,"
            + " restart_policy, volumes, keep_releases, drain_s, replicas, pinned_node, git_deploy_key_id, git_token_sealed";

    @SqlQuery("SELECT " + COLUMNS + " FROM service ORDER BY name")
    List<Service> listAll();

    @SqlQuery("SELECT " + COLUMNS + " FROM service WHERE environment_id = :environmentId ORDER BY name")
    List<Service> list(@Bind("environmentId") long environmentId);

    @SqlQuery("SELECT " + COLUMNS + " FROM service WHERE id = :id")
    Optional<Service> find(@Bind("id") long id);

    @SqlQuery("SELECT " + COLUMNS + " FROM service WHERE environment_id = :environmentId AND name = :name")
    Optional<Service> findByName(@Bind("environmentId") long environmentId, @Bind("name") String name);

    /** Inserts the service with a new random node key (see {@link #nodeKey}). */
    default long insert(Service service) {
        return insert(service, java.util.concurrent.ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
    }

    /** Inserts the service with the node key it has on its nodes already (an import carries it). */
    default long insert(Service service, long nodeKey) {
        var columns = ServiceMapper.columns(service);
        columns.put("nodeKey", nodeKey);
        return insertColumns(columns);
    }

    /** The random key that names a service on its nodes, in labels and Caddy routes; unlike the row id, it is unique across stores. */
    @SqlQuery("SELECT node_key FROM service WHERE id = :id")
    Optional<Long> nodeKey(@Bind("id") long id);

    @SqlQuery("SELECT " + COLUMNS + " FROM service WHERE node_key = :nodeKey")
    Optional<Service> findByNodeKey(@Bind("nodeKey") long nodeKey);

    default void update(Service service) {
        var columns = ServiceMapper.columns(service);
        columns.put("id", service.id());
        updateColumns(columns);
    }

    @SqlUpdate("INSERT INTO service (environment_id, name, kind, image, registry_credential_id, git_url, git_ref, dockerfile,"
            + " build_context, folder_path, port, health_check_path, cpu_limit, memory_limit_mb, health_gate, health_timeout_s,"
            + " restart_policy, volumes, keep_releases, drain_s, replicas, pinned_node, git_deploy_key_id, git_token_sealed, node_key)"
            + " VALUES (:environmentId, :name, :kind, :image, :registryCredentialId, :gitUrl, :gitRef, :dockerfile,"
            + " :context, :folderPath, :port, :healthCheckPath, :cpuLimit, :memoryLimitMb, :healthGate, :healthTimeout,"
            + " :restartPolicy, :volumes, :keepReleases, :drain, :replicas, :pinnedNode, :gitDeployKeyId, :gitToken, :nodeKey)")
    @GetGeneratedKeys("id")
    long insertColumns(@BindMap java.util.Map<String, Object> columns);

    @SqlUpdate("UPDATE service SET name = :name, kind = :kind, image = :image, registry_credential_id = :registryCredentialId,"
            + " git_url = :gitUrl, git_ref = :gitRef, dockerfile = :dockerfile, build_context = :context,"
            + " folder_path = :folderPath, port = :port, health_check_path = :healthCheckPath, cpu_limit = :cpuLimit,"
            + " memory_limit_mb = :memoryLimitMb, health_gate = :healthGate, health_timeout_s = :healthTimeout,"
            + " restart_policy = :restartPolicy, volumes = :volumes, keep_releases = :keepReleases, drain_s = :drain, replicas = :replicas, pinned_node = :pinnedNode,"
            + " git_deploy_key_id = :gitDeployKeyId, git_token_sealed = :gitToken WHERE id = :id")
    int updateColumns(@BindMap java.util.Map<String, Object> columns);

    @SqlUpdate("UPDATE service SET name = :name WHERE id = :id")
    int rename(@Bind("id") long id, @Bind("name") String name);

    @SqlUpdate("DELETE FROM service WHERE id = :id")
    int delete(@Bind("id") long id);
}
