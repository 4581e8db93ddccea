package dev.homeport.ssh.provision;

import dev.homeport.ssh.transport.Command;
import java.time.Duration;

/**
 * Netdata from the distribution's packages, answering on 127.0.0.1:19999
 * only (Homeport reads it through an SSH forward). The bind setting is
 * changed only when it would let netdata listen beyond loopback, and netdata
 * is restarted only when that changed or it listens too widely.
 */
final class NetdataStep implements ProvisionStep {
    static final String LOG = "/var/log/netdata/homeport-netdata.log";

    @Override
    public String name() {
        return "netdata";
    }

    @Override
    public String title() {
        return "Netdata on 127.0.0.1:19999";
    }

    @Override
    public void apply(StepContext context) {
        NodeFacts facts = context.facts();
        if (ServiceChecks.netdataVersion(facts).isEmpty()) {
            context.aptInstall("netdata");
            facts = context.refresh();
            context.changed("installed netdata " + ServiceChecks.netdataVersion(facts));
        }
        TcpListeners listeners = facts.listeners();
        boolean listensWidely = listeners.listening(ProbeChecks.NETDATA_PORT) && !listeners.loopbackOnly(ProbeChecks.NETDATA_PORT);
        boolean restart = listensWidely;
        if (facts.get("netdata.conf").equals("yes") && !NetdataBind.loopbackOnly(facts.all("netdata.bind")) || listensWidely) {
            context.runAsRoot(NetdataBind.bindToLoopback(), "Binding netdata to 127.0.0.1");
            context.changed("bound netdata to 127.0.0.1 in " + NetdataBind.CONFIG);
            restart = true;
        }
        if (facts.systemd()) {
            if (restart) {
                context.runAsRoot(HostCommands.systemctl("restart", "netdata"), "Restarting netdata");
                context.changed("restarted netdata");
            }
            if (!facts.get("netdata.enabled").equals("enabled") || !listeners.listening(ProbeChecks.NETDATA_PORT)) {
                context.runAsRoot(HostCommands.systemctl("enable", "--now", "netdata"), "Starting netdata");
                context.changed("enabled and started netdata");
            }
        } else {
            if (restart && facts.running("netdata")) {
                context.runAsRoot(Command.of("pkill", "-x", "netdata"), "Stopping netdata");
                context.awaitFacts(f -> !f.running("netdata"), Duration.ofSeconds(30), "netdata did not stop within 30 s.");
                facts = context.facts();
            }
            if (!facts.running("netdata")) {
                context.log("this host has no systemd: netdata is started in the background, logging to " + LOG
                        + "; it will not come back after a reboot");
                context.runAsRoot(HostCommands.startDetached(LOG, "netdata", "-D"), "Starting netdata");
                context.changed(restart ? "restarted netdata in the background" : "started netdata in the background (no systemd: it will not come back after a reboot)");
            }
        }
        context.awaitFacts(NetdataStep::ready, Duration.ofSeconds(90),
                "Netdata did not answer on 127.0.0.1:19999 (and there only) within 90 s; see /var/log/netdata on the node.");
    }

    /** Restarts a running netdata (it reads its statsd apps only when it starts) and waits until it answers again. */
    static void restart(StepContext context) {
        if (context.facts().systemd()) {
            context.runAsRoot(HostCommands.systemctl("restart", "netdata"), "Restarting netdata");
            context.changed("restarted netdata");
        } else {
            if (context.facts().running("netdata")) {
                context.runAsRoot(Command.of("pkill", "-x", "netdata"), "Stopping netdata");
                context.awaitFacts(f -> !f.running("netdata"), Duration.ofSeconds(30), "netdata did not stop within 30 s.");
            }
            context.runAsRoot(HostCommands.startDetached(LOG, "netdata", "-D"), "Starting netdata");
            context.changed("restarted netdata in the background");
        }
        context.awaitFacts(NetdataStep::ready, Duration.ofSeconds(90),
                "Netdata did not answer on 127.0.0.1:19999 (and there only) within 90 s after its restart; see /var/log/netdata on the node.");
    }

    static boolean ready(NodeFacts facts) {
        return facts.listeners().loopbackOnly(ProbeChecks.NETDATA_PORT) && facts.http("netdata").equals("ok");
    }
}
