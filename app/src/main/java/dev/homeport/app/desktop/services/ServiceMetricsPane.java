package dev.homeport.app.desktop.services;

import atlantafx.base.theme.Styles;
import dev.homeport.app.desktop.Poller;
import dev.homeport.app.desktop.Ui;
import dev.homeport.app.desktop.charts.ChartMarker;
import dev.homeport.app.desktop.charts.LiveChart;
import dev.homeport.app.desktop.charts.ReleaseMarkers;
import dev.homeport.app.desktop.charts.UnitFormat;
import dev.homeport.model.ReleaseMoment;
import dev.homeport.ssh.deploy.ReplicaState;
import dev.homeport.ssh.netdata.ContainerChart;
import dev.homeport.ssh.netdata.ContainerChartSet;
import dev.homeport.ssh.netdata.ContainerSeries;
import dev.homeport.ssh.netdata.MetricsRange;
import dev.homeport.ssh.netdata.NetdataClient;
import dev.homeport.ssh.netdata.Sample;
import dev.homeport.ssh.transport.Prompts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongConsumer;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's Metrics tab: CPU, memory, network and disk I/O of the live release's containers,
 * from the Netdata of each container's node (its cgroup charts, through the SSH tunnel), in the
 * node page's ranges; beside the charts, each container's restarts and last exit code from Docker.
 * It follows the live release: the containers are looked up again every few seconds, so after a
 * redeploy the charts move to the new container. With several replicas the charts show their sum,
 * or one line per replica ("Split"). Deploy markers mark when each release went live, failed, was
 * rolled back or crashed; clicking one opens the release. Polls only while the tab is on screen.
 */
public final class ServiceMetricsPane {
    private static final Logger log = LoggerFactory.getLogger(ServiceMetricsPane.class);
    private static final Duration AFTER_A_FAILURE = Duration.ofSeconds(5);
    /** How often the live release's containers (and the markers) are read again. */
    private static final Duration CONTAINERS_EVERY = Duration.ofSeconds(5);
    private static final Map<MetricsRange, String> RANGE_LABELS = Map.of(MetricsRange.LIVE, "Live",
            MetricsRange.MINUTES_15, "15 min", MetricsRange.HOUR_1, "1 h", MetricsRange.HOURS_24, "24 h");

    private final ServiceModel model;
    private final ServiceActions actions;
    private final LongConsumer openRelease;
    private final VBox crashOffer = new VBox(6);
    private final Map<ContainerChart, LiveChart> charts = new EnumMap<>(ContainerChart.class);
    private final VBox replicas = new VBox(8);
    private final Label source = new Label();
    private final ToggleButton split = new ToggleButton("Split replicas");
    private final Poller.Polling polling;
    private MetricsRange range = MetricsRange.LIVE;
    private boolean active;

    /** {@code openRelease} opens a release (by deployment id) when its marker is clicked. */
    public ServiceMetricsPane(ServiceModel model, ServiceActions actions, LongConsumer openRelease) {
        this.model = model;
        this.actions = actions;
        this.openRelease = openRelease;
        this.polling = model.main().poller().polling("metrics of " + model.path());
    }

    public Node build() {
        ToggleGroup ranges = new ToggleGroup();
        List<Node> buttons = new ArrayList<>();
        for (MetricsRange each : MetricsRange.values()) {
            ToggleButton button = new ToggleButton(RANGE_LABELS.get(each));
            button.setId("service-range-" + each.name().toLowerCase(Locale.ROOT));
            button.setToggleGroup(ranges);
            button.setSelected(each == range);
            button.setOnAction(e -> {
                button.setSelected(true);
                setRange(each);
            });
            buttons.add(button);
        }
        split.setId("split-replicas");
        split.setOnAction(e -> restart());
        source.setId("service-metrics-source");
        source.getStyleClass().add(Styles.TEXT_MUTED);
        source.setText("From each container's cgroup charts in its node's Netdata, through the SSH connection.");
        source.setWrapText(true);
        GridPane grid = new GridPane();
        grid.setId("service-charts");
        grid.setHgap(14);
        grid.setVgap(14);
        for (int column = 0; column < 2; column++) {
            ColumnConstraints half = new ColumnConstraints();
            half.setPercentWidth(50);
            half.setHgrow(Priority.ALWAYS);
            grid.getColumnConstraints().add(half);
        }
        for (ContainerChart chart : ContainerChart.values()) {
            LiveChart live = new LiveChart(chart.label(), unit(chart));
            live.setId("service-chart-" + chart.name().toLowerCase(Locale.ROOT));
            live.setSeries(chart.lines());
            live.setWindow(range.span());
            live.setPrefHeight(210);
            live.setMinHeight(180);
            live.setOnMarker(marker -> openRelease.accept(marker.id()));
            charts.put(chart, live);
            grid.add(live, chart.ordinal() % 2, chart.ordinal() / 2);
        }
        HBox.setHgrow(grid, Priority.ALWAYS);
        replicas.setId("replica-states");
        replicas.setMinWidth(220);
        replicas.setPrefWidth(240);
        replicas.setMaxWidth(260);
        replicas.getChildren().setAll(Ui.sectionTitle("Containers"), Ui.muted("Reading…"));
        crashOffer.setId("crash-offer");
        crashOffer.getStyleClass().add("crash-offer");
        crashOffer.setManaged(false);
        crashOffer.setVisible(false);
        HBox body = new HBox(16, grid, replicas);
        HBox toolbar = new HBox(10);
        toolbar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        toolbar.getChildren().addAll(buttons);
        toolbar.getChildren().addAll(split, Ui.grow(), source);
        VBox content = new VBox(14, toolbar, crashOffer, body);
        content.setPadding(new javafx.geometry.Insets(16, 0, 0, 0));
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add(Styles.BG_DEFAULT);
        return scroll;
    }

    /** Opens a release (as clicking its marker does). */
    public void openRelease(long deploymentId) {
        openRelease.accept(deploymentId);
    }

    /** Starts or stops polling; FX thread. */
    public void setActive(boolean now) {
        if (now == active) {
            return;
        }
        active = now;
        restart();
    }

    /** The chart of one kind, for tests. */
    LiveChart chart(ContainerChart chart) {
        return charts.get(chart);
    }

    private void setRange(MetricsRange now) {
        range = now;
        charts.values().forEach(chart -> {
            chart.setWindow(now.span());
            chart.replace(List.of());
        });
        restart();
    }

    private void restart() {
        if (active) {
            polling.start(new Reading(range, split.isSelected()));
        } else {
            polling.stop();
        }
    }

    private static UnitFormat unit(ContainerChart chart) {
        return switch (chart) {
            case CPU -> UnitFormat.PERCENT;
            case MEMORY -> UnitFormat.BYTES;
            case NETWORK, DISK_IO -> UnitFormat.BYTES_PER_SECOND;
        };
    }

    /**
     * The rounds of one range. Every few seconds it reads the live release's containers (their
     * restarts, and which they are: a redeploy brings new ones) and the markers; each round reads the
     * charts of each container from its node's Netdata, whole for the range, and sums or splits them.
     */
    private final class Reading implements Poller.Round {
        private final MetricsRange reading;
        private final boolean splitting;
        private List<ReplicaState> containers;
        private Instant containersReadAt = Instant.MIN;
        /** Each container's charts, by container id, once Netdata has them. */
        private final Map<String, ContainerChartSet> chartSets = new HashMap<>();
        private List<String> shownSeries;

        Reading(MetricsRange reading, boolean splitting) {
            this.reading = reading;
            this.splitting = splitting;
        }

        @Override
        public Duration run(Poller.Answers answers) {
            long serviceId = model.service().id();
            var homeport = model.main().homeport();
            try {
                if (containers == null || Instant.now().isAfter(containersReadAt.plus(CONTAINERS_EVERY))) {
                    containers = homeport.deployService().containers(serviceId, Prompts.NONE);
                    containersReadAt = Instant.now();
                    chartSets.keySet().retainAll(containers.stream().map(ReplicaState::containerId).toList());
                    List<ReplicaState> states = containers;
                    List<ReleaseMoment> moments = homeport.deployments().moments(serviceId);
                    answers.show(() -> {
                        showReplicas(states);
                        showCrashes(states, moments);
                        List<ChartMarker> markers = ReleaseMarkers.of(moments);
                        charts.values().forEach(chart -> chart.setMarkers(markers));
                    });
                }
                if (containers.isEmpty()) {
                    showMessage(answers, null, model.path() + " has no live release with a container. Deploy it, and its containers' use shows here.");
                    return AFTER_A_FAILURE;
                }
                List<ReplicaState> charted = new ArrayList<>();
                Map<ContainerChart, List<List<Sample>>> read = new EnumMap<>(ContainerChart.class);
                Map<ContainerChart, String> missing = new EnumMap<>(ContainerChart.class);
                List<String> problems = new ArrayList<>();
                for (ReplicaState replica : containers) {
                    if (replica.node() == null || replica.containerId() == null) {
                        continue;
                    }
                    NetdataClient netdata = homeport.nodeClients().netdata(homeport.nodes().node(replica.node()), Prompts.NONE);
                    ContainerChartSet set = chartSets.get(replica.containerId());
                    if (set == null) {
                        try {
                            set = netdata.containerChartSet(replica.container(), replica.containerId()).orElse(null);
                        } catch (RuntimeException e) {
                            problems.add(replica.replica() + ": " + e.getMessage());
                            continue;
                        }
                        if (set == null) {
                            problems.add(replica.running() ? "Netdata on " + replica.node() + " has no charts for " + replica.replica()
                                    + " yet (it looks for new containers every 10 s)." : replica.replica() + " is not running.");
                            continue;
                        }
                        chartSets.put(replica.containerId(), set);
                    }
                    charted.add(replica);
                    for (ContainerChart chart : ContainerChart.values()) {
                        if (set.of(chart).isEmpty()) {
                            missing.putIfAbsent(chart, set.describeMissing(chart));
                            read.computeIfAbsent(chart, c -> new ArrayList<>()).add(List.of());
                            continue;
                        }
                        read.computeIfAbsent(chart, c -> new ArrayList<>()).add(netdata.containerLines(set, chart, reading));
                    }
                }
                if (charted.isEmpty()) {
                    showMessage(answers, null, String.join(" ", problems));
                    chartSets.clear();
                    return AFTER_A_FAILURE;
                }
                List<String> names = charted.stream().map(ReplicaState::replica).toList();
                for (ContainerChart chart : ContainerChart.values()) {
                    List<List<Sample>> each = read.getOrDefault(chart, List.of());
                    boolean none = each.stream().allMatch(List::isEmpty);
                    String message = none && missing.containsKey(chart) ? missing.get(chart) : null;
                    List<String> series = series(chart, names);
                    List<Sample> samples = splitting && names.size() > 1
                            ? ContainerSeries.sideBySide(each, chart.lines().size(), reading.secondsPerPoint())
                            : ContainerSeries.sum(each, reading.secondsPerPoint());
                    answers.show(() -> {
                        LiveChart live = charts.get(chart);
                        if (!live.seriesNames().equals(series)) {
                            live.setSeries(series);
                        }
                        live.replace(samples);
                        live.setMessage(message);
                    });
                }
                String sourceText = names.size() == 1 ? "Container " + charted.getFirst().container() + " on " + charted.getFirst().node()
                        + ", from its cgroup charts in Netdata." : names.size() + " replicas, " + (splitting ? "one line each" : "summed")
                        + ", from their nodes' Netdata.";
                answers.show(() -> source.setText(problems.isEmpty() ? sourceText : sourceText + " " + String.join(" ", problems)));
                return reading == MetricsRange.LIVE ? Duration.ofSeconds(1) : Duration.ofSeconds(Math.max(5, reading.secondsPerPoint()));
            } catch (RuntimeException e) {
                log.debug("Metrics of {}: {}", model.path(), e.toString());
                showMessage(answers, null, "Cannot read the metrics of " + model.path() + ": " + e.getMessage());
                containers = null;
                chartSets.clear();
                return AFTER_A_FAILURE;
            }
        }

        private List<String> series(ContainerChart chart, List<String> names) {
            if (!splitting || names.size() < 2) {
                return chart.lines();
            }
            List<String> series = new ArrayList<>();
            for (String name : names) {
                for (String line : chart.lines()) {
                    series.add(chart.lines().size() == 1 ? name : name + " " + line);
                }
            }
            return series;
        }
    }

    private void showReplicas(List<ReplicaState> states) {
        List<Node> rows = new ArrayList<>();
        rows.add(Ui.sectionTitle("Containers"));
        if (states.isEmpty()) {
            rows.add(Ui.muted("No container of a live release."));
        }
        for (ReplicaState state : states) {
            Label name = new Label(state.replica() + (state.node() == null ? "" : " · " + state.node()));
            name.getStyleClass().add(Styles.TEXT_BOLD);
            Label facts = new Label(state.describe());
            facts.setWrapText(true);
            facts.getStyleClass().add(state.restarts() > 0 || !state.running() ? Styles.WARNING : Styles.TEXT_MUTED);
            VBox row = new VBox(2, name, facts);
            row.setId("replica-" + state.replica());
            row.getStyleClass().add("replica-state");
            rows.add(row);
        }
        replicas.getChildren().setAll(rows);
    }

    /**
     * When the live release crash-looped after it went LIVE (its CRASHED mark), says so above the charts
     * and offers the rollback to the release before it.
     */
    private void showCrashes(List<ReplicaState> states, List<ReleaseMoment> moments) {
        long live = states.isEmpty() ? -1 : states.getFirst().deploymentId();
        ReleaseMoment crash = moments.stream().filter(m -> m.kind() == ReleaseMoment.Kind.CRASHED && m.deploymentId() == live)
                .reduce((a, b) -> b).orElse(null);
        if (crash == null) {
            crashOffer.setVisible(false);
            crashOffer.setManaged(false);
            return;
        }
        Label said = new Label("Release #" + live + ": " + crash.note() + ".");
        said.getStyleClass().addAll(Styles.DANGER, Styles.TEXT_BOLD);
        said.setWrapText(true);
        var target = model.factsProperty().get() == null ? java.util.Optional.<ServiceModel.Release>empty()
                : model.factsProperty().get().rollbackTarget();
        HBox row = new HBox(10, said);
        row.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        if (target.isPresent()) {
            var button = Ui.button("Roll back to #" + target.get().deployment().id() + "…", org.kordamp.ikonli.feather.Feather.ROTATE_CCW,
                    () -> actions.rollback(target.get()), Styles.DANGER);
            button.setId("crash-rollback");
            row.getChildren().addAll(Ui.grow(), button);
        } else {
            row.getChildren().add(Ui.muted("No earlier release to roll back to."));
        }
        crashOffer.getChildren().setAll(row);
        crashOffer.setVisible(true);
        crashOffer.setManaged(true);
    }

    /** A message over one chart, or over all of them when {@code chart} is null. */
    private void showMessage(Poller.Answers answers, ContainerChart chart, String text) {
        answers.show(() -> {
            if (chart == null) {
                charts.values().forEach(live -> live.setMessage(text));
            } else {
                charts.get(chart).setMessage(text);
            }
        });
    }
}
