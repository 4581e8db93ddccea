package dev.homeport.ssh.provision;

import dev.homeport.ssh.provision.ProvisionException.Reason;
import java.time.Duration;

/**
 * Caddy from the distribution's packages, its admin API on 127.0.0.1:2019
 * only, resuming the config last set through that API after a restart. With
 * systemd that is a drop-in for caddy.service; without systemd (a container)
 * caddy is started in the background and will not come back after a reboot.
 * An admin address the user set elsewhere is reported, never changed.
 */
final class CaddyStep implements ProvisionStep {
    static final String DROP_IN = "/etc/systemd/system/caddy.service.d/homeport.conf";
    static final String DROP_IN_TEXT = """
            # Written by Homeport: caddy resumes the config last set through its admin API
            # (autosave.json), so routes survive restarts and reboots.
            [Service]
            ExecStart=
            ExecStart=/usr/bin/caddy run --environ --config /etc/caddy/Caddyfile --resume""";
    static final String LOG = "/var/log/caddy/homeport-caddy.log";
    /** The caddy user's home, as caddy.service has it, so the autosaved config is the same file either way. */
    private static final String[] RUN_WITHOUT_SYSTEMD = {"env", "HOME=/var/lib/caddy", "XDG_CONFIG_HOME=/var/lib/caddy/.config",
            "XDG_DATA_HOME=/var/lib/caddy/.local/share", "caddy", "run", "--environ", "--config", "/etc/caddy/Caddyfile", "--resume"};

    @Override
    public String name() {
        return "caddy";
    }

    @Override
    public String title() {
        return "Caddy with its admin API on 127.0.0.1:2019";
    }

    @Override
    public void apply(StepContext context) {
        NodeFacts facts = context.facts();
        if (ServiceChecks.caddyVersion(facts).isEmpty()) {
            context.aptInstall("caddy");
            facts = context.refresh();
            context.changed("installed caddy " + ServiceChecks.caddyVersion(facts));
        }
        TcpListeners listeners = facts.listeners();
        if (listeners.listening(ProbeChecks.CADDY_ADMIN_PORT) && !listeners.loopbackOnly(ProbeChecks.CADDY_ADMIN_PORT)) {
            throw new ProvisionException(name(), Reason.STEP_FAILED, "Caddy's admin API listens on " + listeners.describe(ProbeChecks.CADDY_ADMIN_PORT)
                    + ", reachable from the network. Homeport does not change an admin address set by hand: set the global option"
                    + " 'admin 127.0.0.1:2019' in /etc/caddy/Caddyfile, restart caddy, then run Provision again.");
        }
        if (facts.systemd()) {
            withSystemd(context, facts);
        } else {
            withoutSystemd(context, facts);
        }
        context.awaitFacts(CaddyStep::ready, Duration.ofSeconds(30),
                "Caddy's admin API did not answer on 127.0.0.1:2019 within 30 s; see caddy's log on the node"
                        + (context.facts().systemd() ? " (journalctl -u caddy)." : " (" + LOG + ")."));
    }

    private void withSystemd(StepContext context, NodeFacts facts) {
        boolean restart = false;
        if (!facts.get("caddy.dropin").equals("yes")) {
            context.runAsRoot(HostCommands.writeFile(DROP_IN, DROP_IN_TEXT), "Writing " + DROP_IN);
            context.runAsRoot(HostCommands.systemctl("daemon-reload"), "systemctl daemon-reload");
            context.changed("made caddy resume its last config after a restart (" + DROP_IN + ")");
            restart = true;
        }
        if (!facts.get("caddy.enabled").equals("enabled")) {
            context.runAsRoot(HostCommands.systemctl("enable", "caddy"), "Enabling caddy.service");
            context.changed("enabled caddy.service at boot");
        }
        if (restart || !ready(facts)) {
            context.runAsRoot(HostCommands.systemctl("restart", "caddy"), "Restarting caddy");
            context.changed(restart ? "restarted caddy" : "started caddy");
        }
    }

    private void withoutSystemd(StepContext context, NodeFacts facts) {
        if (facts.running("caddy")) {
            if (ServiceChecks.caddyPersistence(facts) != null) {
                context.log("caddy runs without --resume, started by someone else; Homeport leaves it alone (routes set through the API are lost when it restarts)");
            }
            return;
        }
        context.log("this host has no systemd: caddy is started in the background, as root, logging to " + LOG
                + "; it will not come back after a reboot");
        context.runAsRoot(HostCommands.startDetached(LOG, RUN_WITHOUT_SYSTEMD), "Starting caddy");
        context.changed("started caddy in the background (no systemd: it will not come back after a reboot)");
    }

    static boolean ready(NodeFacts facts) {
        return facts.listeners().loopbackOnly(ProbeChecks.CADDY_ADMIN_PORT) && facts.http("caddy").equals("ok");
    }
}
