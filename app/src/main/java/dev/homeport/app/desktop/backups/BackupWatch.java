package dev.homeport.app.desktop.backups;

import dev.homeport.app.Homeport;
import dev.homeport.app.desktop.Notice;
import dev.homeport.app.desktop.Poller;
import dev.homeport.app.desktop.SystemNotifier;
import dev.homeport.app.desktop.Tasks;
import dev.homeport.model.inventory.Level;
import dev.homeport.model.inventory.Ref;
import dev.homeport.ssh.backup.BackupHealth;
import dev.homeport.ssh.backup.BackupService;
import dev.homeport.ssh.backup.BackupSubject;
import dev.homeport.ssh.backup.ScratchRestore;
import dev.homeport.ssh.backup.Verification;
import dev.homeport.ssh.transport.Prompts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * While the app runs, every database and named volume with a backup schedule is looked at when the app opens and every
 * {@link #PERIOD}: its node's records say how its backups stand, and its new backups are pulled to this
 * machine (into the data folder's {@code database-backups}), and its newest backup, when it was never
 * checked, is verified: restored into a scratch copy beside the database and compared table by table with
 * what the backup recorded (the mark stays beside it on the node). A failed, late or missed backup, and
 * one that did not restore, raise a notice in the window and a desktop notification, once for each state
 * a database enters.
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
    /** The failed checks already told, as "serviceId stamp"; FX thread. */
    private final java.util.Set<String> toldChecks = new java.util.HashSet<>();

    public BackupWatch(Homeport homeport, Tasks tasks, Poller poller, Consumer<Notice> notices) {
        this.homeport = homeport;
        this.tasks = tasks;
        this.notices = notices;
        this.polling = poller.polling("database backups");
    }

    /**
     * One database as a round saw it: how its backups stand, or why they could not be read; and the check
     * of its newest backup when this round made one (else null).
     */
    public record Seen(BackupSubject subject, String path, BackupHealth health, int pulled, String problem, ScratchRestore.Outcome checked) {
        public long serviceId() {
            return subject.serviceId();
        }
    }

    /** Starts the watch (first at once); the poller's close stops it. FX thread. */
    public void start() {
        polling.start(answers -> {
            List<Seen> seen = round();
            answers.show(() -> tell(seen));
            return PERIOD;
        });
    }

    /** Reads every scheduled database's backups and pulls its new ones; blocking. */
    List<Seen> round() {
        BackupService backups = homeport.backupService();
        byte[] identity = (backups.key().identity() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        List<Seen> seen = new ArrayList<>();
        for (BackupSubject subject : backups.scheduledSubjects()) {
            long id = subject.serviceId();
            String path = homeport.inventory().pathOf(new Ref(Level.SERVICE, id)) + subject.suffix();
            try {
                BackupService.Report report = backups.report(subject, Prompts.NONE);
                int pulled = 0;
                String problem = null;
                try {
                    pulled = backups.pull(subject, homeport.databaseBackupFolder(), Prompts.NONE).size();
                } catch (RuntimeException e) {
                    problem = "its new backups could not be copied here: " + e.getMessage();
                }
                // A database's newest backup is proven by a scratch restore; a volume's restore is asked for (homeport backup restore).
                seen.add(new Seen(subject, path, report.health(), pulled, problem, subject.isVolume() ? null : verifyNewest(id, identity)));
            } catch (RuntimeException e) {
                seen.add(new Seen(subject, path, null, 0, e.getMessage(), null));
            }
        }
        return seen;
    }

    /** The check of the database's newest backup if it was never checked; a check that could not run is one that failed. */
    private ScratchRestore.Outcome verifyNewest(long serviceId, byte[] identity) {
        try {
            return homeport.restores().verifyNewest(serviceId, identity, Prompts.NONE).orElse(null);
        } catch (RuntimeException e) {
            return new ScratchRestore.Outcome("newest", Verification.failed(e.getMessage()), null);
        }
    }

    private void tell(List<Seen> seen) {
        for (Seen one : seen) {
            if (one.checked() != null && !one.checked().verification().passed() && toldChecks.add(one.serviceId() + " " + one.checked().stamp())) {
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
