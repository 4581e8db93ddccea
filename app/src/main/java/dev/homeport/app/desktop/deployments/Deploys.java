package dev.homeport.app.desktop.deployments;

import dev.homeport.app.Homeport;
import dev.homeport.app.desktop.Dialogs;
import dev.homeport.app.desktop.FxPrompts;
import dev.homeport.app.desktop.Notice;
import dev.homeport.app.desktop.Tasks;
import dev.homeport.model.Deployment;
import dev.homeport.model.DeploymentState;
import dev.homeport.model.inventory.Level;
import dev.homeport.model.inventory.Ref;
import dev.homeport.ssh.deploy.DeployRun;
import dev.homeport.ssh.deploy.DeployService;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;
import javafx.stage.Window;

/**
 * The deployments this window started, by service: each one's {@link DeployWatch}
 * stays here after its dialog closes, so a service page opened later shows it
 * running (or how it ended). Says in a notice how each one ended, and settles
 * deployments a stopped Homeport left in progress.
 */
public final class Deploys {
    private final Homeport homeport;
    private final Tasks tasks;
    private final ObservableList<Notice> notices;
    private final ObservableMap<Long, DeployWatch> latest = FXCollections.observableHashMap();
    private final ObservableMap<Long, DeployWatch> latestView = FXCollections.unmodifiableObservableMap(latest);
    private final ReadOnlyIntegerWrapper settled = new ReadOnlyIntegerWrapper();

    public Deploys(Homeport homeport, Tasks tasks, ObservableList<Notice> notices) {
        this.homeport = homeport;
        this.tasks = tasks;
        this.notices = notices;
    }

    /** Each service's newest deployment started in this window; changes on the FX thread. */
    public ObservableMap<Long, DeployWatch> latest() {
        return latestView;
    }

    /** Goes up each time deployments left in progress were settled, so pages that show them read them again. */
    public ReadOnlyIntegerProperty settledProperty() {
        return settled.getReadOnlyProperty();
    }

    /** The paths of the services deploying now. */
    public List<String> runningPaths() {
        return latest.values().stream().filter(watch -> !watch.isEnded()).map(DeployWatch::path).sorted().toList();
    }

    /** The service's deployment still running, if this window started one. */
    public Optional<DeployWatch> running(long serviceId) {
        return Optional.ofNullable(latest.get(serviceId)).filter(watch -> !watch.isEnded());
    }

    /**
     * Deploys the service from its source to {@code nodeName} (null: where it runs now, or its
     * environment's only node). Returns at once; the watch follows it. FX thread.
     */
    public DeployWatch deploy(long serviceId, String path, String nodeName, Supplier<Window> owner) {
        DeployWatch watch = new DeployWatch(serviceId, path, false, nodeName == null ? "the node" : nodeName, tasks);
        start(watch, "Deploying " + path,
                () -> homeport.deployService().deploy(serviceId, nodeName, new FxPrompts(owner), watch.listener()));
        return watch;
    }

    /** Runs an earlier release of the service again; {@code target} is the deployment to go back to. FX thread. */
    public DeployWatch rollback(long serviceId, String path, Deployment target, String nodeName, Supplier<Window> owner) {
        DeployWatch watch = new DeployWatch(serviceId, path, true, nodeName == null ? "the node" : nodeName, tasks);
        start(watch, "Rolling " + path + " back to #" + target.id(),
                () -> homeport.deployService().rollback(serviceId, target.id(), new FxPrompts(owner), watch.listener()));
        return watch;
    }

    /**
     * One background task lasts the whole deployment, so the status bar shows it and its
     * Cancel works: while connecting it stops the connection, later it asks the pipeline.
     */
    private void start(DeployWatch watch, String title, java.util.concurrent.Callable<DeployRun> begin) {
        if (running(watch.serviceId()).isPresent()) {
            throw new IllegalStateException(watch.path() + " is deploying already");
        }
        latest.put(watch.serviceId(), watch);
        watch.endedProperty().subscribe(ended -> {
            if (ended) {
                notices.add(notice(watch));
            }
        });
        watch.task(tasks.run(title, () -> {
                    DeployRun run = begin.call();
                    watch.started(run);
                    if (watch.task() != null && watch.task().isCancelled()) {
                        // Cancelled while connecting, but the connection finished anyway: stop it at once.
                        run.cancel();
                    }
                    try {
                        return run.await();
                    } catch (InterruptedException cancelled) {
                        // Cancel in the status bar: ask the pipeline; the watch follows the rest.
                        run.cancel();
                        return null;
                    }
                })
                .onFailure(failure -> {
                    if (!watch.hasRun()) {
                        watch.failedToStart(failure);
                    }
                })
                .andFinally(() -> {
                    if (!watch.hasRun() && watch.task().isCancelled()) {
                        watch.failedToStart(new java.util.concurrent.CancellationException("cancelled"));
                    }
                })
                .start());
    }

    private static Notice notice(DeployWatch watch) {
        Deployment end = watch.deploymentProperty().get();
        String what = (watch.rollback() ? "Rollback" : "Deployment") + (end == null ? "" : " #" + end.id()) + " of " + watch.path();
        if (watch.endState() == DeploymentState.LIVE) {
            return new Notice(what + " is live", "", false);
        }
        String reason = watch.outcomeProperty().get();
        return new Notice(what + (end == null ? " did not start" : " " + StateBadge.word(end.state())),
                reason == null ? "" : shorten(reason), true);
    }

    private static String shorten(String text) {
        return text.length() <= 240 ? text : text.substring(0, 239) + "…";
    }

    /**
     * Settles the deployments a stopped Homeport left in progress, by what their nodes show,
     * and says in a notice what became of each. Runs in the background; FX thread.
     */
    public void reconcile(Window owner) {
        tasks.run("Checking deployments left in progress", () -> {
                    if (homeport.deployments().inProgress().isEmpty()) {
                        return List.<Notice>of();
                    }
                    List<Notice> found = new ArrayList<>();
                    for (DeployService.Reconciled settled : homeport.deployService().reconcile(new FxPrompts(owner))) {
                        found.add(describe(settled, pathOf(settled.deployment().serviceId())));
                    }
                    return found;
                })
                .onSuccess(found -> {
                    notices.addAll(found);
                    if (!found.isEmpty()) {
                        settled.set(settled.get() + 1);
                    }
                })
                .onFailure(failure -> notices.add(new Notice("Deployments left in progress could not be checked",
                        Dialogs.userMessage(failure), true)))
                .start();
    }

    private String pathOf(long serviceId) {
        try {
            return homeport.inventory().pathOf(new Ref(Level.SERVICE, serviceId)).toString();
        } catch (RuntimeException e) {
            return "service #" + serviceId;
        }
    }

    static Notice describe(DeployService.Reconciled settled, String path) {
        long id = settled.deployment().id();
        if (settled.now() == DeploymentState.LIVE) {
            return new Notice("Deployment #" + id + " of " + path + " is live",
                    "Homeport stopped while it was routing; the node shows " + settled.reason() + ".", false);
        }
        return new Notice("Deployment #" + id + " of " + path + " was interrupted when Homeport stopped",
                "It was " + StateBadge.word(settled.deployment().state()) + ". " + shorten(settled.reason()), true);
    }
}
