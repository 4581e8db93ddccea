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
            // Its finished_at is overwritten when it is retired: the mark keeps when it went live.
            h.attach(dev.homeport.model.store.ReleaseMarkDao.class).insert(deploymentId, dev.homeport.model.ReleaseMark.Kind.LIVE, now, null);
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

    /**
     * Records that a LIVE release crash-looped (or its container stopped unasked) after it went live:
     * {@code note} is what its history shows, such as "LIVE, then crashed 5 times in 2 min".
     */
    public void markCrashed(long deploymentId, String note) {
        java.time.Instant now = clock.instant();
        store.update(h -> h.attach(dev.homeport.model.store.ReleaseMarkDao.class).insert(deploymentId,
                dev.homeport.model.ReleaseMark.Kind.CRASHED, now, note));
    }

    /** The marks of one release, oldest first. */
    public List<dev.homeport.model.ReleaseMark> marks(long deploymentId) {
        return store.read(h -> h.attach(dev.homeport.model.store.ReleaseMarkDao.class).ofDeployment(deploymentId));
    }

    /** What a service's charts mark: when each release went live, failed, was rolled back or crashed; oldest first. */
    public List<dev.homeport.model.ReleaseMoment> moments(long serviceId) {
        return store.read(h -> moments(h.attach(DeploymentDao.class).ofService(serviceId),
                h.attach(dev.homeport.model.store.ReleaseMarkDao.class).ofService(serviceId)));
    }

    /** What a node's charts mark: the moments of the releases that ran on it since {@code since}; oldest first. */
    public List<dev.homeport.model.ReleaseMoment> momentsOnNode(long nodeId, java.time.Instant since) {
        return store.read(h -> moments(h.attach(DeploymentDao.class).ofNodeSince(nodeId, since),
                h.attach(dev.homeport.model.store.ReleaseMarkDao.class).ofNode(nodeId, since))).stream()
                .filter(m -> !m.at().isBefore(since)).toList();
    }

    /**
     * The moments of these releases. A release's LIVE mark gives when it went live; a release
     * promoted before marks were kept (and still LIVE) went live at its finished_at, which promotion sets.
     */
    static List<dev.homeport.model.ReleaseMoment> moments(List<Deployment> releases, List<dev.homeport.model.ReleaseMark> marks) {
        java.util.Map<Long, Deployment> byId = new java.util.HashMap<>();
        releases.forEach(d -> byId.put(d.id(), d));
        java.util.Set<Long> markedLive = new java.util.HashSet<>();
        List<dev.homeport.model.ReleaseMoment> moments = new java.util.ArrayList<>();
        for (dev.homeport.model.ReleaseMark mark : marks) {
            Deployment release = byId.get(mark.deploymentId());
            if (release == null) {
                continue;
            }
            if (mark.kind() == dev.homeport.model.ReleaseMark.Kind.LIVE) {
                markedLive.add(mark.deploymentId());
            }
            moments.add(new dev.homeport.model.ReleaseMoment(release.id(), release.serviceId(),
                    mark.kind() == dev.homeport.model.ReleaseMark.Kind.LIVE ? dev.homeport.model.ReleaseMoment.Kind.LIVE
                            : dev.homeport.model.ReleaseMoment.Kind.CRASHED, mark.at(), mark.note()));
        }
        for (Deployment release : releases) {
            if (release.finishedAt() == null) {
                continue;
            }
            dev.homeport.model.ReleaseMoment.Kind kind = switch (release.state()) {
                case LIVE -> markedLive.contains(release.id()) ? null : dev.homeport.model.ReleaseMoment.Kind.LIVE;
                case FAILED -> dev.homeport.model.ReleaseMoment.Kind.FAILED;
                case ROLLED_BACK -> dev.homeport.model.ReleaseMoment.Kind.ROLLED_BACK;
                default -> null;
            };
            if (kind != null) {
                moments.add(new dev.homeport.model.ReleaseMoment(release.id(), release.serviceId(), kind, release.finishedAt(), release.reason()));
            }
        }
        // A rollback retires one release and makes another live at the same instant: the retirement comes first.
        moments.sort(java.util.Comparator.comparing(dev.homeport.model.ReleaseMoment::at)
                .thenComparing(m -> m.kind() == dev.homeport.model.ReleaseMoment.Kind.LIVE ? 1 : 0));
        return moments;
    }

    public List<String> log(long deploymentId) {
        return store.read(h -> h.attach(DeploymentDao.class).log(deploymentId));
    }
}
