package dev.homeport.app.desktop.clusters;

import atlantafx.base.theme.Styles;
import dev.homeport.app.desktop.Dialogs;
import dev.homeport.app.desktop.FxPrompts;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.app.desktop.Notice;
import dev.homeport.app.desktop.Place;
import dev.homeport.app.desktop.Tasks;
import dev.homeport.model.WorkerNode;
import dev.homeport.ssh.swarm.SwarmClusters;
import dev.homeport.ssh.transport.Prompts;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.concurrent.Task;
import javafx.stage.Window;

/**
 * Attaching a Worker Node to an environment and detaching one, the one way the app does
 * either: through {@code SwarmClusters}, as the command line does, so a second node makes the
 * environment's nodes one Docker Swarm cluster and a detached node is drained first. A change
 * to a cluster takes seconds to minutes, so a dialog follows it line by line; a detach can be
 * cancelled there. Asks on the FX thread; every store and node call runs through {@link Tasks}.
 */
public final class ClusterActions {
    /** How long a detach waits for Swarm to move the node's replicas; the command line's default too. */
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(SwarmClusters.DEFAULT_DRAIN_SECONDS);

    private final MainModel main;
    private final Supplier<Window> owner;

    public ClusterActions(MainModel main, Supplier<Window> owner) {
        this.main = main;
        this.owner = owner;
    }

    /**
     * Copies the root certificate of the CA that signs the cluster's internal names on every node, read from a node
     * in the background, and says so in a notice; or says why there is none yet.
     */
    public void copyRootCertificate(long environmentId, String environmentPath) {
        main.tasks().run("Reading the cluster's root certificate", () -> main.homeport().clusters().rootCertificate(environmentId, Prompts.NONE))
                .onSuccess(pem -> {
                    if (pem.isEmpty()) {
                        main.notices().add(new Notice("The cluster of " + environmentPath + " has no certificate authority yet",
                                "The first deploy of a service with a domain makes it.", false));
                        return;
                    }
                    javafx.scene.input.ClipboardContent content = new javafx.scene.input.ClipboardContent();
                    content.putString(pem.get());
                    javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
                    main.notices().add(new Notice("Copied the root certificate of " + environmentPath + "'s cluster",
                            "Trust it once (a browser, curl --cacert) and every node's certificate for internal names is valid.", false));
                })
                .start();
    }

    /** The environment's nodes now, and the nodes that could be attached to it. */
    private record Candidates(List<WorkerNode> attached, List<WorkerNode> others, boolean cluster) {
    }

    /**
     * Offers the nodes not attached to the environment yet, attaches the one chosen, and then
     * tells {@code ended} on the FX thread whether it worked (after a failure too, so the caller
     * shows what is there now); or takes the user to add a node. {@code why} starts the dialog's text.
     */
    public void attach(long environmentId, String environmentPath, String why, Consumer<Boolean> ended) {
        main.tasks().run("Reading the worker nodes", () -> {
                    List<WorkerNode> attached = main.homeport().nodes().attachedTo(environmentId);
                    List<Long> ids = attached.stream().map(WorkerNode::id).toList();
                    List<WorkerNode> others = main.homeport().nodes().nodes().stream().filter(node -> !ids.contains(node.id())).toList();
                    return new Candidates(attached, others, main.homeport().nodes().cluster(environmentId).isPresent());
                })
                .onSuccess(found -> AttachNodeDialog.ask(owner.get(), environmentPath, why, found.others(), found.attached(), found.cluster())
                        .ifPresent(choice -> {
                            switch (choice) {
                                case AttachNodeDialog.AddNode add -> main.go(new Place.Nodes());
                                case AttachNodeDialog.Attach attach -> attach(environmentId, environmentPath, attach, !found.attached().isEmpty(), ended);
                            }
                        }))
                .start();
    }

    private void attach(long environmentId, String environmentPath, AttachNodeDialog.Attach choice, boolean clusterChange, Consumer<Boolean> ended) {
        WorkerNode node = choice.node();
        Change change = new Change("Attaching " + node.name() + " to " + environmentPath, "Attached " + node.name(),
                "Not attached", "Connecting to the environment's nodes…",
                (prompts, progress) -> main.homeport().attach(environmentId, node, choice.advertiseAddress(), prompts, progress),
                null);
        if (clusterChange) {
            follow(change, ended);
        } else {
            quietly(change, ended);
        }
    }

    /**
     * Asks, then detaches {@code node} from the environment: a member of a cluster is drained
     * first (its replicas move to the other nodes), then leaves it; Cancel puts it back as it
     * was. Tells {@code ended} on the FX thread whether it worked, once the change has ended.
     */
    public void detach(long environmentId, String environmentPath, WorkerNode node, boolean cluster, Consumer<Boolean> ended) {
        String text = cluster
                ? "Homeport drains " + node.name() + " first: Swarm moves its replicas to the environment's other nodes (Homeport waits"
                + " up to " + DRAIN_TIMEOUT.toMinutes() + " min for that). Then " + node.name() + " leaves the cluster and the managers"
                + " are balanced again. Until it has left, Cancel makes it active again."
                : "Deploys of " + environmentPath + " no longer go to " + node.name() + ". Containers already running on it keep running.";
        if (!Dialogs.confirmDanger(owner.get(), "Detach " + node.name() + " from " + environmentPath + "?", text, "Detach")) {
            return;
        }
        Change change = new Change("Detaching " + node.name() + " from " + environmentPath, "Detached " + node.name(), "Not detached",
                cluster ? "Reading the cluster…" : "Detaching…",
                (prompts, progress) -> main.homeport().clusters().detach(environmentId, node, DRAIN_TIMEOUT, prompts, progress),
                () -> main.homeport().nodes().attachedTo(environmentId).stream().anyMatch(n -> n.id() == node.id())
                        ? node.name() + " stays attached to " + environmentPath + " and active in its cluster."
                        : node.name() + " was detached before the cancel took effect.");
        if (cluster) {
            follow(change, ended);
        } else {
            quietly(change, ended);
        }
    }

    /** The call that changes the nodes, given the prompts to ask with and where its progress lines go. */
    @FunctionalInterface
    private interface Work {
        void run(FxPrompts prompts, Consumer<String> progress) throws Exception;
    }

    /**
     * One change to an environment's nodes. {@code afterCancel} reads, after a cancelled change,
     * where it stopped; null for a change that cannot be cancelled.
     */
    private record Change(String title, String done, String failed, String firstStatus, Work work, Supplier<String> afterCancel) {
    }

    /** How a change's work ended, handed to the FX thread: a failure, or null; {@code last} is its last progress line. */
    private record Outcome(Throwable failure, String last, String afterCancel) {
    }

    /**
     * Runs the change with a dialog that shows its lines as they come. The dialog hears the end
     * from the work itself, not from its task: a cancelled task ends at once, while the work
     * still puts back what it changed.
     */
    private void follow(Change change, Consumer<Boolean> ended) {
        AtomicReference<Task<Void>> task = new AtomicReference<>();
        ClusterChangeDialog dialog = new ClusterChangeDialog(owner.get(), change.title(), change.firstStatus(),
                change.afterCancel() == null ? null : () -> {
                    if (task.get() != null) {
                        task.get().cancel();
                    }
                });
        dialog.show();
        task.set(main.tasks().<Void>reporting(change.title(), progress -> {
                    Outcome outcome = runWork(change, new FxPrompts(owner), line -> {
                        progress.accept(line);
                        Platform.runLater(() -> dialog.line(line));
                    });
                    Platform.runLater(() -> {
                        show(change, outcome, dialog);
                        ended.accept(outcome.failure() == null);
                    });
                    return null;
                })
                // The work reports its own end to the dialog, failures included.
                .onFailure(failure -> { })
                .start());
    }

    /** Runs a change that takes a moment (the environment's first node, or one of nodes without a cluster); a notice says how it ended. */
    private void quietly(Change change, Consumer<Boolean> ended) {
        main.tasks().<Void>reporting(change.title(), progress -> {
                    Outcome outcome = runWork(change, new FxPrompts(owner), progress);
                    Platform.runLater(() -> {
                        if (outcome.failure() == null) {
                            main.notices().add(new Notice(outcome.last() == null ? change.done() : outcome.last(), "", false));
                        } else {
                            Dialogs.error(owner.get(), change.failed(), outcome.failure());
                        }
                        ended.accept(outcome.failure() == null);
                    });
                    return null;
                })
                .onFailure(failure -> { })
                .start();
    }

    /** Runs the work and says how it ended; never throws, so the end always reaches the FX thread. */
    private static Outcome runWork(Change change, FxPrompts prompts, Consumer<String> progress) {
        AtomicReference<String> last = new AtomicReference<>();
        try {
            change.work().run(prompts, line -> {
                last.set(line);
                progress.accept(line);
            });
            return new Outcome(null, last.get(), null);
        } catch (Exception | Error e) {
            boolean cancelled = Thread.interrupted() || e instanceof InterruptedException || e.getCause() instanceof InterruptedException;
            return new Outcome(e, last.get(), cancelled && change.afterCancel() != null ? afterCancel(change) : null);
        }
    }

    private static String afterCancel(Change change) {
        try {
            return change.afterCancel().get();
        } catch (RuntimeException e) {
            return "Homeport could not read where it stopped: " + Dialogs.userMessage(e);
        }
    }

    /** Shows how the change ended in its dialog; a notice says it too when the dialog was closed meanwhile. */
    private void show(Change change, Outcome outcome, ClusterChangeDialog dialog) {
        String title;
        String description;
        String look;
        if (outcome.failure() == null) {
            title = change.done();
            description = outcome.last() == null ? "" : outcome.last();
            look = Styles.SUCCESS;
        } else if (outcome.afterCancel() != null) {
            title = "Cancelled";
            description = outcome.afterCancel();
            look = Styles.WARNING;
        } else {
            title = change.failed();
            description = Dialogs.userMessage(outcome.failure());
            look = Styles.DANGER;
        }
        if (!dialog.isShowing()) {
            main.notices().add(new Notice(change.title() + ": " + title, description, !Styles.SUCCESS.equals(look)));
        }
        dialog.ended(title, description, look);
    }
}
