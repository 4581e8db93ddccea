package dev.homeport.model.inventory;

import dev.homeport.model.RetentionPolicy;
import dev.homeport.model.store.RetentionDao;
import dev.homeport.model.store.Store;
import java.time.Clock;
import java.time.Duration;

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
            int logLines = dao.countPrunableLogLines(policy.deploymentsKept(), policy.logsKept());
            int deployments = dao.deleteOldDeployments(policy.deploymentsKept());
            dao.deleteOldLogs(policy.logsKept());
            int events = dao.deleteEventsBefore(clock.instant().minus(Duration.ofDays(policy.eventDays())))
                    + dao.deleteEventsBeyond(policy.eventsKept());
            return new Pruned(deployments, logLines, events);
        });
    }
}
