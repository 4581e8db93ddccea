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
    /** The longest log line kept, as the store's column allows. */
    public static final int MAX_LINE = 65536;
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
     * A release becomes LIVE only through {@link #promote}, never here.
     */
    public boolean transition(long deploymentId, DeploymentState from, DeploymentState to, String reason) {
        if (!from.canMoveTo(to)) {
            throw new IllegalStateException("A deployment cannot move from " + from + " to " + to + ".");
        }
        if (to == DeploymentState.LIVE) {
            throw new IllegalStateException("A deployment becomes LIVE only by promote, which retires the live one in the same write.");
        }
        return store.write(h -> h.attach(DeploymentDao.class)
                .transition(deploymentId, from, to, reason, to.finished(), clock.instant()) == 1);
    }

    /**
     * Makes a routed release the service's one LIVE release, in one transaction: every other
     * LIVE release of the service becomes {@code retired} (SUPERSEDED or ROLLED_BACK), then this
     * one moves ROUTING → LIVE. Returns false, changing nothing, when the release is no longer
     * ROUTING (someone else moved it). If any part fails, none of it is kept.
     */
    public boolean promote(long deploymentId, DeploymentState retired, String reason) {
        if (!DeploymentState.LIVE.canMoveTo(retired)) {
            throw new IllegalStateException("A live release cannot be retired as " + retired + ".");
        }
        return store.write(h -> {
            DeploymentDao dao = h.attach(DeploymentDao.class);
            Deployment promoted = dao.find(deploymentId)
                    .orElseThrow(() -> new NotFoundException("No deployment with id " + deploymentId + "."));
            if (promoted.state() != DeploymentState.ROUTING) {
                return false;
            }
            java.time.Instant now = clock.instant();
            // Retire first: the store refuses a second LIVE row for a service.
            dao.retireLive(promoted.serviceId(), deploymentId, retired, "replaced by deployment #" + deploymentId, now);
            if (dao.transition(deploymentId, DeploymentState.ROUTING, DeploymentState.LIVE, reason, true, now) != 1) {
                // Unreachable while writes run on the one store thread; throwing rolls the retirement back.
                throw new IllegalStateException("Deployment #" + deploymentId + " left ROUTING during its promotion.");
            }
            return true;
        });
    }

    public void appendLog(long deploymentId, String line) {
        store.update(h -> h.attach(DeploymentDao.class).appendLog(deploymentId, clock.instant(), line));
    }

    /** Appends a batch of lines in one transaction; long lines are cut to what a log line may hold. */
    public void appendLog(long deploymentId, List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        List<String> fitted = lines.stream().map(line -> line.length() > MAX_LINE ? line.substring(0, MAX_LINE - 1) + "…" : line).toList();
        store.update(h -> h.attach(DeploymentDao.class).appendLog(deploymentId, clock.instant(), fitted));
    }

    /** Pins the image a release runs: the reference it came by, and its image ID (content digest) once known. */
    public void recordImage(long deploymentId, String image, String digest) {
        store.update(h -> h.attach(DeploymentDao.class).recordImage(deploymentId, image, digest, clock.instant()));
    }

    /** The release serving now, if any. */
    public java.util.Optional<Deployment> live(long serviceId) {
        return store.read(h -> h.attach(DeploymentDao.class).liveOf(serviceId)).stream().findFirst();
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
