package dev.homeport.app.desktop.services;

import atlantafx.base.theme.Styles;
import dev.homeport.app.desktop.Ui;
import dev.homeport.app.desktop.deployments.DeployWatch;
import dev.homeport.app.desktop.deployments.StateBadge;
import dev.homeport.model.Deployment;
import dev.homeport.model.Domain;
import dev.homeport.model.HealthGate;
import dev.homeport.model.Service;
import dev.homeport.model.ServiceSource;
import dev.homeport.model.WorkerNode;
import java.time.Instant;
import java.util.stream.Collectors;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.Subscription;
import org.kordamp.ikonli.feather.Feather;

/**
 * The Overview tab: how the service runs now (its live release, domains and
 * node), the actions on it, and its settings. A service whose environment has
 * no node says so, and offers to attach one, before anything fails.
 */
public final class OverviewPane {
    private final ServiceModel model;
    private final ServiceActions actions;
    private final GridPane now = new GridPane();
    private final Button deploy;
    private final Button restart;
    private final Button stop;
    private final Button start;
    private final Button rollback;
    private final Button scale;
    private final Button tunnel;
    private final Button shell;

    public OverviewPane(ServiceModel model, ServiceActions actions) {
        this.model = model;
        this.actions = actions;
        deploy = Ui.button("Deploy", Feather.UPLOAD_CLOUD, actions::deploy, Styles.ACCENT);
        deploy.setId("deploy");
        restart = Ui.button("Restart", Feather.REFRESH_CW, actions::restart);
        restart.setId("restart");
        stop = Ui.button("Stop", Feather.SQUARE, actions::stop);
        stop.setId("stop");
        start = Ui.button("Start", Feather.PLAY, actions::start);
        start.setId("start");
        rollback = Ui.button("Roll back", Feather.ROTATE_CCW, this::rollback);
        rollback.setId("rollback");
        scale = Ui.button("Scale…", Feather.COPY, this::scale);
        scale.setId("scale");
        tunnel = Ui.button("Open tunnel…", Feather.SHUFFLE, actions::openTunnel);
        tunnel.setId("open-tunnel");
        tunnel.setTooltip(new Tooltip("Forward a local port (on 127.0.0.1) to the live release's container port."));
        shell = Ui.button("Open shell", Feather.TERMINAL, actions::openShell);
        shell.setId("open-shell");
    }

    private void scale() {
        ServiceModel.Facts facts = model.factsProperty().get();
        if (facts != null) {
            actions.scale(facts.replicas());
        }
    }

    /** Builds the tab; what it follows is added to the page's subscriptions. */
    public Node build(java.util.function.Consumer<Subscription> subscriptions) {
        now.setId("service-status");
        now.setHgap(24);
        now.setVgap(10);
        HBox actionRow = new HBox(8, deploy, restart, stop, start, rollback, scale, tunnel, shell);
        actionRow.setAlignment(Pos.CENTER_LEFT);
        actionRow.setId("service-actions");
        subscriptions.accept(model.factsProperty().subscribe(facts -> show()));
        subscriptions.accept(model.watchProperty().subscribe(watch -> show()));
        GridPane settings = settings(model.service());
        return new VBox(16, actionRow, now, Ui.sectionTitle("Settings"), settings);
    }

    private void rollback() {
        ServiceModel.Facts facts = model.factsProperty().get();
        if (facts != null) {
            facts.rollbackTarget().ifPresent(actions::rollback);
        }
    }

    private void show() {
        ServiceModel.Facts facts = model.factsProperty().get();
        DeployWatch watch = model.watchProperty().get();
        now.getChildren().clear();
        if (facts == null) {
            now.addRow(0, caption("Status"), Ui.muted("Reading…"));
            disableAll();
            return;
        }
        var live = facts.live();
        boolean running = watch != null && !watch.isEnded() || facts.runningNow();
        int row = 0;
        now.addRow(row++, caption("Status"), status(facts, watch, running));
        if (live.isPresent()) {
            Deployment release = live.get().deployment();
            now.addRow(row++, caption("Live release"), value("#" + release.id() + " · " + (release.image() == null ? "built image" : release.image())
                    + (release.imageDigest() == null ? "" : " · " + StateBadge.shortDigest(release.imageDigest())), "live-release"));
        }
        now.addRow(row++, caption("Domains"), domains(facts));
        now.addRow(row, caption(facts.cluster() ? "Replicas" : "Node"), node(facts, live.map(ServiceModel.Release::node).orElse(null)));

        deploy.setText(live.isPresent() ? "Redeploy" : "Deploy");
        deploy.setTooltip(new Tooltip(live.isPresent()
                ? "Deploy again from the source: pulls or builds anew, and moves traffic once the new release is healthy."
                : "Deploy from the source to the environment's node."));
        deploy.setDisable(false);
        boolean hasLive = live.isPresent() && !running;
        restart.setDisable(!hasLive);
        stop.setDisable(!hasLive);
        start.setDisable(!hasLive);
        tunnel.setDisable(!hasLive);
        shell.setDisable(!hasLive);
        var target = facts.rollbackTarget();
        rollback.setDisable(running || live.isEmpty() || target.isEmpty());
        rollback.setText(target.map(t -> "Roll back to #" + t.deployment().id()).orElse("Roll back"));
        scale.setVisible(facts.cluster());
        scale.setManaged(facts.cluster());
        scale.setDisable(running);
    }

    private Node status(ServiceModel.Facts facts, DeployWatch watch, boolean running) {
        Instant at = facts.readAt();
        if (running) {
            Label badge = StateBadge.of(watch != null && watch.stepProperty().get() != null ? watch.stepProperty().get()
                    : facts.releases().isEmpty() ? dev.homeport.model.DeploymentState.QUEUED : facts.releases().getFirst().deployment().state());
            Label text = new Label(watch != null ? (watch.rollback() ? "Rolling back: " : "Deploying: ") + watch.statusProperty().get()
                    : "A deployment is running.");
            HBox box = new HBox(10, badge, text);
            if (watch != null) {
                Hyperlink show = new Hyperlink("Show progress");
                show.setId("show-progress");
                show.setOnAction(e -> actions.showProgress());
                box.getChildren().add(show);
            }
            box.setAlignment(Pos.CENTER_LEFT);
            box.setId("status-value");
            return box;
        }
        var live = facts.live();
        if (live.isPresent()) {
            Deployment release = live.get().deployment();
            Instant since = release.finishedAt() != null ? release.finishedAt() : release.updatedAt();
            HBox box = new HBox(10, StateBadge.of(release.state()), new Label("since " + StateBadge.ago(since, at)));
            box.setAlignment(Pos.CENTER_LEFT);
            box.setId("status-value");
            return box;
        }
        String text = facts.releases().isEmpty() ? "Not deployed" : "Not deployed (the last deployment, #"
                + facts.releases().getFirst().deployment().id() + ", is " + StateBadge.word(facts.releases().getFirst().deployment().state()) + ")";
        return value(text, "status-value");
    }

    private Node domains(ServiceModel.Facts facts) {
        if (facts.domains().isEmpty()) {
            return value(model.service().port() == null ? "none (the service has no port)" : "none yet: add them in the Domains tab", "domains-value");
        }
        FlowPane links = new FlowPane(4, 4);
        links.setId("domains-value");
        Label copied = new Label();
        copied.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        for (Domain domain : facts.domains()) {
            Hyperlink link = new Hyperlink(domain.hostname());
            link.setTooltip(new Tooltip("Copy https://" + domain.hostname()));
            link.setOnAction(e -> {
                ClipboardContent content = new ClipboardContent();
                content.putString("https://" + domain.hostname());
                javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
                copied.setText("copied");
                link.setVisited(false);
            });
            links.getChildren().add(link);
        }
        links.getChildren().add(copied);
        return links;
    }

    private Node node(ServiceModel.Facts facts, String liveNode) {
        if (facts.cluster()) {
            return value(facts.replicas() + (facts.replicas() == 1 ? " replica" : " replicas") + " on the cluster of "
                    + facts.attached().stream().map(WorkerNode::name).collect(Collectors.joining(", ")) + " (Swarm places them)", "node-value");
        }
        if (liveNode != null) {
            return value(liveNode, "node-value");
        }
        if (facts.attached().isEmpty()) {
            Label missing = new Label("No Worker Node is attached to this environment.", Ui.icon(Feather.ALERT_TRIANGLE));
            missing.getStyleClass().add(Styles.WARNING);
            Button attach = Ui.button("Attach a node…", Feather.LINK, () -> actions.attachNode(
                    "Deploying " + model.service().name() + " needs a node in its environment.", () -> { }), Styles.SMALL);
            attach.setId("attach-node");
            HBox box = new HBox(10, missing, attach);
            box.setAlignment(Pos.CENTER_LEFT);
            box.setId("node-value");
            return box;
        }
        if (facts.attached().size() == 1) {
            return value(facts.attached().getFirst().name() + " (deploys go there)", "node-value");
        }
        return value(facts.attached().stream().map(WorkerNode::name).collect(Collectors.joining(", "))
                + " (you choose when you deploy)", "node-value");
    }

    private void disableAll() {
        for (Button button : new Button[] {deploy, restart, stop, start, rollback, scale, tunnel, shell}) {
            button.setDisable(true);
        }
    }

    private static GridPane settings(Service service) {
        GridPane grid = new GridPane();
        grid.setHgap(24);
        grid.setVgap(10);
        int row = 0;
        row = fact(grid, row, "Kind", switch (service.kind()) {
            case IMAGE -> "Image, pulled on the node";
            case GIT -> "Git repository, built on the node";
            case FOLDER -> "Local folder, streamed to the node and built there";
        });
        switch (service.source()) {
            case ServiceSource.Image image -> row = fact(grid, row, "Image", image.image());
            case ServiceSource.Git git -> {
                row = fact(grid, row, "Repository", git.url());
                row = fact(grid, row, "Ref", git.ref());
                row = fact(grid, row, "Dockerfile", git.dockerfile() + " in " + git.context());
            }
            case ServiceSource.Folder folder -> {
                row = fact(grid, row, "Folder", folder.path());
                row = fact(grid, row, "Dockerfile", folder.dockerfile());
            }
        }
        var options = service.options();
        row = fact(grid, row, "Container port", service.port() == null ? "none (not reachable over HTTP)" : service.port().toString());
        row = fact(grid, row, "Health check", HealthText.describe(service) + " (waits up to " + options.healthTimeoutSeconds() + " s)");
        row = fact(grid, row, "Restart policy", options.restart().dockerName());
        row = fact(grid, row, "Volumes", options.volumes().isEmpty() ? "none"
                : options.volumes().stream().map(Object::toString).collect(Collectors.joining("\n")));
        row = fact(grid, row, "CPUs", service.cpuLimit() == null ? "unlimited" : service.cpuLimit().toString());
        row = fact(grid, row, "Memory", service.memoryLimitMb() == null ? "unlimited" : service.memoryLimitMb() + " MB");
        // Two database servers must never open one data folder: a database's old release stops before the new one starts.
        fact(grid, row, "Releases", "keeps " + options.keepReleases() + " for rollback; " + (service.healthGate() == HealthGate.DATABASE
                ? "the old one stops before the new one starts on the same data" : "the old one drains for " + options.drainSeconds() + " s"));
        grid.setId("service-overview");
        return grid;
    }

    private static int fact(GridPane grid, int row, String label, String value) {
        grid.add(caption(label), 0, row);
        Label text = new Label(value);
        text.setWrapText(true);
        grid.add(text, 1, row);
        return row + 1;
    }

    private static Label caption(String text) {
        Label caption = new Label(text);
        caption.getStyleClass().add(Styles.TEXT_MUTED);
        caption.setMinWidth(110);
        return caption;
    }

    private static Label value(String text, String id) {
        Label label = new Label(text);
        label.setWrapText(true);
        label.setId(id);
        return label;
    }
}
