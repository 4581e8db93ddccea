package dev.homeport.model.inventory;

import dev.homeport.model.Deployment;
import dev.homeport.model.DeploymentState;
import dev.homeport.model.store.DeploymentDao;
import dev.homeport.model.store.Store;
import java.time.Clock;
import java.util.List;

/**
 * The record of deployments. A deployment's state moves only through
 * {@link #transition}, a compare-and-set on the state the caller last saw, so
 * two actors can never both move the same deployment.
 */
public final class DeploymentHistory {
    private final Store store;
    private final Clock clock;

    public DeploymentHistory(Store store) {
        this(store, Clock.systemUTC());
    }

    DeploymentHistory(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Records a new deployment in QUEUED. {@code configSnapshot} is the JSON of what it will run. */
    public Deployment queue(long serviceId, Long nodeId, String image, String configSnapshot) {
        return store.write(h -> {
            DeploymentDao dao = h.attach(DeploymentDao.class);
            return dao.find(dao.insertQueued(serviceId, nodeId, image, configSnapshot, clock.instant())).orElseThrow();
        });
    }

    /**
     * Moves a deployment from {@code from} to {@code to}. Returns false, changing nothing,
     * when it is no longer in {@code from}; refuses a move the state machine does not allow.
     */
    public boolean transition(long deploymentId, DeploymentState from, DeploymentState to, String reason) {
        if (!from.canMoveTo(to)) {
            throw new IllegalStateException("A deployment cannot move from " + from + " to " + to + ".");
        }
        return store.write(h -> h.attach(DeploymentDao.class)
                .transition(deploymentId, from, to, reason, to.finished() || to == DeploymentState.LIVE, clock.instant()) == 1);
    }

    public void appendLog(long deploymentId, String line) {
        store.update(h -> h.attach(DeploymentDao.class).appendLog(deploymentId, clock.instant(), line));
    }

    public Deployment find(long deploymentId) {
        return store.read(h -> h.attach(DeploymentDao.class).find(deploymentId))
                .orElseThrow(() -> new NotFoundException("No deployment with id " + deploymentId + "."));
    }

    public List<Deployment> recent(int limit) {
        return store.read(h -> h.attach(DeploymentDao.class).recent(limit));
    }

    public List<Deployment> ofService(long serviceId) {
        return store.read(h -> h.attach(DeploymentDao.class).ofService(serviceId));
    }

    /** Deployments still in progress, for reconciling them with their nodes when the app starts. */
    public List<Deployment> inProgress() {
        return store.read(h -> h.attach(DeploymentDao.class).inProgress());
    }

    public List<String> log(long deploymentId) {
        return store.read(h -> h.attach(DeploymentDao.class).log(deploymentId));
    }
}
