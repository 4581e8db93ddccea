package dev.homeport.ssh.provision;

/**
 * Finishes a package installation that was interrupted (a dropped connection,
 * a killed apt, a reboot) with {@code dpkg --configure -a}, after waiting for
 * any apt or dpkg that is still running; when a package was killed halfway
 * through unpacking (which dpkg cannot configure), apt installs it again first. Without this, every later apt-get
 * would refuse to run.
 */
final class PackageManagerStep implements ProvisionStep {
    @Override
    public String name() {
        return "package-manager";
    }

    @Override
    public String title() {
        return "Package manager ready";
    }

    @Override
    public void apply(StepContext context) {
        NodeFacts facts = context.facts();
        if (!facts.dpkgBusy().isEmpty()) {
            context.log("waiting for apt or dpkg to finish: " + String.join(", ", facts.dpkgBusy()));
            facts = context.awaitFacts(f -> f.dpkgBusy().isEmpty(), Apt.LOCK_TIMEOUT,
                    "apt or dpkg is still busy after " + Apt.LOCK_TIMEOUT.toMinutes() + " minutes; wait for it to finish, then run Provision again.");
        }
        if (!facts.dpkgInterrupted()) {
            return;
        }
        context.log("dpkg was interrupted" + (facts.has("dpkg.audit") ? " (" + facts.get("dpkg.audit") + ")" : "") + "; finishing it");
        try {
            context.runAsRoot(Apt.configurePending(), "dpkg --configure -a");
        } catch (ProvisionException halfInstalled) {
            if (halfInstalled.reason() != ProvisionException.Reason.STEP_FAILED) {
                throw halfInstalled; // cancelled, or the connection went: nothing to repair from here
            }
            // A package killed while it was being unpacked cannot be configured: apt unpacks it again first.
            context.log("dpkg --configure -a could not finish; repairing with apt-get --fix-broken install");
            context.runAsRoot(Apt.fixBroken(), "apt-get --fix-broken install");
            context.runAsRoot(Apt.configurePending(), "dpkg --configure -a");
        }
        context.changed("finished an interrupted package installation (dpkg --configure -a)");
        context.awaitFacts(f -> !f.dpkgInterrupted(), java.time.Duration.ZERO,
                "dpkg still reports unfinished packages after dpkg --configure -a; run 'sudo dpkg --audit' on the node to see which.");
    }
}
