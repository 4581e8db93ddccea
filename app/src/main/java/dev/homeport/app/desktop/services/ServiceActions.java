package dev.homeport.app.desktop.services;

import dev.homeport.app.desktop.Dialogs;
import dev.homeport.app.desktop.FxPrompts;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.app.desktop.Notice;
import dev.homeport.app.desktop.clusters.ClusterActions;
import dev.homeport.app.desktop.deployments.DeployDialog;
import dev.homeport.app.desktop.deployments.DeployWatch;
import dev.homeport.app.desktop.deployments.StateBadge;
import dev.homeport.app.desktop.terminal.TerminalWindow;
import dev.homeport.app.desktop.tunnels.TunnelDialog;
import dev.homeport.model.Deployment;
import dev.homeport.model.WorkerNode;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.scene.control.ChoiceDialog;
import javafx.stage.Window;

/**
 * What the operator does to a service from its page: deploy (first finding the
 * node, and offering to attach one when its environment has none), roll back,
 * restart, stop and start. Asks on the FX thread; every store and node call runs
 * in the background.
 */
public final class ServiceActions {
    private final ServiceModel model;
    private final Supplier<Window> owner;

    public ServiceActions(ServiceModel model, Supplier<Window> owner) {
        this.model = model;
        this.owner = owner;
    }

    private MainModel main() {
        return model.main();
    }

    private String environmentPath() {
        return model.path().substring(0, model.path().lastIndexOf('/'));
    }

    /** Where a deployment would go: the environment's cluster, the node of the live release, else the environment's nodes. */
    private record Target(boolean cluster, Optional<Deployment> live, List<WorkerNode> attached) {
    }

    /** Deploys the service from its source; shows the running deployment instead when there is one. */
    public void deploy() {
        Optional<DeployWatch> running = main().deploys().running(model.service().id());
        if (running.isPresent()) {
            DeployDialog.show(running.get(), owner.get());
            return;
        }
        long serviceId = model.service().id();
        long environmentId = model.service().environmentId();
        main().tasks().run("Finding the node for " + model.path(), () -> new Target(main().homeport().nodes().cluster(environmentId).isPresent(),
                        main().homeport().deployments().live(serviceId), main().homeport().nodes().attachedTo(environmentId)))
                .onSuccess(target -> {
                    if (target.cluster() || target.live().isPresent() && target.live().get().nodeId() != null) {
                        start(null);
                    } else if (target.attached().isEmpty()) {
                        attachNode("The environment " + environmentPath() + " has no Worker Node yet, so there is nowhere to deploy "
                                + model.service().name() + ".", () -> start(null));
                    } else if (target.attached().size() == 1) {
                        start(target.attached().getFirst().name());
                    } else {
                        askNode(target.attached()).ifPresent(this::start);
                    }
                })
                .start();
    }

    private Optional<String> askNode(List<WorkerNode> attached) {
        List<String> names = attached.stream().map(WorkerNode::name).toList();
        ChoiceDialog<String> dialog = new ChoiceDialog<>(names.getFirst(), names);
        dialog.initOwner(owner.get());
        dialog.setTitle("Deploy " + model.service().name());
        dialog.setHeaderText("Deploy " + model.path() + " to which node?");
        dialog.setContentText("The environment has " + names.size() + " nodes:");
        dialog.getDialogPane().setId("choose-node-dialog");
        return dialog.showAndWait();
    }

    private void start(String nodeName) {
        DeployWatch watch = main().deploys().deploy(model.service().id(), model.path(), nodeName, owner);
        DeployDialog.show(watch, owner.get());
    }

    /** Shows the dialog of this service's running (or last) deployment. */
    public void showProgress() {
        DeployWatch watch = model.watchProperty().get();
        if (watch != null) {
            DeployDialog.show(watch, owner.get());
        }
    }

    /**
     * Offers the nodes not attached to the service's environment yet, attaches the one chosen
     * (the one way the app attaches, as the environment's page does), and then runs {@code then}
     * if that worked; or takes the user to add a node.
     */
    public void attachNode(String why, Runnable then) {
        new ClusterActions(main(), owner).attach(model.service().environmentId(), environmentPath(), why, worked -> {
            model.reload();
            if (worked) {
                then.run();
            }
        });
    }

    /** Asks, then runs {@code target} (an earlier release) again through the health check. */
    public void rollback(ServiceModel.Release target) {
        Deployment to = target.deployment();
        Optional<ServiceModel.Release> live = Optional.ofNullable(model.factsProperty().get()).flatMap(ServiceModel.Facts::live);
        String text = "Homeport runs deployment #" + to.id() + " again on " + target.node() + ": its image " + to.image()
                + " (" + StateBadge.shortDigest(to.imageDigest()) + "), with the settings and variables it had then, and the service's "
                + "domains as they are now. It goes through the health check first"
                + live.map(l -> "; #" + l.deployment().id() + " keeps serving until traffic moves.").orElse(".");
        if (!Dialogs.confirmDanger(owner.get(), "Roll " + model.service().name() + " back to #" + to.id() + "?", text, "Roll back")) {
            return;
        }
        if (main().deploys().running(model.service().id()).isPresent()) {
            showProgress();
            return;
        }
        DeployWatch watch = main().deploys().rollback(model.service().id(), model.path(), to, target.node(), owner);
        DeployDialog.show(watch, owner.get());
    }

    /** Opens a tunnel to the live release's container port, in a dialog of its own. */
    public void openTunnel() {
        TunnelDialog.forService(main(), model.service(), model.path(), owner.get());
    }

    /** Opens a shell in the live release's container (on a cluster, in a replica the operator picks), in the terminal window. */
    public void openShell() {
        TerminalWindow.openService(main(), model.service(), model.path(), owner.get());
    }

    public void restart() {
        containerAction("Restarting", "restarted", prompts -> main().homeport().deployService().restart(model.service().id(), prompts));
    }

    public void stop() {
        if (Dialogs.confirmDanger(owner.get(), "Stop " + model.service().name() + "?",
                "The live release stops (on a cluster, every replica). Requests to " + model.path() + " fail until you start it again "
                        + "(or deploy). Its route and its data stay.", "Stop")) {
            containerAction("Stopping", "stopped", prompts -> main().homeport().deployService().stop(model.service().id(), prompts));
        }
    }

    public void start() {
        containerAction("Starting", "started", prompts -> main().homeport().deployService().start(model.service().id(), prompts));
    }

    /**
     * Asks how many replicas the service should run on its cluster, then runs that many of the live
     * release (and keeps the number for later releases), in the background.
     */
    public void scale(int current) {
        javafx.scene.control.TextInputDialog dialog = new javafx.scene.control.TextInputDialog(Integer.toString(current));
        dialog.initOwner(owner.get());
        dialog.setTitle("Scale " + model.service().name());
        dialog.setHeaderText("How many replicas of " + model.path() + " should run on the cluster?");
        dialog.setContentText("Replicas (1 to " + dev.homeport.model.DeployOptions.MAX_REPLICAS + "):");
        dialog.getDialogPane().setId("scale-dialog");
        dialog.showAndWait().map(String::strip).ifPresent(text -> {
            int replicas;
            try {
                replicas = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                Dialogs.error(owner.get(), "Scaling " + model.service().name() + " did not work",
                        new dev.homeport.model.ValidationException("Replicas", "must be a whole number, got '" + text + "'"));
                return;
            }
            main().tasks().run("Scaling " + model.path(), () -> main().homeport().deployService().scale(model.service().id(), replicas,
                            new FxPrompts(owner)))
                    .onSuccess(said -> {
                        main().notices().add(new Notice(model.path() + " scaled", said, false));
                        model.reload();
                    })
                    .onFailure(failure -> Dialogs.error(owner.get(), "Scaling " + model.service().name() + " did not work", failure))
                    .start();
        });
    }

    private void containerAction(String doing, String done, java.util.function.Consumer<FxPrompts> action) {
        main().tasks().run(doing + " " + model.path(), () -> action.accept(new FxPrompts(owner)))
                .onSuccess(ok -> main().notices().add(new Notice(model.path() + " " + done, "", false)))
                .onFailure(failure -> Dialogs.error(owner.get(), doing + " " + model.service().name() + " did not work", failure))
                .start();
    }
}
