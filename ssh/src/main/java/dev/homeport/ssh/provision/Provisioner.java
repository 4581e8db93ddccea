package dev.homeport.ssh.provision;

import dev.homeport.ssh.provision.ProvisionException.Reason;
import dev.homeport.ssh.transport.NodeConnection;
import dev.homeport.ssh.transport.NodeConnections;
import dev.homeport.ssh.transport.Prompts;
import dev.homeport.ssh.transport.RemoteProcess;
import dev.homeport.ssh.transport.SshTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Prepares a Debian or Ubuntu node: Docker Engine, the user's docker group,
 * Caddy, Netdata and the {@code homeport} network. Each step checks, acts
 * only when needed, and verifies; so a run is safe to repeat, and a run that
 * stopped (a dropped connection, a killed apt, a cancel) resumes when started
 * again. It never opens a port and never touches the firewall.
 *
 * <p>{@link #run} blocks; {@link #cancel} may be called from another thread.
 */
public final class Provisioner {
    private final Session session;
    private final ProvisionOptions options;

    public Provisioner(NodeConnections connections, SshTarget target, Prompts prompts, ProvisionOptions options) {
        this.session = new Session(connections, target, prompts);
        this.options = options;
    }

    /** The steps, in the order they run. */
    static List<ProvisionStep> steps() {
        return List.of(new PackageManagerStep(), new DockerEngineStep(), new DockerGroupStep(), new CaddyStep(),
                new NetdataStep(), new AlertsStep(), new HomeportNetworkStep(), new DeployToolsStep(), new BackupToolsStep(),
                new ContainerWatchStep());
    }

    public ProvisionResult run(ProvisionListener listener) {
        StepContext context = new StepContext(session, listener, options);
        context.begin("os");
        NodeFacts facts = context.facts();
        if (!ProbeChecks.supportedOs(facts)) {
            String name = facts.has("os.name") ? facts.get("os.name") : facts.has("os.id") ? facts.get("os.id") : "an unidentified system";
            throw new ProvisionException("os", Reason.UNSUPPORTED_OS, session.target.name() + " runs " + name
                    + ". Homeport provisions Debian and Ubuntu only; nothing was changed.");
        }
        List<StepResult> results = new ArrayList<>();
        for (ProvisionStep step : steps()) {
            context.begin(step.name());
            try {
                session.checkCancelled(step.name());
                listener.stepStarted(step.name(), step.title());
                step.apply(context);
            } catch (ProvisionException e) {
                results.add(context.finish());
                throw e.withSteps(results);
            }
            StepResult result = context.finish();
            if (!result.changed()) {
                listener.log(step.name(), "nothing changed");
            }
            listener.stepFinished(result);
            results.add(result);
        }
        context.begin("probe");
        ProbeReport after;
        try {
            after = new ProbeChecks(context.refresh()).report();
        } catch (ProvisionException e) {
            throw e.withSteps(results);
        }
        return new ProvisionResult(results, session.reconnected, after);
    }

    /** Stops the run: the command running on the node is stopped too, and {@link #run} throws a CANCELLED {@link ProvisionException}. */
    public void cancel() {
        session.cancel();
    }

    /** The connection a run uses, which it may reopen; and the run's cancellation. */
    static final class Session {
        private final NodeConnections connections;
        private final SshTarget target;
        private final Prompts prompts;
        private NodeConnection connection;
        private volatile boolean cancelled;
        private volatile RemoteProcess running;
        private boolean reconnected;

        Session(NodeConnections connections, SshTarget target, Prompts prompts) {
            this.connections = connections;
            this.target = target;
            this.prompts = prompts;
        }

        synchronized NodeConnection connection() {
            if (connection == null) {
                connection = connections.to(target, prompts);
            }
            return connection;
        }

        /** Closes the shared connection to the node, so the next operation logs in anew. */
        synchronized void reconnect() {
            connections.disconnect(target);
            connection = null;
            reconnected = true;
        }

        void running(RemoteProcess process) {
            running = process;
            if (process != null && cancelled) {
                process.cancel();
            }
        }

        void cancel() {
            cancelled = true;
            RemoteProcess process = running;
            if (process != null) {
                process.cancel();
            }
        }

        void checkCancelled(String step) {
            if (cancelled || Thread.currentThread().isInterrupted()) {
                throw new ProvisionException(step, Reason.CANCELLED, "Provisioning was cancelled during the step '" + step
                        + "'. Run it again to finish: it resumes where it stopped.");
            }
        }

        void pause(Duration duration, String step) {
            try {
                Thread.sleep(duration);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            checkCancelled(step);
        }
    }
}
