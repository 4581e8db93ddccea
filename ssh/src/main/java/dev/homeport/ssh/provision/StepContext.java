package dev.homeport.ssh.provision;

import dev.homeport.ssh.provision.ProvisionException.Reason;
import dev.homeport.ssh.transport.Command;
import dev.homeport.ssh.transport.ExecResult;
import dev.homeport.ssh.transport.NodeConnection;
import dev.homeport.ssh.transport.NodeException;
import dev.homeport.ssh.transport.RemoteProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * What a step works with: the node's current facts, a way to run commands
 * (as the user or as root) with their output streamed to the listener, and
 * the list of what it changed. It belongs to one run and one step at a time.
 */
final class StepContext {
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(30);
    private static final Duration POLL = Duration.ofSeconds(1);

    private final Provisioner.Session session;
    private final ProvisionListener listener;
    private final ProvisionOptions options;
    private NodeFacts facts;
    private String step = "";
    private List<String> changes = new ArrayList<>();
    private boolean aptUpdated;

    StepContext(Provisioner.Session session, ProvisionListener listener, ProvisionOptions options) {
        this.session = session;
        this.listener = listener;
        this.options = options;
    }

    void begin(String stepName) {
        step = stepName;
        changes = new ArrayList<>();
    }

    StepResult finish() {
        return new StepResult(step, changes);
    }

    ProvisionOptions options() {
        return options;
    }

    NodeFacts facts() {
        if (facts == null) {
            refresh();
        }
        return facts;
    }

    /** Looks at the node again, after a change. */
    NodeFacts refresh() {
        session.checkCancelled(step);
        facts = guarded(() -> new NodeProbe(session.connection()).facts());
        return facts;
    }

    /** Records a change, which also goes to the log. */
    void changed(String change) {
        changes.add(change);
        log(change);
    }

    void log(String line) {
        listener.log(step, line);
    }

    /** Opens a new SSH session for what follows (so, for example, a new group membership applies). */
    void reconnect() {
        log("reconnecting, so the new group membership applies to Homeport's SSH session");
        session.reconnect();
        facts = null;
    }

    /** The command as root: as it is for root, through {@code sudo -n} otherwise; refused without either. */
    Command.Simple asRoot(Command.Simple command) {
        NodeFacts current = facts();
        if (current.root()) {
            return command;
        }
        if (!current.privileged()) {
            String why = current.sudo().equals("missing") ? "sudo is not installed" : "sudo asks " + current.user() + " for a password";
            throw new ProvisionException(step, Reason.NO_PRIVILEGES, "This step needs root, but " + why
                    + ". Connect as root, or give " + current.user() + " passwordless sudo (a file in /etc/sudoers.d with '"
                    + current.user() + " ALL=(ALL) NOPASSWD:ALL'), then run Provision again.");
        }
        List<String> argv = new ArrayList<>(List.of("sudo", "-n", "--"));
        argv.addAll(command.argv());
        return Command.of(argv);
    }

    /** Runs a command as root, streaming its output; fails the step when it fails. */
    void runAsRoot(Command.Simple command, String what) {
        run(asRoot(command), what);
    }

    /**
     * Runs a short command as root with {@code stdin} fed to it (a file's content that may hold secrets:
     * it never becomes part of a command line); fails the step when it fails. Its output goes to the log.
     */
    void runAsRoot(Command.Simple command, byte[] stdin, String what) {
        Command.Simple root = asRoot(command);
        session.checkCancelled(step);
        ExecResult result = guarded(() -> session.connection().exec(root, Duration.ofMinutes(2), stdin));
        (result.out() + result.err()).lines().forEach(line -> listener.log(step, line));
        if (!result.ok()) {
            throw new ProvisionException(step, Reason.STEP_FAILED, what + " failed (exit status " + result.exitStatus() + "); its output is in the log above."
                    + " Run Provision again once the cause is fixed: steps already done are skipped.");
        }
    }

    /** Runs a command, streaming its output to the listener; fails the step when it exits non-zero. */
    void run(Command command, String what) {
        session.checkCancelled(step);
        int status = guarded(() -> {
            RemoteProcess process = session.connection().start(command, (source, line) -> listener.log(step, line));
            session.running(process);
            try {
                return process.waitFor(COMMAND_TIMEOUT);
            } finally {
                session.running(null);
                process.close();
            }
        });
        session.checkCancelled(step);
        if (status != 0) {
            throw new ProvisionException(step, Reason.STEP_FAILED, what + " failed (exit status " + status + "); its output is in the log above."
                    + " Run Provision again once the cause is fixed: steps already done are skipped.");
        }
    }

    /** Runs a short command and returns its result, whatever its status. */
    ExecResult exec(Command command) {
        session.checkCancelled(step);
        return guarded(() -> session.connection().exec(command, Duration.ofMinutes(2), null));
    }

    /** Runs a short command with {@code stdin} fed to it, as the SSH user, and returns its result, whatever its status. */
    ExecResult exec(Command command, byte[] stdin) {
        session.checkCancelled(step);
        return guarded(() -> session.connection().exec(command, Duration.ofMinutes(2), stdin));
    }

    /** apt-get update, once per run and only when a step installs something. */
    void aptUpdateOnce() {
        if (!aptUpdated) {
            runAsRoot(Apt.update(), "apt-get update");
            aptUpdated = true;
        }
    }

    void aptInstall(String... packages) {
        aptUpdateOnce();
        List<String> missing = Apt.withoutCandidate(exec(Apt.policy(packages)).out(), packages);
        if (!missing.isEmpty()) {
            NodeFacts current = facts();
            throw new ProvisionException(step, Reason.STEP_FAILED, current.get("os.name") + " offers no package " + String.join(", ", missing)
                    + " in its enabled repositories. On Ubuntu, enable the universe repository; on Debian, use Debian 12 or newer."
                    + " Or install it yourself, then run Provision again.");
        }
        runAsRoot(Apt.install(packages), "Installing " + String.join(", ", packages));
    }

    /** Re-probes until the facts pass, or fails the step with {@code failure} after {@code timeout}. */
    NodeFacts awaitFacts(Predicate<NodeFacts> ready, Duration timeout, String failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            NodeFacts current = refresh();
            if (ready.test(current)) {
                return current;
            }
            if (System.nanoTime() > deadline) {
                throw new ProvisionException(step, Reason.STEP_FAILED, failure);
            }
            session.pause(POLL, step);
        }
    }

    private interface Remote<T> {
        T call();
    }

    /** A connection that dropped mid-run becomes a failure that says the run can be resumed. */
    private <T> T guarded(Remote<T> work) {
        try {
            return work.call();
        } catch (NodeException e) {
            session.checkCancelled(step);
            if (e.kind() == NodeException.Kind.DISCONNECTED || e.kind() == NodeException.Kind.COMMAND_TIMED_OUT) {
                throw new ProvisionException(step, Reason.CONNECTION_LOST, e.getMessage()
                        + " Provisioning stopped at the step '" + step + "'. Run Provision again: it picks up where it stopped"
                        + " (an interrupted package installation is finished first).", e);
            }
            // Not reachable, refused login, host key to confirm: the caller handles these as for any connection.
            throw e;
        }
    }
}
