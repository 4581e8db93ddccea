package dev.homeport.app.desktop.alerts;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.homeport.app.desktop.Dialogs;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.app.desktop.Ui;
import dev.homeport.model.WorkerNode;
import dev.homeport.ssh.alerts.NodeAlerts.NodeAlarms;
import dev.homeport.ssh.netdata.Alarm;
import dev.homeport.ssh.netdata.AlarmEvent;
import dev.homeport.ssh.transport.Prompts;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * Alerts: the alarms raised now on every Worker Node, read from each node's Netdata through SSH, with a
 * mute for a time (Netdata's own silencer on the node, so nothing is sent while Homeport is closed either);
 * and one node's alarm log. Everything remote runs in background tasks; nothing is asked (a node whose
 * passphrase must be typed shows as not read).
 */
public final class AlertsPage {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());
    private final MainModel model;
    private final TableView<Alarm> raised = new TableView<>();
    private final TableView<AlarmEvent> history = new TableView<>();
    private final ComboBox<String> historyNode = new ComboBox<>();
    private final CheckBox raisedOnly = new CheckBox("Only raised and cleared");
    private List<AlarmEvent> events = List.of();
    private final Label status = new Label();
    private final Label summary = new Label();
    private final VBox unread = new VBox(4);
    private List<WorkerNode> nodes = List.of();

    public AlertsPage(MainModel model) {
        this.model = model;
    }

    public Node build() {
        Button refresh = Ui.button("Refresh", Feather.REFRESH_CW, this::refresh);
        refresh.setId("alerts-refresh");
        Button test = Ui.button("Send a test alert", Feather.SEND, this::sendTest);
        test.setId("alerts-test");

        raised.setId("alerts-raised");
        raised.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE);
        raised.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        raised.getColumns().setAll(List.of(
                Ui.column("Node", Alarm::node),
                Ui.column("Status", Alarm::status),
                Ui.column("Alarm", Alarm::name),
                Ui.column("Chart", Alarm::chart),
                Ui.column("Value", Alarm::value),
                Ui.column("Since", (Alarm a) -> WHEN.format(a.since())),
                Ui.column("Muted", (Alarm a) -> a.silenced() ? "muted" : ""),
                Ui.column("What it means", Alarm::info)));
        double[] widths = {60, 95, 200, 105, 65, 115, 65, 165};
        for (int i = 0; i < widths.length; i++) {
            raised.getColumns().get(i).setPrefWidth(widths[i]);
        }
        raised.setPlaceholder(Ui.muted("Nothing is raised on the nodes read."));
        raised.setPrefHeight(220);

        MenuButton mute = new MenuButton("Mute", Ui.icon(Feather.BELL_OFF));
        mute.setId("alerts-mute");
        mute.getItems().setAll(muteItem("for 1 hour", Duration.ofHours(1)), muteItem("for 1 day", Duration.ofDays(1)),
                muteItem("until unmuted", null));
        Button unmute = Ui.button("Unmute", Feather.BELL, this::unmute);
        unmute.setId("alerts-unmute");
        mute.disableProperty().bind(raised.getSelectionModel().selectedItemProperty().isNull());
        unmute.disableProperty().bind(raised.getSelectionModel().selectedItemProperty().isNull());
        summary.setId("alerts-summary");
        summary.getStyleClass().add(Styles.TEXT_MUTED);
        status.setId("alerts-status");
        status.setWrapText(true);
        status.getStyleClass().add(Styles.TEXT_SMALL);
        HBox actions = new HBox(8, mute, unmute, status);
        actions.setAlignment(Pos.CENTER_LEFT);

        history.setId("alerts-history");
        history.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE);
        history.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        history.getColumns().setAll(List.of(
                Ui.column("When", (AlarmEvent e) -> WHEN.format(e.when())),
                Ui.column("Change", (AlarmEvent e) -> e.oldStatus() + " → " + e.status()),
                Ui.column("Alarm", AlarmEvent::name),
                Ui.column("Chart", AlarmEvent::chart),
                Ui.column("Value", AlarmEvent::value),
                Ui.column("Sent", (AlarmEvent e) -> e.notified() ? "sent" : "")));
        double[] historyWidths = {125, 215, 205, 130, 110, 60};
        for (int i = 0; i < historyWidths.length; i++) {
            history.getColumns().get(i).setPrefWidth(historyWidths[i]);
        }
        history.setPlaceholder(Ui.muted("Choose a node to read its alarm log."));
        VBox.setVgrow(history, Priority.ALWAYS);
        historyNode.setId("alerts-history-node");
        historyNode.setPromptText("Node");
        historyNode.setOnAction(e -> readHistory());
        raisedOnly.setId("alerts-history-raised-only");
        raisedOnly.setSelected(true);
        raisedOnly.setOnAction(e -> showHistory());
        HBox historyHeader = new HBox(10, Ui.sectionTitle("History"), historyNode, raisedOnly);
        historyHeader.setAlignment(Pos.CENTER_LEFT);

        Label about = Ui.muted("Each node's Netdata raises these and sends them the ways chosen in Settings → Alerts, also while Homeport is closed."
                        + " Homeport's own alarms start with homeport_; the others are Netdata's. A mute stops the node sending an alarm;"
                        + " it is still shown here.");
        about.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        VBox body = new VBox(10, about,
                new HBox(10, Ui.sectionTitle("Raised now"), summary), raised, actions, unread, historyHeader, history);
        refresh();
        return Ui.page(Ui.header("ALL NODES", "Alerts", test, refresh), body);
    }

    private MenuItem muteItem(String text, Duration duration) {
        MenuItem item = new MenuItem(text);
        item.setId("alerts-mute-" + (duration == null ? "forever" : duration.toHours() + "h"));
        item.setOnAction(e -> mute(duration));
        return item;
    }

    private void refresh() {
        summary.setText("reading the alarms of every node…");
        model.tasks().run("Reading alarms", () -> {
                    List<WorkerNode> all = model.homeport().nodes().nodes();
                    return new Read(all, model.homeport().nodeAlerts().raised(all, Prompts.NONE));
                })
                .onSuccess(this::show)
                .onFailure(failure -> say(Dialogs.userMessage(failure), true))
                .start();
    }

    private record Read(List<WorkerNode> nodes, List<NodeAlarms> alarms) {
    }

    private void show(Read read) {
        nodes = read.nodes();
        List<Alarm> all = new ArrayList<>();
        unread.getChildren().clear();
        for (NodeAlarms node : read.alarms()) {
            all.addAll(node.raised());
            if (!node.readable()) {
                Label label = new Label(node.node() + ": not read: " + node.error());
                label.setWrapText(true);
                label.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.WARNING);
                unread.getChildren().add(label);
            }
        }
        raised.getItems().setAll(all);
        String chosen = historyNode.getValue();
        historyNode.getItems().setAll(nodes.stream().map(WorkerNode::name).toList());
        if (chosen == null && !nodes.isEmpty()) {
            historyNode.setValue(nodes.getFirst().name());
        } else {
            historyNode.setValue(chosen);
        }
        summary.setText(nodes.isEmpty() ? "no Worker Nodes yet" : all.size() + " raised on " + (read.alarms().size() - unread.getChildren().size())
                + " of " + nodes.size() + " node(s) read");
    }

    private void readHistory() {
        WorkerNode node = node(historyNode.getValue());
        if (node == null) {
            return;
        }
        model.tasks().run("Reading the alarm log of " + node.name(), () -> model.homeport().nodeAlerts().history(node, Prompts.NONE, 0))
                .onSuccess(read -> {
                    events = read;
                    showHistory();
                })
                .onFailure(failure -> {
                    history.getItems().clear();
                    say(Dialogs.userMessage(failure), true);
                })
                .start();
    }

    /** Netdata logs every status change; by default only the ones to or from WARNING and CRITICAL are shown. */
    private void showHistory() {
        history.getItems().setAll(events.stream().filter(e -> !raisedOnly.isSelected() || raised(e.status()) || raised(e.oldStatus())).toList());
    }

    private static boolean raised(String status) {
        return status.equals("WARNING") || status.equals("CRITICAL");
    }

    private void mute(Duration duration) {
        Alarm alarm = raised.getSelectionModel().getSelectedItem();
        WorkerNode node = alarm == null ? null : node(alarm.node());
        if (node == null) {
            return;
        }
        say("Muting " + alarm.name() + " on " + node.name() + "…", false);
        model.tasks().run("Muting " + alarm.name(), () -> model.homeport().nodeAlerts().mute(node, Prompts.NONE, alarm.name(), alarm.chart(), duration))
                .onSuccess(m -> {
                    say("Muted " + m.alarm() + " on " + node.name() + (m.until() == null ? " until unmuted." : " until " + WHEN.format(m.until()) + ".")
                            + " Netdata marks it muted at its next check.", false);
                    refresh();
                })
                .onFailure(failure -> say(Dialogs.userMessage(failure), true))
                .start();
    }

    private void unmute() {
        Alarm alarm = raised.getSelectionModel().getSelectedItem();
        WorkerNode node = alarm == null ? null : node(alarm.node());
        if (node == null) {
            return;
        }
        model.tasks().run("Unmuting " + alarm.name(), () -> model.homeport().nodeAlerts().unmute(node, Prompts.NONE, alarm.name(), alarm.chart()))
                .onSuccess(done -> {
                    say("Unmuted " + alarm.name() + " on " + node.name() + ".", false);
                    refresh();
                })
                .onFailure(failure -> say(Dialogs.userMessage(failure), true))
                .start();
    }

    private void sendTest() {
        WorkerNode node = node(historyNode.getValue());
        if (node == null) {
            say("Choose a node (next to History) to send the test alert from.", true);
            return;
        }
        say("Sending a test alert from " + node.name() + "…", false);
        model.tasks().run("Sending a test alert from " + node.name(), () -> model.homeport().nodeAlerts().sendTest(node, Prompts.NONE))
                .onSuccess(test -> say((test.ok() ? "Sent from " + node.name() + ". " : "Not sent from " + node.name() + ". ")
                        + lastLines(test.output()), !test.ok()))
                .onFailure(failure -> say(Dialogs.userMessage(failure), true))
                .start();
    }

    private static String lastLines(String output) {
        List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
        return String.join(" ", lines.subList(Math.max(0, lines.size() - 4), lines.size()));
    }

    private WorkerNode node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst().orElse(null);
    }

    private void say(String text, boolean problem) {
        status.setText(text);
        status.getStyleClass().removeAll(Styles.SUCCESS, Styles.DANGER);
        if (problem) {
            status.getStyleClass().add(Styles.DANGER);
        }
    }
}
