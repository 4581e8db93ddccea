package dev.homeport.model.inventory;

import dev.homeport.model.RetentionPolicy;
import dev.homeport.model.store.RetentionDao;
import dev.homeport.model.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * How much deployment and node history the store keeps, and the pruning that applies it.
 * Pruning is one write on the store thread; callers run it in the background (the desktop
 * at start, every deployment as it ends).
 */
public final class Retention {
    /** Rows removed by one pruning beyond which the store file is compacted when it closes. */
    static final int COMPACT_AFTER_ROWS = 10_000;
    private final Store store;
    private final Clock clock;

    public Retention(Store store) {
        this(store, Clock.systemUTC());
    }

    Retention(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** What was removed by one pruning. */
    public record Pruned(int deployments, int logLines, int nodeEvents) {
        public boolean nothing() {
            return deployments == 0 && logLines == 0 && nodeEvents == 0;
        }
    }

    /** The policy in force: the one saved, or the defaults. */
    public RetentionPolicy policy() {
        return store.read(h -> h.attach(RetentionDao.class).find()).orElseGet(RetentionPolicy::defaults);
    }

    /** Saves the policy; the next pruning applies it. */
    public void setPolicy(RetentionPolicy policy) {
        store.update(h -> h.attach(RetentionDao.class).save(policy.deploymentsKept(), policy.logsKept(), policy.eventDays(), policy.eventsKept()));
    }

    /**
     * Removes what the policy no longer keeps, in one transaction. After a large pruning (a new
     * or tighter policy on a grown store) the file is compacted when the store closes, so the
     * disk gets the space back; the small pruning after each deployment leaves space for the next.
     */
    public Pruned prune() {
        Pruned pruned = store.write(h -> {
            RetentionDao dao = h.attach(RetentionDao.class);
            RetentionPolicy policy = dao.find().orElseGet(RetentionPolicy::defaults);
            List<Long> releases = dao.releasesBeyond(policy.deploymentsKept());
            List<Long> logs = dao.logsBeyond(policy.logsKept());
            // Every release that goes is also beyond the releases with logs, as logsKept <= deploymentsKept.
            int logLines = logs.isEmpty() ? 0 : dao.countLogLines(logs);
            if (!logs.isEmpty()) {
                dao.deleteLogs(logs);
            }
            int deployments = releases.isEmpty() ? 0 : dao.deleteReleases(releases);
            int events = dao.deleteEventsBefore(clock.instant().minus(Duration.ofDays(policy.eventDays())));
            List<Long> beyond = dao.eventsBeyond(policy.eventsKept());
            events += beyond.isEmpty() ? 0 : dao.deleteEvents(beyond);
            return new Pruned(deployments, logLines, events);
        });
        if (pruned.deployments() + pruned.logLines() + pruned.nodeEvents() > COMPACT_AFTER_ROWS) {
            store.compactOnClose();
        }
        return pruned;
    }
}
