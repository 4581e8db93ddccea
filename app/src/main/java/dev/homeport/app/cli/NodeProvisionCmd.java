package dev.homeport.app.cli;

import dev.homeport.app.cli.NodeOpsShapes.ProvisionOutput;
import dev.homeport.model.WorkerNode;
import dev.homeport.ssh.provision.NodeSetupService;
import dev.homeport.ssh.provision.ProvisionException;
import dev.homeport.ssh.provision.ProvisionListener;
import dev.homeport.ssh.provision.ProvisionOptions;
import dev.homeport.ssh.provision.ProvisionOptions.DockerSource;
import dev.homeport.ssh.provision.ProvisionResult;
import dev.homeport.ssh.provision.Provisioner;
import dev.homeport.ssh.provision.StepResult;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "provision", description = {
        "Prepare a Worker Node (Debian or Ubuntu): Docker Engine, Docker access for the SSH user, Caddy, Netdata and the"
                + " homeport network. Each step checks first and changes only what is missing, so it is safe to run again;"
                + " a stopped run resumes. It never opens a port or changes the firewall.",
        "Progress goes to stderr as it comes; the changes per step and the probe after the run go to stdout."
                + " Ctrl-C cancels the run, and the command on the node stops too."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:provisioned, and the probe after it has no FAILED check",
                "1:provisioning stopped (the message names the step and what changed before it), or could not start",
                "2:bad input, or no --yes when input is not a terminal",
                "3:provisioned, but the probe after it still has a FAILED check"})
final class NodeProvisionCmd implements Callable<Integer> {
    static final String DISTRIBUTION = "distribution";
    static final String GET_DOCKER_COM = "get.docker.com";
    /** How long Ctrl-C waits for the command on the node to stop and the run to be recorded. */
    private static final Duration CANCEL_GRACE = Duration.ofSeconds(10);

    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--docker-from", paramLabel = "SOURCE", defaultValue = DISTRIBUTION,
            description = "Where Docker Engine comes from when the node has none: '" + DISTRIBUTION + "' (the distribution's"
                    + " docker.io package, the default) or '" + GET_DOCKER_COM + "' (Docker's script, downloaded and run as root).")
    String dockerFrom;

    @Option(names = {"-y", "--yes"}, description = Confirmation.CHANGE_YES_HELP)
    boolean yes;

    @Option(names = "--json", description = Output.JSON_HELP)
    boolean json;

    NodeProvisionCmd(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ProvisionOptions options = new ProvisionOptions(dockerSource(), context.homeport().alertSettings().config());
        PrintWriter err = spec.commandLine().getErr();
        NodeCalls calls = new NodeCalls(context, err);
        WorkerNode node = calls.node(name);
        err.println(Output.printable(plan(node, options), true));
        if (!yes) {
            Confirmation.change(context.terminal(), "Provision '" + node.name() + "'?");
        }
        NodeSetupService setup = context.homeport().nodeSetup();
        Provisioner provisioner = calls.connect(node, prompts -> setup.provisioner(node, prompts, options));
        ProvisionResult result = run(setup, node, provisioner, err);
        ProvisionOutput output = ProvisionOutput.of(node.name(), result);
        if (json) {
            context.output().json(output);
        } else {
            context.output().list(false, output.stepRows());
            context.output().line("Probe after provisioning:");
            NodeProbeCmd.print(context.output(), false, output.after());
            context.output().line("Provisioned node '" + node.name() + "': " + result.summary() + ".");
        }
        return output.after().failed() ? Cli.NODE_PROBLEM : Cli.OK;
    }

    private ProvisionResult run(NodeSetupService setup, WorkerNode node, Provisioner provisioner, PrintWriter err) {
        CancelOnExit cancelOnExit = new CancelOnExit(context.interrupts(), "homeport-provision-cancel", provisioner::cancel, CANCEL_GRACE);
        try {
            return setup.provision(node, provisioner, progress(err));
        } catch (ProvisionException e) {
            String changed = changedBefore(e.steps());
            if (cancelOnExit.exiting()) {
                // After Ctrl-C the JVM ends as soon as the run has stopped, maybe before the error line is printed.
                err.println(Output.printable("Stopped at the step '" + e.step() + "'. " + changed, false));
            }
            throw new CliException(Cli.FAILED, "Provisioning of '" + node.name() + "' stopped at the step '" + e.step() + "': "
                    + e.getMessage() + " " + changed, e);
        } finally {
            cancelOnExit.close();
        }
    }

    /** Step titles and the node's output on stderr, as they come; the output passes through as with node exec. */
    private static ProvisionListener progress(PrintWriter err) {
        return new ProvisionListener() {
            @Override
            public void stepStarted(String step, String title) {
                err.println(Output.printable("==> " + step + ": " + title, false));
            }

            @Override
            public void log(String step, String line) {
                err.println("    " + line);
            }
        };
    }

    static String changedBefore(List<StepResult> steps) {
        List<String> changes = steps.stream().filter(StepResult::changed).map(StepResult::line).toList();
        return changes.isEmpty() ? "Nothing had been changed." : "Changed before it stopped: " + String.join("; ", changes) + ".";
    }

    private DockerSource dockerSource() {
        return switch (dockerFrom) {
            case DISTRIBUTION -> DockerSource.DISTRIBUTION;
            case GET_DOCKER_COM -> DockerSource.GET_DOCKER_COM;
            default -> throw new CliException(Cli.BAD_INPUT, "--docker-from: must be '" + DISTRIBUTION + "' or '" + GET_DOCKER_COM
                    + "', got '" + Output.printable(dockerFrom, false) + "'");
        };
    }

    private static String alertMethods(ProvisionOptions options) {
        var methods = options.alerts().methods();
        return methods.isEmpty() ? "nowhere yet ('homeport settings alerts set' chooses how)"
                : "by " + String.join(", ", methods.stream().map(dev.homeport.model.NotifyMethod::kind).distinct().toList());
    }

    private static String plan(WorkerNode node, ProvisionOptions options) {
        String docker = options.dockerSource() == DockerSource.DISTRIBUTION
                ? "from the distribution's docker.io package" : "with Docker's script from get.docker.com, run as root";
        return "Provision node '" + node.name() + "' (" + node.address() + "). Each step checks first and changes only what is missing:\n"
                + "  1. package manager: finish an interrupted installation (dpkg --configure -a)\n"
                + "  2. Docker Engine, " + docker + "\n"
                + "  3. Docker access: add " + node.user() + " to the docker group\n"
                + "  4. Caddy, with its admin API on 127.0.0.1:2019 only\n"
                + "  5. Netdata, on 127.0.0.1:19999 only\n"
                + "  6. Homeport's alarms in Netdata, sent " + alertMethods(options) + "\n"
                + "  7. the Docker network homeport\n"
                + "Installing needs root or passwordless sudo. No port is opened and the firewall is not changed.";
    }
}
