package dev.homeport.model.store;

import dev.homeport.model.WorkerNode;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMap;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterRowMapper(WorkerNodeMapper.class)
public interface WorkerNodeDao {
    String COLUMNS = "id, name, host, port, ssh_user, identity_kind, identity_file, identity_id, password_sealed, host_key";

    @SqlQuery("SELECT " + COLUMNS + " FROM worker_node ORDER BY name")
    List<WorkerNode> list();

    @SqlQuery("SELECT " + COLUMNS + " FROM worker_node WHERE id = :id")
    Optional<WorkerNode> find(@Bind("id") long id);

    @SqlQuery("SELECT " + COLUMNS + " FROM worker_node WHERE name = :name")
    Optional<WorkerNode> findByName(@Bind("name") String name);

    @SqlQuery("SELECT n.id, n.name, n.host, n.port, n.ssh_user, n.identity_kind, n.identity_file, n.identity_id,"
            + " n.password_sealed, n.host_key FROM worker_node n JOIN node_environment ne ON ne.node_id = n.id"
            + " WHERE ne.environment_id = :environmentId ORDER BY n.name")
    List<WorkerNode> attachedTo(@Bind("environmentId") long environmentId);

    @SqlQuery("SELECT environment_id FROM node_environment WHERE node_id = :nodeId")
    List<Long> environmentsOf(@Bind("nodeId") long nodeId);

    default long insert(WorkerNode node) {
        return insertColumns(WorkerNodeMapper.columns(node));
    }

    default void update(WorkerNode node) {
        var columns = WorkerNodeMapper.columns(node);
        columns.put("id", node.id());
        updateColumns(columns);
    }

    @SqlUpdate("INSERT INTO worker_node (name, host, port, ssh_user, identity_kind, identity_file, identity_id, password_sealed, host_key)"
            + " VALUES (:name, :host, :port, :user, :identityKind, :identityFile, :identityId, :passwordSealed, :hostKey)")
    @GetGeneratedKeys("id")
    long insertColumns(@BindMap java.util.Map<String, Object> columns);

    @SqlUpdate("UPDATE worker_node SET name = :name, host = :host, port = :port, ssh_user = :user, identity_kind = :identityKind,"
            + " identity_file = :identityFile, identity_id = :identityId, password_sealed = :passwordSealed, host_key = :hostKey"
            + " WHERE id = :id")
    int updateColumns(@BindMap java.util.Map<String, Object> columns);

    @SqlUpdate("MERGE INTO node_environment (node_id, environment_id) KEY (node_id, environment_id) VALUES (:nodeId, :environmentId)")
    void attach(@Bind("nodeId") long nodeId, @Bind("environmentId") long environmentId);

    @SqlUpdate("DELETE FROM node_environment WHERE node_id = :nodeId AND environment_id = :environmentId")
    int detach(@Bind("nodeId") long nodeId, @Bind("environmentId") long environmentId);

    @SqlUpdate("DELETE FROM worker_node WHERE id = :id")
    int delete(@Bind("id") long id);
}
