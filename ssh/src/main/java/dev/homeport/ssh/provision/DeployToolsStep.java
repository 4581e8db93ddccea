package dev.homeport.ssh.provision;

import dev.homeport.ssh.transport.Command;

/**
 * What deploying needs beyond Docker and Caddy: git, for building git
 * services on the node; a static busybox ({@value #BUSYBOX_PACKAGE}), which a
 * cluster's replicas borrow for their secret variables and health check
 * whatever their image holds, and every release container for a shell in an
 * image without one; and {@code net.ipv4.tcp_migrate_req=1}, so the
 * kernel hands connections queued on Caddy's old listening socket to the new
 * one when a deploy changes its config, instead of resetting them. The
 * setting is saved in {@value #SYSCTL_FILE} so it survives a reboot.
 */
final class DeployToolsStep implements ProvisionStep {
    static final String SYSCTL_FILE = "/etc/sysctl.d/60-homeport.conf";
    static final String SETTING = "net.ipv4.tcp_migrate_req";
    static final String BUSYBOX_PACKAGE = "busybox-static";

    @Override
    public String name() {
        return "deploy-tools";
    }

    @Override
    public String title() {
        return "git, a static busybox for replicas, and reloads without dropped connections";
    }

    @Override
    public void apply(StepContext context) {
        NodeFacts facts = context.facts();
        if (facts.get("git.version").isEmpty()) {
            context.aptInstall("git");
            facts = context.refresh();
            context.changed("installed " + facts.get("git.version"));
        }
        if (!facts.has("busybox.static")) {
            context.aptInstall(BUSYBOX_PACKAGE);
            facts = context.refresh();
            if (!facts.has("busybox.static")) {
                throw new ProvisionException(name(), ProvisionException.Reason.STEP_FAILED, BUSYBOX_PACKAGE
                        + " is installed but /bin/busybox is not a static program.");
            }
            context.changed("installed " + BUSYBOX_PACKAGE);
        }
        String migrate = facts.get("migrate_req");
        if (migrate.equals("missing")) {
            context.log("the kernel is older than 5.14 and has no " + SETTING + ": a route switch can reset a few connections");
            return;
        }
        if (!facts.has("migrate_req.saved")) {
            context.runAsRoot(Command.script("printf '%s\\n' \"$1\" > \"$2\"", SETTING + " = 1", SYSCTL_FILE), "Saving " + SETTING + " = 1");
            context.changed("saved " + SETTING + " = 1 in " + SYSCTL_FILE);
        }
        if (!migrate.equals("1")) {
            context.runAsRoot(Command.of("sysctl", "-q", "-w", SETTING + "=1"), "Turning " + SETTING + " on");
            context.changed("turned " + SETTING + " on");
        }
        facts = context.refresh();
        if (!facts.get("migrate_req").equals("1") || !facts.has("migrate_req.saved")) {
            throw new ProvisionException(name(), ProvisionException.Reason.STEP_FAILED, SETTING + " is still not on and saved.");
        }
    }
}
