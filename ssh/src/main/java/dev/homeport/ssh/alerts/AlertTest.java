package dev.homeport.ssh.alerts;

import dev.homeport.ssh.transport.Command;
import dev.homeport.ssh.transport.ExecResult;
import dev.homeport.ssh.transport.NodeConnection;
import java.time.Duration;

/**
 * "Send a test alert": Netdata's own {@code alarm-notify.sh test} run on the node as the netdata user, as
 * Netdata would run it, sending a WARNING, a CRITICAL and a CLEAR to the {@code sysadmin} role by every
 * method set in the node's /etc/netdata/health_alarm_notify.conf.
 *
 * @param ok     whether alarm-notify.sh reported every notification sent
 * @param output what it printed (its own messages; Homeport's ntfy and webhook senders never print addresses or tokens)
 */
public record AlertTest(String node, boolean ok, String output) {
    /** Where Debian's netdata has the notifier; upstream installs put it under /usr/libexec. */
    private static final String[] NOTIFIER = {"/usr/lib/netdata/plugins.d/alarm-notify.sh", "/usr/libexec/netdata/plugins.d/alarm-notify.sh"};
    /** Each method may take up to its 15 s timeout, three times. */
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final String SCRIPT = """
            for n in "$@"; do
              if [ -x "$n" ]; then
                exec runuser -u netdata -- "$n" test sysadmin 2>&1
              fi
            done
            echo "Netdata's alarm-notify.sh is not on this node ($*): provision it first." >&2
            exit 127
            """;

    /** Blocks: runs the test on the node and returns what it printed. Needs root or passwordless sudo there. */
    static AlertTest run(NodeConnection connection) {
        ExecResult result = connection.exec(Roots.asRoot(connection, Command.script(SCRIPT, NOTIFIER)),
                TIMEOUT, null);
        return new AlertTest(connection.target().name(), result.ok(), (result.out() + result.err()).strip());
    }
}
