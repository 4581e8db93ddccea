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

    /** Removes what the policy no longer keeps, in one transaction. */
    public Pruned prune() {
        return store.write(h -> {
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
    }
}
