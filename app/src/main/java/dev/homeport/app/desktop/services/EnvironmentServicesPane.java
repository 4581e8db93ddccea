package dev.homeport.app.desktop.services;

import atlantafx.base.theme.Styles;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.app.desktop.Place;
import dev.homeport.app.desktop.Poller;
import dev.homeport.app.desktop.Ui;
import dev.homeport.app.desktop.deployments.DeployWatch;
import dev.homeport.app.desktop.deployments.StateBadge;
import dev.homeport.model.Deployment;
import dev.homeport.model.DeploymentState;
import dev.homeport.model.Domain;
import dev.homeport.model.Service;
import dev.homeport.model.inventory.Level;
import dev.homeport.model.inventory.Ref;
import dev.homeport.ssh.deploy.ReplicaState;
import dev.homeport.ssh.transport.Prompts;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;

/**
 * The Services section of an environment's page, where the environment is run from: one row per service with its
 * state (deploying, live, stopped, failed, not deployed), its live release (number, when, what it runs, where), its
 * health, its domains (a click opens them in the browser) and Deploy, Logs and Open. Each row follows its service as
 * the service page does, through a {@link ServiceModel} (the store's history, read again as deployments move); the
 * health is the live release's containers as Docker reports them, read in the background every 20 s while the page is
 * on screen.
 */
public final class EnvironmentServicesPane {
    private static final Duration CHECK_EVERY = Duration.ofSeconds(20);
    private static final String[] HEADINGS = {"Service", "State", "Live release", "Health", "Domains", ""};
    /** Each column's preferred width; the release, health and domains columns give way first on a narrow window. */
    private static final double[] WIDTHS = {130, 110, 190, 170, 170, 250};

    /** What a health round found for one service: its containers, or why they could not be read. */
    record Health(List<ReplicaState> containers, String problem, Instant at) {
        /** "running", "2 of 3 running", "stopped", or why it is unknown. */
        String describe() {
            if (problem != null) {
                return "cannot check: " + problem;
            }
            if (containers.isEmpty()) {
                return "no container of the live release";
            }
            long running = containers.stream().filter(ReplicaState::running).count();
            int restarts = containers.stream().mapToInt(ReplicaState::restarts).sum();
            String state = running == containers.size() ? (containers.size() == 1 ? "running" : "all " + running + " running")
                    : running == 0 ? "stopped" : running + " of " + containers.size() + " running";
            return state + (restarts == 0 ? "" : ", " + restarts + (restarts == 1 ? " restart" : " restarts"));
        }

        boolean stopped() {
            return problem == null && !containers.isEmpty() && containers.stream().noneMatch(ReplicaState::running);
        }

        boolean healthy() {
            return problem == null && !containers.isEmpty() && containers.stream().allMatch(ReplicaState::running);
        }
    }

    private final MainModel main;
    private final String environmentPath;
    private final List<Service> services;
    private final Supplier<Window> owner;
    private final Map<Long, Row> rows = new LinkedHashMap<>();
    private final Map<Long, Health> health = new HashMap<>();
    private final Poller.Polling polling;
    private final GridPane grid = new GridPane();

    public EnvironmentServicesPane(MainModel main, String environmentPath, List<Service> services, Supplier<Window> owner) {
        this.main = main;
        this.environmentPath = environmentPath;
        this.services = services;
        this.owner = owner;
        this.polling = main.poller().polling("services of " + environmentPath);
    }

    /** One service's row: its model (what the service page follows) and its actions. */
    private final class Row {
        final ServiceModel model;
        final ServiceActions actions;
        final int index;
        Long liveShown;
        boolean read;
        /** The row's buttons, kept across refreshes (a click must not find them replaced), and whether they are a live service's. */
        Node actionsCell;
        Boolean actionsForLive;

        Row(Service service, int index) {
            this.model = new ServiceModel(main, service, environmentPath + "/" + service.name());
            this.actions = new ServiceActions(model, owner);
            this.index = index;
        }
    }

    /** Builds the section; it follows the services until it leaves the screen. */
    public Node build() {
        grid.setId("environment-services");
        grid.getStyleClass().add("environment-services");
        grid.setHgap(12);
        grid.setVgap(0);
        for (int c = 0; c < HEADINGS.length; c++) {
            ColumnConstraints column = new ColumnConstraints();
            column.setPrefWidth(WIDTHS[c]);
            boolean flexible = c >= 2 && c <= 4;
            column.setMinWidth(flexible ? WIDTHS[c] * 0.6 : WIDTHS[c]);
            column.setHgrow(flexible ? Priority.ALWAYS : Priority.NEVER);
            grid.getColumnConstraints().add(column);
            Label heading = new Label(HEADINGS[c]);
            heading.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL, Styles.TEXT_BOLD);
            heading.setPadding(new Insets(0, 0, 6, 0));
            grid.add(heading, c, 0);
        }
        int index = 1;
        for (Service service : services) {
            Row row = new Row(service, index++);
            rows.put(service.id(), row);
            row.model.factsProperty().subscribe(facts -> {
                show(row);
                // Another release went live (or none is): its containers are checked again at once.
                Long live = facts == null ? null : facts.live().map(r -> r.deployment().id()).orElse(null);
                if (facts != null && !java.util.Objects.equals(live, row.liveShown)) {
                    boolean first = row.liveShown == null && !row.read;
                    row.liveShown = live;
                    row.read = true;
                    if (!first && grid.getScene() != null) {
                        startChecking();
                    }
                }
            });
            row.model.watchProperty().subscribe(watch -> show(row));
        }
        grid.sceneProperty().addListener((obs, old, now) -> {
            if (now == null) {
                stop();
            }
        });
        rows.values().forEach(r -> r.model.open());
        startChecking();
        VBox box = new VBox(6, grid);
        box.setId("environment-services-box");
        return box;
    }

    /** Stops following; the page leaves the screen. */
    private void stop() {
        polling.stop();
        rows.values().forEach(r -> r.model.close());
    }

    private void startChecking() {
        List<Long> ids = List.copyOf(rows.keySet());
        polling.start(answers -> {
            for (long id : ids) {
                Health found;
                try {
                    found = new Health(main.homeport().deployService().containers(id, Prompts.NONE), null, Instant.now());
                } catch (RuntimeException e) {
                    found = new Health(List.of(), oneLine(e), Instant.now());
                }
                Health result = found;
                answers.show(() -> {
                    health.put(id, result);
                    Row row = rows.get(id);
                    if (row != null) {
                        show(row);
                    }
                });
            }
            return CHECK_EVERY;
        });
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    /** Shows one row again from what its model and the last health round know. */
    private void show(Row row) {
        grid.getChildren().removeIf(node -> Integer.valueOf(row.index).equals(GridPane.getRowIndex(node)) && node != row.actionsCell);
        Service service = row.model.service();
        ServiceModel.Facts facts = row.model.factsProperty().get();
        DeployWatch watch = row.model.watchProperty().get();
        String key = service.name();
        Hyperlink name = new Hyperlink(service.name());
        name.setId("env-service-" + key);
        name.getStyleClass().add(Styles.TEXT_BOLD);
        name.setOnAction(e -> open(service, null));
        Label kind = Ui.muted(service.kind().label() + (service.port() == null ? "" : " · port " + service.port()));
        kind.getStyleClass().add(Styles.TEXT_SMALL);
        cell(row, 0, new VBox(0, name, kind));
        if (facts == null) {
            cell(row, 1, Ui.muted("Reading…"));
            for (int c = 2; c < 5; c++) {
                cell(row, c, new Label(""));
            }
            actionsCell(row, service, false);
            return;
        }
        boolean running = watch != null && !watch.isEnded() || facts.runningNow();
        var live = facts.live();
        Health checked = health.get(service.id());
        cell(row, 1, state(key, facts, watch, running, checked));
        cell(row, 2, live.map(r -> release(key, r, facts)).orElseGet(() -> id(Ui.muted("none"), "env-release-" + key)));
        cell(row, 3, health(key, facts, checked));
        cell(row, 4, domains(key, facts.domains()));
        actionsCell(row, service, live.isPresent());
    }

    /** The row's buttons, made again only when the service goes live or stops being live (Deploy or Redeploy). */
    private void actionsCell(Row row, Service service, boolean live) {
        if (row.actionsCell != null && row.actionsForLive == live) {
            return;
        }
        grid.getChildren().remove(row.actionsCell);
        row.actionsCell = cell(row, 5, actions(row, service, live));
        row.actionsForLive = live;
    }

    private Node cell(Row row, int column, Node content) {
        VBox box = new VBox(content);
        box.setAlignment(Pos.CENTER_LEFT);
        box.setMinWidth(0);
        box.setMaxWidth(Double.MAX_VALUE);
        box.setMinHeight(52);
        box.setPadding(new Insets(6, 0, 6, 0));
        box.getStyleClass().add("environment-service-cell");
        grid.add(box, column, row.index);
        return box;
    }

    private Node state(String key, ServiceModel.Facts facts, DeployWatch watch, boolean running, Health checked) {
        Label badge;
        if (running) {
            DeploymentState step = watch != null && watch.stepProperty().get() != null ? watch.stepProperty().get()
                    : facts.releases().isEmpty() ? DeploymentState.QUEUED : facts.releases().getFirst().deployment().state();
            badge = StateBadge.pill(watch != null && watch.rollback() ? "rolling back" : "deploying", "in-progress");
            badge.setTooltip(new Tooltip(StateBadge.word(step)));
        } else if (facts.live().isPresent() && checked != null && checked.stopped()) {
            badge = StateBadge.pill("stopped", "past");
        } else if (facts.live().isPresent()) {
            badge = StateBadge.of(DeploymentState.LIVE);
        } else if (!facts.releases().isEmpty() && facts.releases().getFirst().deployment().state() == DeploymentState.FAILED) {
            badge = StateBadge.of(DeploymentState.FAILED);
        } else {
            badge = StateBadge.pill("not deployed", "past");
        }
        badge.setId("env-state-" + key);
        if (!running && facts.live().isPresent() && !facts.releases().isEmpty()
                && facts.releases().getFirst().deployment().state() == DeploymentState.FAILED) {
            Label failed = Ui.muted("#" + facts.releases().getFirst().deployment().id() + " failed; the live one serves");
            failed.getStyleClass().add(Styles.TEXT_SMALL);
            return new VBox(2, badge, failed);
        }
        return badge;
    }

    private Node release(String key, ServiceModel.Release live, ServiceModel.Facts facts) {
        Deployment release = live.deployment();
        Instant since = release.finishedAt() != null ? release.finishedAt() : release.updatedAt();
        Label number = new Label("#" + release.id() + " · " + StateBadge.ago(since, facts.readAt()));
        Label what = Ui.muted((release.image() == null ? "built image" : release.image())
                + (facts.cluster() ? " · cluster" : live.node().isEmpty() ? "" : " · " + live.node()));
        what.getStyleClass().add(Styles.TEXT_SMALL);
        what.setTooltip(new Tooltip((release.imageDigest() == null ? "" : StateBadge.shortDigest(release.imageDigest()) + "\n") + live.changes()));
        return id(new VBox(0, number, what), "env-release-" + key);
    }

    private Node health(String key, ServiceModel.Facts facts, Health checked) {
        var live = facts.live();
        if (live.isEmpty()) {
            return id(Ui.muted("—"), "env-health-" + key);
        }
        String crash = facts.crashOf(live.get().deployment().id());
        if (checked == null) {
            return id(Ui.muted("passed its check on going live; checking…"), "env-health-" + key);
        }
        Label state = new Label(checked.describe(), Ui.icon(checked.healthy() && crash == null ? Feather.CHECK_CIRCLE : Feather.ALERT_TRIANGLE));
        state.getStyleClass().add(checked.healthy() && crash == null ? Styles.SUCCESS : Styles.WARNING);
        state.setWrapText(true);
        Label when = Ui.muted((crash == null ? "" : crash + " · ") + "checked " + StateBadge.ago(checked.at(), Instant.now()));
        when.getStyleClass().add(Styles.TEXT_SMALL);
        when.setWrapText(true);
        return id(new VBox(0, state, when), "env-health-" + key);
    }

    private Node domains(String key, List<Domain> domains) {
        if (domains.isEmpty()) {
            return id(Ui.muted("none"), "env-domains-" + key);
        }
        FlowPane links = new FlowPane(4, 0);
        for (Domain domain : domains) {
            Hyperlink link = new Hyperlink(domain.hostname());
            link.setTooltip(new Tooltip("Open https://" + domain.hostname() + " in the browser"));
            link.setOnAction(e -> {
                main.openInBrowser("https://" + domain.hostname());
                link.setVisited(false);
            });
            links.getChildren().add(link);
        }
        return id(links, "env-domains-" + key);
    }

    private Node actions(Row row, Service service, boolean hasLive) {
        Button deploy = Ui.button(hasLive ? "Redeploy" : "Deploy", Feather.UPLOAD_CLOUD, row.actions::deploy, Styles.SMALL);
        deploy.setId("env-deploy-" + service.name());
        Button logs = Ui.button("Logs", Feather.FILE_TEXT, () -> open(service, "tab-logs"), Styles.SMALL);
        logs.setId("env-logs-" + service.name());
        Button open = Ui.button("Open", Feather.ARROW_RIGHT, () -> open(service, null), Styles.SMALL);
        open.setId("env-open-" + service.name());
        HBox box = new HBox(6, deploy, logs, open);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    /** Goes to the service's page, at one of its tabs when {@code tab} names one. */
    private void open(Service service, String tab) {
        if (tab != null) {
            main.openServiceTab(service.id(), tab);
        }
        main.go(new Place.Item(new Ref(Level.SERVICE, service.id())));
    }

    private static <T extends Node> T id(T node, String id) {
        node.setId(id);
        return node;
    }
}
