package dev.homeport.app.desktop.backups;

import dev.homeport.app.Homeport;
import dev.homeport.app.desktop.Notice;
import dev.homeport.app.desktop.Poller;
import dev.homeport.app.desktop.SystemNotifier;
import dev.homeport.app.desktop.Tasks;
import dev.homeport.model.inventory.Level;
import dev.homeport.model.inventory.Ref;
import dev.homeport.ssh.backup.BackupHealth;
import dev.homeport.ssh.backup.BackupRun;
import dev.homeport.ssh.backup.BackupService;
import dev.homeport.ssh.backup.BackupSubject;
import dev.homeport.ssh.backup.ScratchRestore;
import dev.homeport.ssh.backup.Verification;
import dev.homeport.ssh.transport.Prompts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.collections.FXCollections;
import javafx.collections.ObservableMap;

/**
 * While the app runs, every database and named volume with a backup schedule is looked at when the app opens and every
 * {@link #PERIOD}: its node's records say how its backups stand, and its new backups are pulled to this
 * machine (into the data folder's {@code database-backups}) and pushed to its copy target (another node or an S3 bucket, if
 * it names one), the copies in both places then pruned to the schedule's retention
 * ({@link dev.homeport.ssh.backup.CopyRetention}) unless the schedule keeps its copies forever, and its newest backup,
 * when it was never
 * checked, is verified: restored into a scratch copy beside the database and compared table by table with
 * what the backup recorded, or, a named volume's, restored into a scratch volume whose tar's sha256 and file count
 * are compared with the manifest's ({@link VolumeChecks}); the mark stays beside it on the node. A failed, late or missed backup, and
 * one that did not restore, raise a notice in the window and a desktop notification, once for each state
 * a database enters.
 *
 * <p>What the last round saw is kept in {@link #latest()} (the node's page shows its databases' mark from
 * it): first how each database's backups stand, as soon as every database has been read, then with what the
 * round pulled and checked. {@link #checkNow} asks for a round at once (after "Back up now", a schedule
 * saved, or from the node's page); there is never a second round at the same time.
 */
public final class BackupWatch {
    static final Duration PERIOD = Duration.ofMinutes(15);

    private final Homeport homeport;
    private final Tasks tasks;
    private final Consumer<Notice> notices;
    private final Poller.Polling polling;
    private final SystemNotifier desktop = new SystemNotifier();
    /** The bad state each database or volume was last told in; FX thread. */
    private final Map<BackupSubject, BackupHealth.State> told = new HashMap<>();
    /** The failed checks already told, as "subject stamp"; FX thread. */
    private final java.util.Set<String> toldChecks = new java.util.HashSet<>();
    /** The subjects whose last push to their copy target failed (told once until one works); the round's thread. */
    private final Map<BackupSubject, String> pushFailures = new java.util.concurrent.ConcurrentHashMap<>();
    private final ObservableMap<BackupSubject, Seen> latest = FXCollections.observableHashMap();
    private final ObservableMap<BackupSubject, Seen> latestView = FXCollections.unmodifiableObservableMap(latest);
    /** Guards {@link #started}, {@link #inRound} and {@link #again}: a round asked for while one runs follows it. */
    private final Object rounds = new Object();
    private boolean started;
    private boolean inRound;
    private boolean again;

    public BackupWatch(Homeport homeport, Tasks tasks, Poller poller, Consumer<Notice> notices) {
        this.homeport = homeport;
        this.tasks = tasks;
        this.notices = notices;
        this.polling = poller.polling("database backups");
    }

    /**
     * One database or named volume as a round saw it: the node its service runs on (null when that could not be
     * told), how its backups stand and when its newest run started (null when none), or why they could not be read;
     * and the check of a database's newest backup when this round made one (else null).
     */
    public record Seen(BackupSubject subject, String path, String node, BackupHealth health, Instant newestRun, int pulled,
                       String problem, ScratchRestore.Outcome checked) {
        public long serviceId() {
            return subject.serviceId();
        }

        /** The last part of its path: the database's name, or SERVICE:VOLUME. */
        public String name() {
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }

    /** What the last round saw of each scheduled database and volume; changed on the FX thread only. */
    public ObservableMap<BackupSubject, Seen> latest() {
        return latestView;
    }

    /** Starts the watch (first at once); the poller's close stops it. FX thread. */
    public void start() {
        synchronized (rounds) {
            started = true;
            polling.start(this::poll);
        }
    }

    /**
     * Looks at every scheduled database again now, rather than at the next quarter hour: at once when no round
     * runs, else right after the one under way (which is never cut short: it may be restoring a scratch copy).
     * Nothing before {@link #start}. FX thread.
     */
    public void checkNow() {
        synchronized (rounds) {
            if (!started) {
                return;
            }
            if (inRound) {
                again = true;
            } else {
                polling.start(this::poll); // only its pause is interrupted
            }
        }
    }

    private Duration poll(Poller.Answers answers) {
        synchronized (rounds) {
            if (!answers.current()) {
                return null;
            }
            inRound = true;
        }
        boolean more;
        try {
            List<Seen> seen = round(read -> answers.show(() -> publish(read)));
            answers.show(() -> {
                publish(seen);
                tell(seen);
            });
        } finally {
            synchronized (rounds) {
                inRound = false;
                more = again;
                again = false;
            }
        }
        return more ? Duration.ZERO : PERIOD;
    }

    /**
     * Reads how every scheduled database's backups stand, hands that to {@code read} (before the slower part),
     * then pulls each one's new backups and checks its newest; blocking.
     */
    List<Seen> round(Consumer<List<Seen>> read) {
        BackupService backups = homeport.backupService();
        List<BackupSubject> subjects = backups.scheduledSubjects();
        if (subjects.isEmpty()) {
            // Asking for the key makes one; a store with nothing scheduled is left as it is.
            read.accept(List.of());
            return List.of();
        }
        byte[] identity = (backups.key().identity() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        List<Seen> stand = new ArrayList<>();
        for (BackupSubject subject : subjects) {
            long id = subject.serviceId();
            String path = homeport.inventory().pathOf(new Ref(Level.SERVICE, id)) + subject.suffix();
            String node;
            try {
                node = homeport.deployService().dataNode(id).name();
            } catch (RuntimeException e) {
                node = null; // not deployed, or no single node: the report below says why
            }
            try {
                BackupService.Report report = backups.report(subject, Prompts.NONE);
                Instant newest = report.runs().stream().map(BackupRun::started).max(Comparator.naturalOrder()).orElse(null);
                stand.add(new Seen(subject, path, node, report.health(), newest, 0, null, null));
            } catch (RuntimeException e) {
                stand.add(new Seen(subject, path, node, null, null, 0, e.getMessage(), null));
            }
        }
        read.accept(List.copyOf(stand));
        List<Seen> seen = new ArrayList<>();
        for (Seen one : stand) {
            if (one.health() == null) {
                seen.add(one);
                continue;
            }
            int pulled = 0;
            String problem = null;
            try {
                // The copies here follow the schedule's retention after each pull, as the node's own backups do.
                pulled = backups.pull(one.subject(), homeport.databaseBackupFolder(), true, Prompts.NONE).files().size();
            } catch (RuntimeException e) {
                problem = "its new backups could not be copied here: " + e.getMessage();
            }
            String pushProblem = pushCopies(backups, one.subject());
            problem = pushProblem == null ? problem : problem == null ? pushProblem : problem + "; " + pushProblem;
            // The newest backup is proven by a scratch restore: a database's beside it, a volume's into a scratch volume.
            ScratchRestore.Outcome checked = one.subject().isVolume() ? VolumeChecks.verifyNewest(homeport, one.subject(), identity)
                    : verifyNewest(one.serviceId(), identity);
            seen.add(new Seen(one.subject(), one.path(), one.node(), one.health(), one.newestRun(), pulled, problem, checked));
        }
        return seen;
    }

    /**
     * Pushes a subject's backups that its copy target (if its schedule names one) lacks to it; what went wrong, or null.
     * A failure raises a notice once until a push works again.
     */
    private String pushCopies(BackupService backups, BackupSubject subject) {
        String problem;
        String where = null;
        try {
            where = backups.copyLabel(subject).orElse(null);
            if (where == null) {
                return null;
            }
            // To the other node over SFTP, or to the S3 target by the node's rclone (its secret key on rclone's stdin).
            var pushed = backups.pushToCopyTarget(subject, true, Prompts.NONE).orElseThrow();
            problem = pushed.ok() ? null : "copies to " + where + " failed: " + String.join("; ", pushed.problems());
        } catch (RuntimeException e) {
            problem = "its backups could not be copied to " + (where == null ? "their copy target" : where) + ": " + e.getMessage();
        }
        if (problem == null) {
            pushFailures.remove(subject);
        } else if (pushFailures.put(subject, problem) == null) {
            String path = homeport.inventory().pathOf(new Ref(Level.SERVICE, subject.serviceId())) + subject.suffix();
            Notice notice = new Notice(path + ": backup copies not pushed", problem, true);
            javafx.application.Platform.runLater(() -> notices.accept(notice));
            tasks.background("Notifying the desktop", () -> desktop.send(notice.title(), notice.text()));
        }
        return problem;
    }

    /** Keeps what a round saw as {@link #latest()}: the databases and volumes no longer scheduled go. FX thread. */
    private void publish(List<Seen> seen) {
        java.util.Set<BackupSubject> subjects = new java.util.HashSet<>();
        seen.forEach(one -> subjects.add(one.subject()));
        latest.keySet().retainAll(subjects);
        seen.forEach(one -> latest.put(one.subject(), one));
    }

    /** The check of the database's newest backup if it was never checked; a check that could not run is one that failed. */
    private ScratchRestore.Outcome verifyNewest(long serviceId, byte[] identity) {
        try {
            return homeport.restores().verifyNewest(serviceId, identity, Prompts.NONE).orElse(null);
        } catch (RuntimeException e) {
            return new ScratchRestore.Outcome("newest", Verification.failed(e.getMessage()), null);
        }
    }

    void tell(List<Seen> seen) {
        for (Seen one : seen) {
            if (one.checked() != null && !one.checked().verification().passed() && toldChecks.add(one.subject() + " " + one.checked().stamp())) {
                Notice notice = new Notice(one.path() + ": backup " + one.checked().stamp() + " did not restore",
                        one.checked().verification().summary() + ". See its Backups section (Restore…).", true);
                notices.accept(notice);
                tasks.background("Notifying the desktop", () -> desktop.send(notice.title(), notice.text()));
            }
            if (one.health() == null || !one.health().bad()) {
                told.remove(one.subject());
                continue;
            }
            if (told.get(one.subject()) == one.health().state()) {
                continue;
            }
            told.put(one.subject(), one.health().state());
            Notice notice = notice(one);
            notices.accept(notice);
            tasks.background("Notifying the desktop", () -> desktop.send(notice.title(), notice.text()));
        }
    }

    /** The notice of a database whose backups are not well, as the window and the desktop show it. */
    public static Notice notice(Seen seen) {
        String what = switch (seen.health().state()) {
            case FAILED -> "backup failed";
            case LATE -> "backup is late";
            case MISSED -> "backups were missed";
            default -> "backups";
        };
        String detail = seen.health().detail().strip();
        boolean ended = detail.endsWith(".") || detail.endsWith("?") || detail.endsWith("!");
        return new Notice(seen.path() + ": " + what, detail + (ended ? "" : ".") + " See its Backups section.", true);
    }
}
