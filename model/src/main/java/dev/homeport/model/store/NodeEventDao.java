package dev.homeport.model.store;

import dev.homeport.model.NodeEvent;
import dev.homeport.model.NodeEventKind;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterRowMapper(NodeEventMapper.class)
public interface NodeEventDao {
    String COLUMNS = "id, node_id, occurred_at, kind, summary, detail";

    @SqlUpdate("INSERT INTO node_event (node_id, occurred_at, kind, summary, detail) VALUES (:nodeId, :at, :kind, :summary, :detail)")
    @GetGeneratedKeys("id")
    long insert(@Bind("nodeId") long nodeId, @Bind("at") Instant at, @Bind("kind") NodeEventKind kind,
                @Bind("summary") String summary, @Bind("detail") String detail);

    @SqlQuery("SELECT " + COLUMNS + " FROM node_event WHERE id = :id")
    Optional<NodeEvent> find(@Bind("id") long id);

    /** Newest first. */
    @SqlQuery("SELECT " + COLUMNS + " FROM node_event WHERE node_id = :nodeId ORDER BY id DESC LIMIT :limit")
    List<NodeEvent> ofNode(@Bind("nodeId") long nodeId, @Bind("limit") int limit);
}
