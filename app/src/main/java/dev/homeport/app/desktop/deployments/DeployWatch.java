package dev.homeport.app.desktop.deployments;

import dev.homeport.app.desktop.Dialogs;
import dev.homeport.app.desktop.FxFeed;
import dev.homeport.app.desktop.Tasks;
import dev.homeport.model.Deployment;
import dev.homeport.model.DeploymentState;
import dev.homeport.ssh.deploy.DeployListener;
import dev.homeport.ssh.deploy.DeployRun;
import java.util.List;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;

/**
 * One deployment (or rollback) started from this window, as the UI follows it:
 * the steps reached, the live log (its newest lines), whether it can still be
 * cancelled, and how it ended. It outlives the dialog that shows it, so closing
 * the dialog never stops the deployment, and opening it again shows it all.
 * Everything here changes on the FX thread; the deployment's own thread only
 * posts to it.
 */
public final class DeployWatch {
    /** The newest lines kept for the dialog; the store keeps the whole log. */
    public static final int SHOWN_LINES = 5000;
    /** The steps of a release, in order. */
    public static final List<DeploymentState> STEPS = List.of(DeploymentState.QUEUED, DeploymentState.PREPARING,
            DeploymentState.STARTING, DeploymentState.HEALTH_CHECKING, DeploymentState.ROUTING, DeploymentState.LIVE);

    private final long serviceId;
    private final String path;
    private final boolean rollback;
    private final Tasks tasks;
    private final ReadOnlyObjectWrapper<Deployment> deployment = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<DeploymentState> step = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper ended = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper cancellable = new ReadOnlyBooleanWrapper(true);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper outcome = new ReadOnlyStringWrapper();
    private final ReadOnlyIntegerWrapper dropped = new ReadOnlyIntegerWrapper();
    private final ObservableList<String> log = FXCollections.observableArrayList();
    private final ObservableList<String> logView = FXCollections.unmodifiableObservableList(log);
    private final FxFeed<Object> feed = new FxFeed<>(this::apply);
    private volatile DeployRun run;
    private volatile Task<?> task;
    private boolean cancelAsked;

    /** What the deployment's thread posts, in order. */
    private record Ended(Deployment deployment, Throwable failure) {
    }

    private record CancelAnswer(boolean accepted) {
    }

    DeployWatch(long serviceId, String path, boolean rollback, String where, Tasks tasks) {
        this.serviceId = serviceId;
        this.path = path;
        this.rollback = rollback;
        this.tasks = tasks;
        status.set("Connecting to " + where + "…");
    }

    public long serviceId() {
        return serviceId;
    }

    public String path() {
        return path;
    }

    public boolean rollback() {
        return rollback;
    }

    /** The deployment as last recorded; null while connecting. */
    public ReadOnlyObjectProperty<Deployment> deploymentProperty() {
        return deployment.getReadOnlyProperty();
    }

    /** The furthest step reached, one of {@link #STEPS}; null while connecting. */
    public ReadOnlyObjectProperty<DeploymentState> stepProperty() {
        return step.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty endedProperty() {
        return ended.getReadOnlyProperty();
    }

    /** False once traffic moves (ROUTING), once a cancel was asked, and at the end. */
    public ReadOnlyBooleanProperty cancellableProperty() {
        return cancellable.getReadOnlyProperty();
    }

    /** One line on where it is: "Preparing…", "Live", "Failed". */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** At the end: the reason it failed, or what is live now. */
    public ReadOnlyStringProperty outcomeProperty() {
        return outcome.getReadOnlyProperty();
    }

    /** How many of the oldest lines no longer fit in {@link #log()}. */
    public ReadOnlyIntegerProperty droppedProperty() {
        return dropped.getReadOnlyProperty();
    }

    /** The newest {@link #SHOWN_LINES} lines of the log, secrets already masked. */
    public ObservableList<String> log() {
        return logView;
    }

    public boolean isEnded() {
        return ended.get();
    }

    /** The final state, or null while it runs. */
    public DeploymentState endState() {
        return ended.get() && deployment.get() != null ? deployment.get().state() : null;
    }

    /** Cancels it: before it has started, by cancelling the connection; after, through the pipeline, which says no once traffic moved. */
    public void cancel() {
        if (ended.get() || cancelAsked) {
            return;
        }
        cancelAsked = true;
        cancellable.set(false);
        DeployRun current = run;
        if (current == null) {
            if (task != null) {
                task.cancel();
            }
            return;
        }
        status.set("Cancelling…");
        tasks.run("Cancelling deployment #" + current.queued().id(), () -> feed.post(new CancelAnswer(current.cancel()))).start();
    }

    /** What the deployment service calls, on the deployment's own thread. */
    DeployListener listener() {
        return new DeployListener() {
            @Override
            public void state(Deployment now) {
                feed.post(now);
            }

            @Override
            public void log(String line) {
                feed.post(line);
            }
        };
    }

    void task(Task<?> running) {
        task = running;
    }

    Task<?> task() {
        return task;
    }

    /** The service accepted the deployment; any thread. */
    void started(DeployRun started) {
        run = started;
        feed.post(started.queued());
        started.finished().whenComplete((end, failure) -> feed.post(new Ended(end, failure)));
    }

    /** It never started: the node could not be reached, or the service refused. Any thread. */
    void failedToStart(Throwable failure) {
        feed.post(new Ended(null, failure));
    }

    boolean hasRun() {
        return run != null;
    }

    private void apply(List<Object> events) {
        List<String> lines = new java.util.ArrayList<>();
        for (Object event : events) {
            switch (event) {
                case String line -> lines.add(line);
                case Deployment now -> {
                    appendLines(lines);
                    recorded(now);
                }
                case Ended end -> {
                    appendLines(lines);
                    end(end);
                }
                case CancelAnswer answer -> {
                    appendLines(lines);
                    if (!answer.accepted() && !ended.get()) {
                        status.set("Too late to cancel: traffic is moving to the new release.");
                    }
                }
                default -> throw new IllegalStateException("unknown event " + event);
            }
        }
        appendLines(lines);
    }

    private void appendLines(List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        log.addAll(lines);
        lines.clear();
        int over = log.size() - SHOWN_LINES;
        if (over > 0) {
            log.remove(0, over);
            dropped.set(dropped.get() + over);
        }
    }

    private void recorded(Deployment now) {
        if (ended.get()) {
            return;
        }
        deployment.set(now);
        if (STEPS.contains(now.state()) && (step.get() == null || now.state().ordinal() > step.get().ordinal())) {
            step.set(now.state());
            status.set(switch (now.state()) {
                case QUEUED -> "Queued as deployment #" + now.id() + "…";
                case PREPARING -> "Preparing the image…";
                case STARTING -> "Starting the new container…";
                case HEALTH_CHECKING -> "Checking that it is healthy…";
                case ROUTING -> "Moving traffic to it…";
                case LIVE -> "Live";
                default -> now.state().name();
            });
        }
        if (now.state() == DeploymentState.ROUTING || now.state() == DeploymentState.LIVE) {
            cancellable.set(false);
        }
    }

    private void end(Ended end) {
        if (ended.get()) {
            return;
        }
        cancellable.set(false);
        if (end.deployment() != null) {
            deployment.set(end.deployment());
            if (end.deployment().state() == DeploymentState.LIVE) {
                step.set(DeploymentState.LIVE);
            }
        }
        Deployment last = deployment.get();
        if (end.failure() != null && (last == null || !last.state().finished() && last.state() != DeploymentState.LIVE)) {
            String why = task != null && task.isCancelled() && run == null ? "Cancelled before it started." : Dialogs.userMessage(end.failure());
            status.set(run == null ? "It did not start" : "Failed");
            outcome.set(why);
        } else if (last.state() == DeploymentState.LIVE) {
            status.set("Live");
            outcome.set("Deployment #" + last.id() + " of " + path + " is live" + (last.image() == null ? "." : ", running " + last.image()
                    + (last.imageDigest() == null ? "" : " (" + StateBadge.shortDigest(last.imageDigest()) + ")") + "."));
        } else {
            status.set(last.state() == DeploymentState.INTERRUPTED ? "Interrupted" : "Failed");
            outcome.set(last.reason() == null ? "Deployment #" + last.id() + " ended " + StateBadge.word(last.state()) + "." : last.reason());
        }
        ended.set(true);
    }
}
