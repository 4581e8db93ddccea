package dev.homeport.app.desktop.storebackup;

import dev.homeport.app.Homeport;
import dev.homeport.app.desktop.Notice;
import dev.homeport.app.desktop.Poller;
import dev.homeport.app.desktop.SystemNotifier;
import dev.homeport.app.desktop.Tasks;
import dev.homeport.model.store.StoreBackups;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * While the app runs: every quarter of an hour, runs the store backup the schedule says is due (in the poller's
 * background thread, never on the FX thread). A failed backup is loud: a notice in the window and a desktop
 * notification, not only a log line. The last run is kept for Settings → Homeport's data.
 */
public final class ScheduledBackups {
    static final Duration CHECK = Duration.ofMinutes(15);
    private final Homeport homeport;
    private final Tasks tasks;
    private final Consumer<Notice> notices;
    private final Poller.Polling polling;
    private final SystemNotifier desktop = new SystemNotifier();
    private final ReadOnlyObjectWrapper<StoreBackups.Run> last = new ReadOnlyObjectWrapper<>();

    public ScheduledBackups(Homeport homeport, Tasks tasks, Poller poller, Consumer<Notice> notices) {
        this.homeport = homeport;
        this.tasks = tasks;
        this.notices = notices;
        this.polling = poller.polling("scheduled store backups");
    }

    /** Starts checking, the first time at once. FX thread. */
    public void start() {
        polling.start(answers -> {
            Optional<StoreBackups.Run> ran = homeport.storeBackups().runIfDue(Instant.now());
            Optional<StoreBackups.Run> newest = ran.isPresent() ? ran : homeport.storeBackups().last();
            answers.show(() -> {
                newest.ifPresent(last::set);
                ran.filter(run -> !run.ok()).ifPresent(this::announce);
            });
            return CHECK;
        });
    }

    /** The newest backup run, scheduled or by hand; null before any. Updated on the FX thread. */
    public ReadOnlyObjectProperty<StoreBackups.Run> lastRun() {
        return last.getReadOnlyProperty();
    }

    /** A run made elsewhere (Back up now…) is the newest. FX thread. */
    public void ran(StoreBackups.Run run) {
        last.set(run);
        if (!run.ok()) {
            announce(run);
        }
    }

    private void announce(StoreBackups.Run run) {
        Notice notice = new Notice("The backup of Homeport's data failed", run.message(), true);
        notices.accept(notice);
        tasks.background("Notifying the desktop", () -> desktop.send(notice.title(), notice.text()));
    }
}
