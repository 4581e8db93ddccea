package dev.homeport.ssh.alerts;

import dev.homeport.model.WorkerNode;
import dev.homeport.ssh.netdata.Alarm;
import dev.homeport.ssh.netdata.AlarmEvent;
import dev.homeport.ssh.netdata.NetdataClient;
import dev.homeport.ssh.netdata.NetdataException;
import dev.homeport.ssh.nodes.NodeClients;
import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.transport.Command;
import dev.homeport.ssh.transport.ExecResult;
import dev.homeport.ssh.transport.NodeConnection;
import dev.homeport.ssh.transport.NodeException;
import dev.homeport.ssh.transport.Prompts;
import dev.homeport.ssh.transport.RemoteCommandException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The alerts of the Worker Nodes, as the Alerts page and {@code homeport alerts} show them: what each
 * node's Netdata has raised now, its alarm log, the test alert, and mutes. Every method blocks (SSH, and
 * Netdata through an SSH forward): call them off the JavaFX thread.
 *
 * <p><b>Mutes</b> are Netdata's own silencers, so a muted alarm sends nothing while Homeport is closed,
 * too. Netdata 1.37's silencers never expire and its API can only clear them all at once, so the node
 * keeps Homeport's list ({@value #MUTES}: one "UNTIL ALARM CHART" line each, UNTIL 0 for until unmuted),
 * and a small script there ({@value #APPLY}) clears Netdata's silencers, sets one per mute still in force,
 * and leaves a sleeping process that runs it again when the next mute ends. The script reads Netdata's
 * API key ({@code /var/lib/netdata/netdata.api.key}) itself: the key never leaves the node.
 */
public final class NodeAlerts {
    static final String DIR = "/var/lib/homeport-alerts";
    static final String MUTES = DIR + "/mutes";
    static final String APPLY = DIR + "/apply.sh";
    private static final Duration MUTE_TIMEOUT = Duration.ofSeconds(60);
    private static final String APPLY_SCRIPT = """
            #!/bin/sh
            # Written by Homeport: applies Homeport's mutes (lines "UNTIL ALARM CHART" in mutes, UNTIL 0 = until unmuted)
            # as Netdata silencers, and runs itself again when the next one ends.
            dir=/var/lib/homeport-alerts
            now=$(date +%s)
            touch "$dir/mutes"
            awk -v now="$now" '$1 == 0 || $1 > now' "$dir/mutes" > "$dir/mutes.new" && chmod 0644 "$dir/mutes.new" && mv -f "$dir/mutes.new" "$dir/mutes"
            key=$(cat /var/lib/netdata/netdata.api.key) || exit 1
            api() {
              printf 'header = "X-Auth-Token: %s"\\n' "$key" | curl -fsS --max-time 10 -o /dev/null -K - "http://127.0.0.1:19999/api/v1/manage/health?$1"
            }
            api "cmd=RESET" || exit 1
            while read -r until alarm chart; do
              [ -n "$alarm" ] && { api "cmd=SILENCE&alarm=$alarm&chart=$chart" || exit 1; }
            done < "$dir/mutes"
            if [ -f "$dir/timer.pid" ]; then
              kill "$(cat "$dir/timer.pid")" 2>/dev/null
              rm -f "$dir/timer.pid"
            fi
            next=$(awk '$1 > 0 {print $1}' "$dir/mutes" | sort -n | head -n 1)
            if [ -n "$next" ]; then
              nohup setsid sh -c 'sleep "$1"; exec sh "$2"' sh $((next - now + 1)) "$0" >/dev/null 2>&1 </dev/null &
              echo $! > "$dir/timer.pid"
            fi
            """;
    /** $1 mute|unmute, $2 alarm, $3 chart, $4 seconds (0: until unmuted); the apply script arrives on stdin. */
    private static final String CHANGE = """
            command -v curl >/dev/null || { echo "curl is not installed on this node; Homeport's mutes need it (apt-get install curl)." >&2; exit 3; }
            [ -r /var/lib/netdata/netdata.api.key ] || { echo "Netdata's API key (/var/lib/netdata/netdata.api.key) is missing: is Netdata 1.37 or newer installed?" >&2; exit 3; }
            dir=/var/lib/homeport-alerts
            mkdir -p "$dir" && chmod 0755 "$dir"
            cat > "$dir/apply.sh.new" && chmod 0700 "$dir/apply.sh.new" && mv -f "$dir/apply.sh.new" "$dir/apply.sh" || exit 1
            touch "$dir/mutes"
            awk -v a="$2" -v c="$3" '!($2 == a && $3 == c)' "$dir/mutes" > "$dir/mutes.new" && mv -f "$dir/mutes.new" "$dir/mutes"
            if [ "$1" = mute ]; then
              until=0
              [ "$4" -gt 0 ] && until=$(( $(date +%s) + $4 ))
              printf '%s %s %s\\n' "$until" "$2" "$3" >> "$dir/mutes"
            fi
            exec sh "$dir/apply.sh"
            """;

    private final NodeService nodes;
    private final NodeClients clients;

    public NodeAlerts(NodeService nodes, NodeClients clients) {
        this.nodes = nodes;
        this.clients = clients;
    }

    /** One node's raised alarms, or why they could not be read. */
    public record NodeAlarms(String node, List<Alarm> raised, String error) {
        public NodeAlarms {
            raised = List.copyOf(raised);
        }

        public boolean readable() {
            return error == null;
        }
    }

    /** Blocks. The alarms raised now on each node, one node after the other; a node that cannot be read says why. */
    public List<NodeAlarms> raised(List<WorkerNode> all, Prompts prompts) {
        List<NodeAlarms> result = new ArrayList<>();
        for (WorkerNode node : all) {
            result.add(raised(node, prompts));
        }
        return result;
    }

    /** Blocks. The alarms raised now on one node, or why they could not be read (never throws for an unreachable node). */
    public NodeAlarms raised(WorkerNode node, Prompts prompts) {
        try {
            NetdataClient netdata = clients.netdata(node, prompts);
            return new NodeAlarms(node.name(), netdata.alarms(), null);
        } catch (NetdataException | NodeException e) {
            return new NodeAlarms(node.name(), List.of(), e.getMessage());
        }
    }

    /** Blocks. The node's alarm log after {@code afterId} (0: all Netdata keeps), newest first. */
    public List<AlarmEvent> history(WorkerNode node, Prompts prompts, long afterId) {
        return clients.netdata(node, prompts).alarmLog(afterId);
    }

    /** Blocks. "Send a test alert" on the node: see {@link AlertTest}. */
    public AlertTest sendTest(WorkerNode node, Prompts prompts) {
        return AlertTest.run(nodes.connection(node, prompts));
    }

    /** Blocks. Mutes one alarm of one chart on the node, for {@code duration}, or until unmuted when it is null. */
    public Mute mute(WorkerNode node, Prompts prompts, String alarm, String chart, Duration duration) {
        Mute.check("alarm", alarm);
        Mute.check("chart", chart);
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new dev.homeport.model.ValidationException("duration", "must be longer than 0, got " + duration);
        }
        change(node, prompts, "mute", alarm, chart, duration == null ? 0 : duration.toSeconds());
        return mutes(node, prompts).stream().filter(m -> m.alarm().equals(alarm) && m.chart().equals(chart)).findFirst()
                .orElseThrow(() -> new IllegalStateException("The mute of " + alarm + " on " + node.name() + " was not kept."));
    }

    /** Blocks. Lifts a mute (nothing happens when there is none). */
    public void unmute(WorkerNode node, Prompts prompts, String alarm, String chart) {
        Mute.check("alarm", alarm);
        Mute.check("chart", chart);
        change(node, prompts, "unmute", alarm, chart, 0);
    }

    /** Blocks. The node's mutes in force (the list is readable without root). */
    public List<Mute> mutes(WorkerNode node, Prompts prompts) {
        NodeConnection connection = nodes.connection(node, prompts);
        ExecResult result = connection.exec(Command.script("[ -r \"$1\" ] && cat \"$1\"; true", MUTES));
        long now = Instant.now().getEpochSecond();
        List<Mute> mutes = new ArrayList<>();
        for (String line : result.out().lines().toList()) {
            String[] parts = line.strip().split("\\s+");
            if (parts.length == 3 && parts[0].matches("\\d+")) {
                long until = Long.parseLong(parts[0]);
                if (until == 0 || until > now) {
                    mutes.add(new Mute(node.name(), parts[1], parts[2], until == 0 ? null : Instant.ofEpochSecond(until)));
                }
            }
        }
        return mutes;
    }

    private void change(WorkerNode node, Prompts prompts, String op, String alarm, String chart, long seconds) {
        NodeConnection connection = nodes.connection(node, prompts);
        Command.Simple command = Roots.asRoot(connection, Command.script(CHANGE, op, alarm, chart, Long.toString(seconds)));
        ExecResult result = connection.exec(command, MUTE_TIMEOUT, APPLY_SCRIPT.getBytes(StandardCharsets.UTF_8));
        if (!result.ok()) {
            String why = result.err().strip();
            throw new RemoteCommandException("Could not " + op + " " + alarm + " on " + node.name() + ": "
                    + (why.isEmpty() ? "exit status " + result.exitStatus() : why), result);
        }
    }
}
