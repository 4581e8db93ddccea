package dev.homeport.app.desktop.deployments;

import dev.homeport.app.Homeport;
import dev.homeport.app.desktop.Notice;
import dev.homeport.app.desktop.SystemNotifier;
import dev.homeport.app.desktop.Tasks;
import dev.homeport.model.WorkerNode;
import dev.homeport.ssh.deploy.CrashWatch;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * While the app runs, the live releases' containers on every saved node are watched for crashes after they went
 * LIVE ({@link CrashWatch}, through Docker's events): a crash loop, or a container that stopped without being asked,
 * raises a notice in the window and a desktop notification. The release's history records the crash loop; its
 * Metrics tab offers the rollback. What makes a crash loop is read from the store's settings at each unasked exit, so
 * a change in Settings → Alerts (or {@code homeport settings alerts set}) applies without a restart. FX thread, but for
 * the watch's own threads.
 */
public final class CrashAlerts implements AutoCloseable {
    private final Homeport homeport;
    private final Tasks tasks;
    private final Consumer<Notice> notices;
    private final SystemNotifier desktop = new SystemNotifier();
    private final Map<String, WorkerNode> watched = new HashMap<>();
    private CrashWatch watch;
    private boolean closed;
    private final javafx.beans.property.ReadOnlyLongWrapper crashedService = new javafx.beans.property.ReadOnlyLongWrapper(-1);

    public CrashAlerts(Homeport homeport, Tasks tasks, Consumer<Notice> notices) {
        this.homeport = homeport;
        this.tasks = tasks;
        this.notices = notices;
    }

    /** Starts watching every saved node; call once, on the FX thread, when the main window is up. */
    public void start() {
        tasks.run("Reading worker nodes", () -> homeport.nodes().nodes()).onSuccess(this::sync).start();
    }

    /** Watches the nodes in {@code nodes} and stops watching the others. FX thread. */
    public void sync(List<WorkerNode> nodes) {
        if (closed || (watch == null && nodes.isEmpty())) {
            return; // no SSH client until there is a node to watch
        }
        if (watch == null) {
            watch = new CrashWatch(homeport.inventory(), homeport.deployments(), homeport.nodeService(), homeport.nodeClients(),
                    homeport.watchSettings()::crashLoop, crash -> Platform.runLater(() -> tell(crash)));
        }
        Map<String, WorkerNode> now = new HashMap<>();
        nodes.forEach(node -> now.put(node.name(), node));
        for (String gone : List.copyOf(watched.keySet())) {
            if (!now.containsKey(gone)) {
                watched.remove(gone);
                watch.unwatch(gone);
            }
        }
        now.forEach((name, node) -> {
            if (!node.equals(watched.get(name))) {
                watched.put(name, node);
                watch.watch(node);
            }
        });
    }

    /** The notice of a crash, as the window and the desktop show it. */
    public static Notice notice(CrashWatch.Crash crash) {
        return switch (crash.kind()) {
            case CRASH_LOOP -> new Notice(crash.path() + " is crash-looping", crash.note() + " (release #" + crash.deploymentId()
                    + ", on " + crash.node() + "). Its Metrics tab offers a rollback.", true);
            case DOWN -> new Notice(crash.path() + " is down", crash.note() + " (release #" + crash.deploymentId() + ", on "
                    + crash.node() + "). Start it again, or roll back, from its page.", true);
        };
    }

    /**
     * The service whose release crashed last (its id), set after the crash is recorded: pages of that service read
     * its history again. FX thread.
     */
    public javafx.beans.property.ReadOnlyLongProperty crashedServiceProperty() {
        return crashedService.getReadOnlyProperty();
    }

    private void tell(CrashWatch.Crash crash) {
        if (closed) {
            return;
        }
        // The watch writes the release's history right after it tells; read it again a moment later.
        javafx.animation.PauseTransition recorded = new javafx.animation.PauseTransition(javafx.util.Duration.millis(500));
        recorded.setOnFinished(e -> {
            crashedService.set(-1);
            crashedService.set(crash.serviceId());
        });
        recorded.play();
        Notice notice = notice(crash);
        notices.accept(notice);
        tasks.background("Notifying the desktop", () -> desktop.send(notice.title(), notice.text()));
    }

    @Override
    public void close() {
        closed = true;
        if (watch != null) {
            watch.close();
        }
    }
}
