package dev.homeport.app.desktop.alerts;

import dev.homeport.app.Homeport;
import dev.homeport.app.desktop.Notice;
import dev.homeport.app.desktop.Poller;
import dev.homeport.app.desktop.SystemNotifier;
import dev.homeport.app.desktop.Tasks;
import dev.homeport.model.WorkerNode;
import dev.homeport.ssh.alerts.NodeAlerts.NodeAlarms;
import dev.homeport.ssh.netdata.Alarm;
import dev.homeport.ssh.transport.Prompts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * While the app runs: reads every node's raised alarms every 30 s, and tells the user (in the window and
 * on the desktop) of each alarm newly raised or newly CRITICAL. Muted alarms are not told, and neither is
 * what is raised at the first read after the app starts (the Alerts page shows it). A node that cannot be
 * read keeps what it had: it is not told again when it can be read.
 */
public final class AlarmWatch {
    static final Duration PERIOD = Duration.ofSeconds(30);
    private final Homeport homeport;
    private final Tasks tasks;
    private final Consumer<Notice> notices;
    private final Poller.Polling polling;
    private final SystemNotifier desktop = new SystemNotifier();
    /** What was raised at the last read, as keys (node, alarm, chart, status); null before the first read. FX thread. */
    private Set<String> seen;

    public AlarmWatch(Homeport homeport, Tasks tasks, Poller poller, Consumer<Notice> notices) {
        this.homeport = homeport;
        this.tasks = tasks;
        this.notices = notices;
        this.polling = poller.polling("alarms of every node");
    }

    /** Watches these nodes (all the saved ones); none stops the watch. FX thread. */
    public void sync(List<WorkerNode> nodes) {
        if (nodes.isEmpty()) {
            polling.stop();
            return;
        }
        List<WorkerNode> watched = List.copyOf(nodes);
        polling.start(answers -> {
            List<NodeAlarms> read = homeport.nodeAlerts().raised(watched, Prompts.NONE);
            answers.show(() -> announce(read));
            return PERIOD;
        });
    }

    private void announce(List<NodeAlarms> read) {
        Set<String> previous = seen;
        seen = keys(read, previous);
        if (previous == null) {
            return;
        }
        for (Alarm alarm : fresh(previous, read)) {
            Notice notice = new Notice(alarm.status() + " on " + alarm.node() + ": " + alarm.name(),
                    alarm.chart() + " = " + alarm.value() + (alarm.info().isBlank() ? "" : ". " + alarm.info()), true);
            notices.accept(notice);
            tasks.background("Notifying the desktop", () -> desktop.send(notice.title(), notice.text()));
        }
    }

    /** The alarms raised now, not muted, that were not raised with this status before. */
    static List<Alarm> fresh(Set<String> previous, List<NodeAlarms> read) {
        List<Alarm> fresh = new ArrayList<>();
        for (NodeAlarms node : read) {
            for (Alarm alarm : node.raised()) {
                if (!alarm.silenced() && !previous.contains(key(alarm))) {
                    fresh.add(alarm);
                }
            }
        }
        return fresh;
    }

    /** The keys of what is raised now; a node that could not be read keeps its keys from before. */
    static Set<String> keys(List<NodeAlarms> read, Set<String> previous) {
        Set<String> keys = new HashSet<>();
        for (NodeAlarms node : read) {
            if (node.readable()) {
                node.raised().forEach(alarm -> keys.add(key(alarm)));
            } else if (previous != null) {
                previous.stream().filter(k -> k.startsWith(node.node() + "\n")).forEach(keys::add);
            }
        }
        return keys;
    }

    private static String key(Alarm alarm) {
        return alarm.node() + "\n" + alarm.key() + "\n" + alarm.status();
    }
}
