package dev.homeport.model.store;

import dev.homeport.model.ReleaseMark;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterRowMapper(ReleaseMarkMapper.class)
public interface ReleaseMarkDao {
    @SqlUpdate("INSERT INTO release_mark (deployment_id, kind, marked_at, note) VALUES (:deploymentId, :kind, :at, :note)")
    void insert(@Bind("deploymentId") long deploymentId, @Bind("kind") ReleaseMark.Kind kind, @Bind("at") Instant at,
                @Bind("note") String note);

    /** Oldest first. */
    @SqlQuery("SELECT m.id, m.deployment_id, m.kind, m.marked_at, m.note FROM release_mark m JOIN deployment d ON d.id = m.deployment_id"
            + " WHERE d.service_id = :serviceId ORDER BY m.id")
    List<ReleaseMark> ofService(@Bind("serviceId") long serviceId);

    /** Oldest first. */
    @SqlQuery("SELECT id, deployment_id, kind, marked_at, note FROM release_mark WHERE deployment_id = :deploymentId ORDER BY id")
    List<ReleaseMark> ofDeployment(@Bind("deploymentId") long deploymentId);

    /** Oldest first: the marks of every release that ran on a node. */
    @SqlQuery("SELECT m.id, m.deployment_id, m.kind, m.marked_at, m.note FROM release_mark m JOIN deployment d ON d.id = m.deployment_id"
            + " WHERE d.node_id = :nodeId AND m.marked_at >= :since ORDER BY m.id")
    List<ReleaseMark> ofNode(@Bind("nodeId") long nodeId, @Bind("since") Instant since);
}
