package dev.homeport.app.cli;

import dev.homeport.app.cli.DeployShapes.ReleaseValue;
import dev.homeport.model.Deployment;
import dev.homeport.model.DeploymentState;
import dev.homeport.model.inventory.NotFoundException;
import dev.homeport.ssh.deploy.ConfigSnapshot;
import dev.homeport.ssh.deploy.DeployListener;
import dev.homeport.ssh.deploy.DeployRun;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the commands that work on a service's releases share: connecting to
 * the node of its live release first, following a deployment to its end,
 * and a service's releases with what changed from one to the next.
 */
final class DeployCalls {
    /** How long Ctrl-C waits for a cancelled deployment to remove its new container and record its end. */
    private static final Duration CANCEL_GRACE = Duration.ofSeconds(20);

    private final CliContext context;
    private final PrintWriter err;

    DeployCalls(CliContext context, PrintWriter err) {
        this.context = context;
        this.err = err;
    }

    /**
     * Prompts for work on the service's live release, connected to its node already (see
     * {@link NodeCalls#connectNow}); with no live release, the service refuses the work itself.
     */
    TerminalPrompts promptsForLiveNode(long serviceId) {
        Optional<Deployment> live = context.homeport().deployments().live(serviceId);
        if (live.isPresent() && live.get().nodeId() != null) {
            NodeCalls calls = new NodeCalls(context, err);
            return calls.connectNow(context.homeport().nodes().node(live.get().nodeId()));
        }
        return new TerminalPrompts(context.terminal());
    }

    /** A node's name; {@code -} for none, {@code #id} for a node removed since. */
    String nodeName(Long nodeId) {
        if (nodeId == null) {
            return "-";
        }
        try {
            return context.homeport().nodes().node(nodeId).name();
        } catch (NotFoundException removed) {
            return "#" + nodeId;
        }
    }

    /** The service's releases, newest first, each with what changed since the release before it. */
    List<ReleaseValue> releases(long serviceId, String servicePath) {
        List<Deployment> deployments = context.homeport().deployments().ofService(serviceId);
        List<ReleaseValue> releases = new ArrayList<>();
        for (int i = 0; i < deployments.size(); i++) {
            Deployment deployment = deployments.get(i);
            Deployment before = i + 1 < deployments.size() ? deployments.get(i + 1) : null;
            List<String> changes = before == null ? null : changes(deployment, before);
            releases.add(ReleaseValue.of(deployment, servicePath, nodeName(deployment.nodeId()),
                    before == null ? null : before.id(), changes));
        }
        return releases;
    }

    /** What changed, in words; secret values are compared, never shown. */
    private static List<String> changes(Deployment deployment, Deployment before) {
        if (deployment.configSnapshot() == null || before.configSnapshot() == null) {
            return List.of("(not recorded)");
        }
        try {
            return ConfigSnapshot.fromJson(deployment.configSnapshot()).changesSince(ConfigSnapshot.fromJson(before.configSnapshot()));
        } catch (IllegalArgumentException unreadable) {
            return List.of("(cannot be read: " + unreadable.getMessage() + ")");
        }
    }

    /**
     * Shows a deployment's log as it runs: on stdout, or on stderr when stdout is for
     * JSON; nothing when quiet. A line marks each state it reaches on the way.
     */
    DeployListener progress(boolean json, boolean quiet) {
        if (quiet) {
            return DeployListener.NONE;
        }
        return new DeployListener() {
            @Override
            public void state(Deployment deployment) {
                if (deployment.state().inProgress()) {
                    log("==> " + deployment.state());
                }
            }

            @Override
            public void log(String line) {
                if (json) {
                    err.println(Output.printable(line, false));
                } else {
                    context.output().line(Output.printable(line, false));
                }
            }
        };
    }

    /**
     * Waits for the deployment to end and prints how it ended: the release as JSON, or a
     * line. Ctrl-C cancels it meanwhile, which leaves the previous release serving; once
     * traffic is moving it is too late, and the switch is let finish. Returns when the
     * release is LIVE; otherwise throws with the reason.
     */
    void await(DeployRun run, long serviceId, String servicePath, boolean json) {
        long id = run.queued().id();
        CancelOnExit cancelOnExit = new CancelOnExit(context.interrupts(), "homeport-deploy-cancel", () -> {
            if (!run.finished().isDone()) {
                err.println(run.cancel() ? "Cancelling deployment #" + id + "; the previous release keeps serving."
                        : "Too late to cancel: traffic is moving to deployment #" + id + "; letting it finish.");
            }
        }, CANCEL_GRACE);
        ReleaseValue ended;
        try {
            Deployment deployment = run.await();
            ended = releases(serviceId, servicePath).stream().filter(r -> r.id() == deployment.id()).findFirst()
                    .orElseThrow(() -> new CliException(Cli.FAILED, "Deployment #" + id + " is gone from the history."));
            if (json) {
                context.output().json(ended);
            } else if (deployment.state() == DeploymentState.LIVE) {
                context.output().line(ended.outcome());
            }
            if (cancelOnExit.exiting() && deployment.state() != DeploymentState.LIVE) {
                // After Ctrl-C the JVM ends as soon as this returns, maybe before the error line is printed.
                err.println(Output.printable(ended.outcome(), false));
            }
        } catch (InterruptedException e) {
            run.cancel();
            Thread.currentThread().interrupt();
            throw new CliException(Cli.FAILED, "Interrupted while waiting for deployment #" + id + "; it was cancelled.", e);
        } finally {
            cancelOnExit.close();
        }
        if (!ended.state().equals(DeploymentState.LIVE.name())) {
            throw new CliException(Cli.FAILED, ended.outcome());
        }
    }
}
