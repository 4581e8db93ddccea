package dev.homeport.model.store;

import dev.homeport.model.RetentionPolicy;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The retention policy's one row, and the deletes that apply it. A release is only ever
 * removed once it has ended (FAILED, SUPERSEDED, ROLLED_BACK, INTERRUPTED): never the LIVE one,
 * never one in progress, and never one of the newest {@code keep_releases} of its service,
 * whose containers the node keeps for a rollback.
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

    @SqlQuery("SELECT COUNT(*) FROM deployment_log WHERE deployment_id IN (SELECT id FROM " + RANKED
            + " WHERE (ranked.newer > :logsKept OR ranked.newer > GREATEST(:deploymentsKept, ranked.keep_releases)) AND " + ENDED + ")")
    int countPrunableLogLines(@Bind("deploymentsKept") int deploymentsKept, @Bind("logsKept") int logsKept);

    /** Releases beyond the newest {@code deploymentsKept} of their service; their logs go with them (ON DELETE CASCADE). */
    @SqlUpdate("DELETE FROM deployment WHERE id IN (SELECT id FROM " + RANKED
            + " WHERE ranked.newer > GREATEST(:deploymentsKept, ranked.keep_releases) AND " + ENDED + ")")
    int deleteOldDeployments(@Bind("deploymentsKept") int deploymentsKept);

    /** The log lines of releases beyond the newest {@code logsKept} of their service. */
    @SqlUpdate("DELETE FROM deployment_log WHERE deployment_id IN (SELECT id FROM " + RANKED
            + " WHERE ranked.newer > :logsKept AND " + ENDED + ")")
    int deleteOldLogs(@Bind("logsKept") int logsKept);

    @SqlUpdate("DELETE FROM node_event WHERE occurred_at < :before")
    int deleteEventsBefore(@Bind("before") Instant before);

    @SqlUpdate("DELETE FROM node_event WHERE id IN (SELECT id FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY node_id ORDER BY id DESC) AS newer"
            + " FROM node_event) ranked WHERE ranked.newer > :eventsKept)")
    int deleteEventsBeyond(@Bind("eventsKept") int eventsKept);
}
