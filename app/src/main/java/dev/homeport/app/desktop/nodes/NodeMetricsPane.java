package dev.homeport.app.desktop.nodes;

import atlantafx.base.theme.Styles;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.app.desktop.Poller;
import dev.homeport.app.desktop.charts.LiveChart;
import dev.homeport.ssh.netdata.Sample;
import dev.homeport.model.WorkerNode;
import dev.homeport.ssh.netdata.ChartData;
import dev.homeport.ssh.netdata.MetricsRange;
import dev.homeport.ssh.netdata.NetdataClient;
import dev.homeport.ssh.netdata.NodeChart;
import dev.homeport.ssh.netdata.NodeCharts;
import dev.homeport.ssh.transport.Prompts;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Metrics tab: the node's CPU, memory, disk space, disk I/O, network and load from its
 * Netdata, read through the SSH tunnel. Live polls every second for points newer than the
 * last one; the history ranges are read whole and refreshed at their resolution. It polls
 * through the {@link Poller}, and only while the tab is on screen.
 */
final class NodeMetricsPane {
    private static final Logger log = LoggerFactory.getLogger(NodeMetricsPane.class);
    private static final Duration AFTER_A_FAILURE = Duration.ofSeconds(5);
    private static final Map<MetricsRange, String> RANGE_LABELS = Map.of(MetricsRange.LIVE, "Live",
            MetricsRange.MINUTES_15, "15 min", MetricsRange.HOUR_1, "1 h", MetricsRange.HOURS_24, "24 h");

    private final MainModel main;
    private final WorkerNode node;
    private final Map<NodeChart, LiveChart> charts = new EnumMap<>(NodeChart.class);
    private final Label source = new Label();
    private MetricsRange range = MetricsRange.LIVE;
    private final Poller.Polling polling;
    private boolean active;
    /** The service of each release marked on the charts, by deployment id; FX thread. */
    private final Map<Long, Long> markedServices = new HashMap<>();

    NodeMetricsPane(MainModel main, WorkerNode node) {
        this.main = main;
        this.node = node;
        this.polling = main.poller().polling("metrics of " + node.name());
    }

    Node build() {
        ToggleGroup ranges = new ToggleGroup();
        Node[] buttons = new Node[MetricsRange.values().length];
        for (MetricsRange each : MetricsRange.values()) {
            ToggleButton button = new ToggleButton(RANGE_LABELS.get(each));
            button.setId("range-" + each.name().toLowerCase(java.util.Locale.ROOT));
            button.setToggleGroup(ranges);
            button.setSelected(each == range);
            button.setOnAction(e -> {
                button.setSelected(true);
                setRange(each);
            });
            buttons[each.ordinal()] = button;
        }
        source.getStyleClass().add(Styles.TEXT_MUTED);
        source.setText("From the node's Netdata, through the SSH connection.");
        GridPane grid = new GridPane();
        grid.setId("node-charts");
        grid.setHgap(14);
        grid.setVgap(14);
        for (int column = 0; column < 2; column++) {
            ColumnConstraints half = new ColumnConstraints();
            half.setPercentWidth(50);
            half.setHgrow(Priority.ALWAYS);
            grid.getColumnConstraints().add(half);
        }
        for (NodeChart chart : NodeChart.values()) {
            NodeChartView view = NodeChartView.of(chart);
            LiveChart live = new LiveChart(chart.label(), view.unit());
            live.setId("chart-" + chart.name().toLowerCase(java.util.Locale.ROOT));
            live.setSeries(view.labels());
            live.setWindow(range.span());
            live.setOnMarker(marker -> {
                Long service = markedServices.get(marker.id());
                if (service != null) {
                    main.openRelease(service, marker.id());
                }
            });
            live.setPrefHeight(210);
            live.setMinHeight(180);
            charts.put(chart, live);
            grid.add(live, chart.ordinal() % 2, chart.ordinal() / 2);
        }
        javafx.scene.layout.HBox toolbar = NodePage.toolbar(buttons);
        toolbar.getChildren().addAll(dev.homeport.app.desktop.Ui.grow(), source);
        ScrollPane scroll = new ScrollPane(NodePage.tabBody(toolbar, grid));
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add(Styles.BG_DEFAULT);
        return scroll;
    }

    /** Starts or stops polling; FX thread. */
    void setActive(boolean now) {
        if (now == active) {
            return;
        }
        active = now;
        restart();
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
            polling.start(new Reading(range));
        } else {
            polling.stop();
        }
    }

    /** The rounds of one range: live asks only for points newer than the last; a failure is shown and tried again 5 s later. */
    private final class Reading implements Poller.Round {
        private final MetricsRange reading;
        private final Map<NodeChart, Long> newest = new HashMap<>();
        private Map<NodeChart, String> ids;
        private java.time.Instant markersReadAt = java.time.Instant.MIN;

        Reading(MetricsRange reading) {
            this.reading = reading;
        }

        @Override
        public Duration run(Poller.Answers answers) {
            try {
                NetdataClient netdata = main.homeport().nodeClients().netdata(node, Prompts.NONE);
                if (ids == null) {
                    if (!netdata.isAvailable()) {
                        showMessage(answers, null, "Netdata does not answer on " + node.name() + ". Provision the node from the Setup tab.");
                        return AFTER_A_FAILURE;
                    }
                    ids = resolve(answers, netdata.nodeCharts());
                }
                if (java.time.Instant.now().isAfter(markersReadAt.plusSeconds(5))) {
                    markersReadAt = java.time.Instant.now();
                    var moments = main.homeport().deployments().momentsOnNode(node.id(), markersReadAt.minus(reading.span()).minusSeconds(60));
                    var markers = dev.homeport.app.desktop.charts.ReleaseMarkers.of(moments);
                    answers.show(() -> {
                        moments.forEach(m -> markedServices.put(m.deploymentId(), m.serviceId()));
                        charts.values().forEach(chart -> chart.setMarkers(markers));
                    });
                }
                for (Map.Entry<NodeChart, String> chart : ids.entrySet()) {
                    Long after = newest.get(chart.getKey());
                    boolean whole = reading != MetricsRange.LIVE || after == null;
                    ChartData data = whole ? netdata.data(chart.getValue(), reading) : netdata.data(chart.getValue(), after, reading.points());
                    if (data.latest() != null) {
                        newest.put(chart.getKey(), data.latest().epochSecond());
                    }
                    show(answers, chart.getKey(), NodeChartView.of(chart.getKey()).samples(data), whole);
                }
                return reading == MetricsRange.LIVE ? Duration.ofSeconds(1) : Duration.ofSeconds(Math.max(5, reading.secondsPerPoint()));
            } catch (RuntimeException e) {
                log.debug("Metrics of {}: {}", node.name(), e.toString());
                showMessage(answers, null, "Cannot read Netdata on " + node.name() + ": " + NodeMessages.of(e));
                ids = null;
                return AFTER_A_FAILURE;
            }
        }
    }

    private Map<NodeChart, String> resolve(Poller.Answers answers, NodeCharts found) {
        Map<NodeChart, String> ids = new EnumMap<>(NodeChart.class);
        for (NodeChart chart : NodeChart.values()) {
            found.id(chart).ifPresentOrElse(id -> ids.put(chart, id),
                    () -> showMessage(answers, chart, "Netdata on " + node.name() + " has no " + chart.label() + " chart."));
        }
        answers.show(() -> ids.keySet().forEach(chart -> charts.get(chart).setMessage(null)));
        return ids;
    }

    private void show(Poller.Answers answers, NodeChart chart, List<Sample> samples, boolean whole) {
        answers.show(() -> {
            LiveChart live = charts.get(chart);
            if (whole) {
                live.replace(samples);
            } else {
                samples.forEach(sample -> live.append(sample.epochSecond(), sample.values()));
            }
        });
    }

    /** A message over one chart, or over all of them when {@code chart} is null. */
    private void showMessage(Poller.Answers answers, NodeChart chart, String text) {
        answers.show(() -> {
            if (chart == null) {
                charts.values().forEach(live -> live.setMessage(text));
            } else {
                charts.get(chart).setMessage(text);
            }
        });
    }
}
