package dev.homeport.model.store;

import dev.homeport.model.Deployment;
import dev.homeport.model.DeploymentState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterRowMapper(DeploymentMapper.class)
public interface DeploymentDao {
    String COLUMNS = "id, service_id, node_id, state, image, image_digest, config_snapshot, created_at, updated_at, finished_at, reason";

    @SqlQuery("SELECT " + COLUMNS + " FROM deployment WHERE id = :id")
    Optional<Deployment> find(@Bind("id") long id);

    @SqlQuery("SELECT " + COLUMNS + " FROM deployment WHERE service_id = :serviceId ORDER BY id DESC")
    List<Deployment> ofService(@Bind("serviceId") long serviceId);

    @SqlQuery("SELECT " + COLUMNS + " FROM deployment WHERE service_id = :serviceId AND state = 'LIVE' ORDER BY id DESC")
    List<Deployment> liveOf(@Bind("serviceId") long serviceId);

    @SqlQuery("SELECT " + COLUMNS + " FROM deployment ORDER BY id DESC LIMIT :limit")
    List<Deployment> recent(@Bind("limit") int limit);

    @SqlQuery("SELECT " + COLUMNS + " FROM deployment WHERE state IN ('QUEUED', 'PREPARING', 'STARTING', 'HEALTH_CHECKING', 'ROUTING') ORDER BY id")
    List<Deployment> inProgress();

    /** The releases that ran on a node and moved since {@code since}, oldest first. */
    @SqlQuery("SELECT " + COLUMNS + " FROM deployment WHERE node_id = :nodeId AND updated_at >= :since ORDER BY id")
    List<Deployment> ofNodeSince(@Bind("nodeId") long nodeId, @Bind("since") Instant since);

    @SqlUpdate("INSERT INTO deployment (service_id, node_id, state, image, config_snapshot, created_at, updated_at)"
            + " VALUES (:serviceId, :nodeId, 'QUEUED', :image, :configSnapshot, :now, :now)")
    @GetGeneratedKeys("id")
    long insertQueued(@Bind("serviceId") long serviceId, @Bind("nodeId") Long nodeId, @Bind("image") String image,
                      @Bind("configSnapshot") String configSnapshot, @Bind("now") Instant now);

    /**
     * Compare-and-set: moves the deployment only if it is still in {@code from}.
     * Returns 0 when another actor moved it first.
     */
    @SqlUpdate("UPDATE deployment SET state = :to, updated_at = :now, reason = COALESCE(:reason, reason),"
            + " finished_at = CASE WHEN :finished THEN :now ELSE finished_at END WHERE id = :id AND state = :from")
    int transition(@Bind("id") long id, @Bind("from") DeploymentState from, @Bind("to") DeploymentState to,
                   @Bind("reason") String reason, @Bind("finished") boolean finished, @Bind("now") Instant now);

    /**
     * Retires every LIVE release of the service but {@code keepId}: the first half of a promotion,
     * which must run before the promoted release becomes LIVE (the store allows one LIVE row per service).
     */
    @SqlUpdate("UPDATE deployment SET state = :retired, updated_at = :now, finished_at = :now, reason = :reason"
            + " WHERE service_id = :serviceId AND state = 'LIVE' AND id <> :keepId")
    int retireLive(@Bind("serviceId") long serviceId, @Bind("keepId") long keepId, @Bind("retired") DeploymentState retired,
                   @Bind("reason") String reason, @Bind("now") Instant now);

    @SqlUpdate("UPDATE deployment SET image = :image, image_digest = :digest, updated_at = :now WHERE id = :id")
    int recordImage(@Bind("id") long id, @Bind("image") String image, @Bind("digest") String digest, @Bind("now") Instant now);

    @SqlUpdate("INSERT INTO deployment_log (deployment_id, seq, logged_at, line)"
            + " VALUES (:id, (SELECT COALESCE(MAX(seq), 0) + 1 FROM deployment_log WHERE deployment_id = :id), :at, :line)")
    void appendLog(@Bind("id") long deploymentId, @Bind("at") Instant at, @Bind("line") String line);

    /** Appends lines in order, numbered after the lines already kept: one statement per batch, not per line. */
    default void appendLog(long deploymentId, Instant at, List<String> lines) {
        int next = lastSeq(deploymentId) + 1;
        for (String line : lines) {
            insertLog(deploymentId, next++, at, line);
        }
    }

    @SqlQuery("SELECT COALESCE(MAX(seq), 0) FROM deployment_log WHERE deployment_id = :id")
    int lastSeq(@Bind("id") long deploymentId);

    @SqlUpdate("INSERT INTO deployment_log (deployment_id, seq, logged_at, line) VALUES (:id, :seq, :at, :line)")
    void insertLog(@Bind("id") long deploymentId, @Bind("seq") int seq, @Bind("at") Instant at, @Bind("line") String line);

    @SqlQuery("SELECT line FROM deployment_log WHERE deployment_id = :id ORDER BY seq")
    List<String> log(@Bind("id") long deploymentId);

    @SqlQuery("SELECT COUNT(*) FROM deployment WHERE service_id = :serviceId")
    int countOfService(@Bind("serviceId") long serviceId);
}
