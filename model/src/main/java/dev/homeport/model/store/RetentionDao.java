package dev.homeport.model.store;

import dev.homeport.model.RetentionPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The retention policy's one row, and the queries that apply it. A release is only ever
 * pruned once it has ended (FAILED, SUPERSEDED, ROLLED_BACK, INTERRUPTED): never the LIVE one,
 * never one in progress, and never one of the newest {@code keep_releases} of its service,
 * whose containers the node keeps for a rollback.
 *
 * <p>What goes is found first, by id, and then deleted by id: H2 would run a ranking
 * subquery again for every row it filters, which makes a delete on a grown store quadratic.
 */
@RegisterRowMapper(RetentionMapper.class)
public interface RetentionDao {
    /** Each release with its rank among its service's releases, 1 for the newest. */
    String RANKED = "(SELECT d.id, d.state, s.keep_releases, ROW_NUMBER() OVER (PARTITION BY d.service_id ORDER BY d.id DESC) AS newer"
            + " FROM deployment d JOIN service s ON s.id = d.service_id) ranked";
    String ENDED = "ranked.state IN ('FAILED', 'SUPERSEDED', 'ROLLED_BACK', 'INTERRUPTED')";

    @SqlQuery("SELECT deployments_kept, logs_kept, event_days, events_kept FROM retention WHERE id = 1")
    Optional<RetentionPolicy> find();

    @SqlUpdate("MERGE INTO retention (id, deployments_kept, logs_kept, event_days, events_kept) KEY (id)"
            + " VALUES (1, :deploymentsKept, :logsKept, :eventDays, :eventsKept)")
    void save(@Bind("deploymentsKept") int deploymentsKept, @Bind("logsKept") int logsKept, @Bind("eventDays") int eventDays,
              @Bind("eventsKept") int eventsKept);

    /** Ended releases beyond the newest {@code deploymentsKept} of their service (and beyond its kept releases). */
    @SqlQuery("SELECT id FROM " + RANKED + " WHERE ranked.newer > GREATEST(:deploymentsKept, ranked.keep_releases) AND " + ENDED)
    List<Long> releasesBeyond(@Bind("deploymentsKept") int deploymentsKept);

    /** Ended releases beyond the newest {@code logsKept} of their service. */
    @SqlQuery("SELECT id FROM " + RANKED + " WHERE ranked.newer > :logsKept AND " + ENDED)
    List<Long> logsBeyond(@Bind("logsKept") int logsKept);

    @SqlQuery("SELECT COUNT(*) FROM deployment_log WHERE deployment_id IN (<ids>)")
    int countLogLines(@BindList("ids") List<Long> deploymentIds);

    /** Their log lines go with them (ON DELETE CASCADE). */
    @SqlUpdate("DELETE FROM deployment WHERE id IN (<ids>)")
    int deleteReleases(@BindList("ids") List<Long> deploymentIds);

    @SqlUpdate("DELETE FROM deployment_log WHERE deployment_id IN (<ids>)")
    int deleteLogs(@BindList("ids") List<Long> deploymentIds);

    @SqlUpdate("DELETE FROM node_event WHERE occurred_at < :before")
    int deleteEventsBefore(@Bind("before") Instant before);

    /** Each node's events beyond its newest {@code eventsKept}. */
    @SqlQuery("SELECT id FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY node_id ORDER BY id DESC) AS newer FROM node_event) ranked"
            + " WHERE ranked.newer > :eventsKept")
    List<Long> eventsBeyond(@Bind("eventsKept") int eventsKept);

    @SqlUpdate("DELETE FROM node_event WHERE id IN (<ids>)")
    int deleteEvents(@BindList("ids") List<Long> eventIds);
}
