package dev.homeport.app.cli;

import dev.homeport.model.DurationText;
import dev.homeport.model.WorkerNode;
import dev.homeport.ssh.alerts.AlertTest;
import dev.homeport.ssh.alerts.Mute;
import dev.homeport.ssh.alerts.NodeAlerts;
import dev.homeport.ssh.alerts.NodeAlerts.NodeAlarms;
import dev.homeport.ssh.netdata.Alarm;
import dev.homeport.ssh.netdata.AlarmEvent;
import dev.homeport.ssh.transport.Prompts;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code homeport alerts}: what the nodes' Netdata has raised now, its history, the test alert and mutes. */
@Command(name = "alerts", description = {
        "Print the alarms raised now (WARNING or CRITICAL) on every Worker Node, or on one: read from each node's Netdata through SSH."
                + " Netdata raises them on the node and sends them by the methods 'homeport settings alerts' sets, also while Homeport"
                + " is closed; Provision installs Homeport's alarms (their names start with homeport_) next to Netdata's own.",
        "Nothing is asked: a node whose key passphrase must be typed, or whose host key is not accepted yet, cannot be read."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:nothing is raised on the nodes read, and every node was read", "1:the command could not run (unknown node, store locked)",
                "3:a node's alarms could not be read (and nothing is raised on the others)", "4:an alarm is raised on a node (muted ones too)"})
final class AlertsCmd implements Callable<Integer> {
    /** The exit status when an alarm is raised. */
    static final int RAISED = 4;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneId.systemDefault());

    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", arity = "0..1", description = "The node to read; all nodes when left out.")
    String name;

    @Option(names = "--json", description = Output.JSON_HELP)
    boolean json;

    AlertsCmd(CliContext context) {
        this.context = context;
    }

    /** One raised alarm, as printed and in JSON. */
    record Raised(String node, String status, String alarm, String chart, String value, String since, boolean muted, String info) implements Output.Row {
        static Raised of(Alarm alarm) {
            return new Raised(alarm.node(), alarm.status(), alarm.name(), alarm.chart(), alarm.value(), alarm.since().toString(), alarm.silenced(), alarm.info());
        }

        @Override
        public List<String> cells() {
            return List.of(node, status, alarm, chart, value, "since " + TIME.format(Instant.parse(since)), muted ? "muted" : "");
        }

        @Override
        public List<String> notes() {
            return info.isBlank() ? List.of() : List.of(info);
        }
    }

    /** What {@code homeport alerts --json} prints: the raised alarms, and the nodes that could not be read. */
    record AlertsOutput(List<Raised> raised, List<Unread> unread) {
    }

    record Unread(String node, String error) {
    }

    @Override
    public Integer call() {
        List<WorkerNode> nodes = name == null ? context.homeport().nodes().nodes() : List.of(context.homeport().nodes().node(name));
        List<NodeAlarms> read = context.homeport().nodeAlerts().raised(nodes, Prompts.NONE);
        List<Raised> raised = new ArrayList<>();
        List<Unread> unread = new ArrayList<>();
        for (NodeAlarms node : read) {
            node.raised().forEach(alarm -> raised.add(Raised.of(alarm)));
            if (!node.readable()) {
                unread.add(new Unread(node.node(), node.error()));
            }
        }
        if (json) {
            context.output().json(new AlertsOutput(raised, unread));
        } else {
            if (nodes.isEmpty()) {
                context.output().line("No Worker Nodes yet; add one with 'homeport node add'.");
            } else if (raised.isEmpty()) {
                context.output().line("Nothing is raised on " + (read.size() - unread.size()) + " of " + read.size() + " node(s).");
            } else {
                context.output().list(false, raised);
            }
            for (Unread node : unread) {
                spec.commandLine().getErr().println(Output.printable(node.node() + ": not read: " + node.error(), false));
            }
        }
        return !raised.isEmpty() ? RAISED : unread.isEmpty() ? Cli.OK : Cli.NODE_PROBLEM;
    }

    /** One entry of the alarm log. */
    record Event(String node, long id, String when, String alarm, String chart, String status, String oldStatus, String value, boolean notified)
            implements Output.Row {
        static Event of(AlarmEvent e) {
            return new Event(e.node(), e.id(), e.when().toString(), e.name(), e.chart(), e.status(), e.oldStatus(), e.value(), e.notified());
        }

        @Override
        public List<String> cells() {
            return List.of(TIME.format(Instant.parse(when)), oldStatus + " → " + status, alarm, chart, value, notified ? "sent" : "", Long.toString(id));
        }
    }

    @Command(name = "history", description = "Print a node's alarm log (Netdata keeps it on the node), newest first: each change of an"
            + " alarm's status, and whether a notification was sent for it.")
    int history(@Parameters(paramLabel = "NAME") String node,
                @Option(names = "--after", paramLabel = "ID", defaultValue = "0",
                        description = "Only entries newer than this id (the last column), to follow the log.") long after,
                @Option(names = "--raised-only", description = "Only changes to WARNING or CRITICAL.") boolean raisedOnly,
                @Option(names = "--json", description = Output.JSON_HELP) boolean json) {
        if (after < 0) {
            throw new CliException(Cli.BAD_INPUT, "--after: must be 0 or more, got " + after);
        }
        NodeCalls calls = new NodeCalls(context, spec.commandLine().getErr());
        WorkerNode worker = calls.node(node);
        NodeAlerts alerts = context.homeport().nodeAlerts();
        List<Event> events = calls.connect(worker, prompts -> alerts.history(worker, prompts, after)).stream()
                .filter(e -> !raisedOnly || e.status().equals("WARNING") || e.status().equals("CRITICAL"))
                .map(Event::of).toList();
        if (!json && events.isEmpty()) {
            context.output().line("Nothing in " + worker.name() + "'s alarm log" + (after > 0 ? " after " + after : "") + ".");
        } else {
            context.output().list(json, events);
        }
        return Cli.OK;
    }

    @Command(name = "test", description = {"Send a test alert from a node: Netdata's own notifier runs there (as Netdata would run it) and sends"
            + " a test WARNING, CRITICAL and CLEAR by every method Provision set on the node. Its output is printed.",
            "Needs root or passwordless sudo on the node. Run Provision after changing 'homeport settings alerts'."},
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:every notification was sent", "1:a notification failed, or none is set up"})
    int test(@Parameters(paramLabel = "NAME") String node) {
        NodeCalls calls = new NodeCalls(context, spec.commandLine().getErr());
        WorkerNode worker = calls.node(node);
        NodeAlerts alerts = context.homeport().nodeAlerts();
        AlertTest result = calls.connect(worker, prompts -> alerts.sendTest(worker, prompts));
        result.output().lines().forEach(line -> context.output().line(Output.printable(line, false)));
        context.output().line(result.ok() ? "The test alert was sent from " + worker.name() + "."
                : "The test alert was not sent from " + worker.name() + ": see the output above.");
        return result.ok() ? Cli.OK : Cli.FAILED;
    }

    @Command(name = "mute", description = {"Mute one alarm of one chart on a node: it is still raised and shown, but the node sends no"
            + " notification for it, also while Homeport is closed (Netdata's own silencer, kept on the node).",
            "A mute for a time is lifted by the node itself when it ends (a node that reboots lifts it when Homeport next mutes or"
                    + " unmutes there). Needs root or passwordless sudo on the node."})
    int mute(@Parameters(index = "0", paramLabel = "NAME") String node,
             @Parameters(index = "1", paramLabel = "ALARM", description = "The alarm's name, as 'homeport alerts' prints it.") String alarm,
             @Option(names = "--chart", required = true, paramLabel = "CHART", description = "The chart it is raised on, as 'homeport alerts' prints it.") String chart,
             @Option(names = "--for", paramLabel = "DURATION", description = "How long: such as 30m, 1h or 1d; until unmuted when left out.") String duration) {
        Duration length = duration == null ? null : duration(duration);
        NodeCalls calls = new NodeCalls(context, spec.commandLine().getErr());
        WorkerNode worker = calls.node(node);
        NodeAlerts alerts = context.homeport().nodeAlerts();
        Mute mute = calls.connect(worker, prompts -> alerts.mute(worker, prompts, alarm, chart, length));
        context.output().line("Muted " + alarm + " on " + chart + " of " + worker.name()
                + (mute.until() == null ? " until unmuted." : " until " + TIME.format(mute.until()) + "."));
        return Cli.OK;
    }

    @Command(name = "unmute", description = "Lift a mute set with 'homeport alerts mute'. Needs root or passwordless sudo on the node.")
    int unmute(@Parameters(index = "0", paramLabel = "NAME") String node,
               @Parameters(index = "1", paramLabel = "ALARM") String alarm,
               @Option(names = "--chart", required = true, paramLabel = "CHART") String chart) {
        NodeCalls calls = new NodeCalls(context, spec.commandLine().getErr());
        WorkerNode worker = calls.node(node);
        NodeAlerts alerts = context.homeport().nodeAlerts();
        calls.connect(worker, prompts -> {
            alerts.unmute(worker, prompts, alarm, chart);
            return null;
        });
        context.output().line("Unmuted " + alarm + " on " + chart + " of " + worker.name() + ".");
        return Cli.OK;
    }

    /** One mute, as printed. */
    record MuteRow(String node, String alarm, String chart, String until) implements Output.Row {
        @Override
        public List<String> cells() {
            return List.of(node, alarm, chart, until == null ? "until unmuted" : "until " + TIME.format(Instant.parse(until)));
        }
    }

    @Command(name = "mutes", description = "Print the mutes in force on a node.")
    int mutes(@Parameters(paramLabel = "NAME") String node, @Option(names = "--json", description = Output.JSON_HELP) boolean json) {
        NodeCalls calls = new NodeCalls(context, spec.commandLine().getErr());
        WorkerNode worker = calls.node(node);
        NodeAlerts alerts = context.homeport().nodeAlerts();
        List<MuteRow> rows = calls.connect(worker, prompts -> alerts.mutes(worker, prompts)).stream()
                .map(m -> new MuteRow(m.node(), m.alarm(), m.chart(), m.until() == null ? null : m.until().toString())).toList();
        if (!json && rows.isEmpty()) {
            context.output().line("Nothing is muted on " + worker.name() + ".");
        } else {
            context.output().list(json, rows);
        }
        return Cli.OK;
    }

    static Duration duration(String text) {
        return DurationText.parse(text).filter(d -> !d.isZero()).orElseThrow(() -> new CliException(Cli.BAD_INPUT,
                "--for: must be a length of time, such as 30m, 1h, 1d or 1h30m, got '" + Output.printable(text, false) + "'"));
    }
}
