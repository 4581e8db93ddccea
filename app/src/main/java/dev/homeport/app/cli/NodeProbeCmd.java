package dev.homeport.app.cli;

import dev.homeport.app.cli.NodeOpsShapes.ProbeOutput;
import dev.homeport.model.WorkerNode;
import dev.homeport.ssh.provision.ProbeReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "probe", description = {
        "Look at a Worker Node, changing nothing, and print the checklist: OS, resources, disk, package manager, Docker,"
                + " Caddy, Netdata, ports 80/443 and privileges, each OK, WARNING or FAILED, with the next thing to do.",
        "The probe is recorded in the node's history."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no check FAILED (warnings may remain)", "1:the probe could not run (unknown node, login failed)",
                "3:at least one check FAILED"})
final class NodeProbeCmd implements Callable<Integer> {
    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--json", description = Output.JSON_HELP)
    boolean json;

    NodeProbeCmd(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        NodeCalls calls = new NodeCalls(context, spec.commandLine().getErr());
        WorkerNode node = calls.node(name);
        ProbeReport report = calls.connect(node, prompts -> context.homeport().nodeSetup().probe(node, prompts));
        ProbeOutput probe = ProbeOutput.of(node.name(), report);
        print(context.output(), json, probe);
        return probe.failed() ? Cli.NODE_PROBLEM : Cli.OK;
    }

    /** The checklist and its summary, or the whole report as JSON. */
    static void print(Output output, boolean json, ProbeOutput probe) {
        if (json) {
            output.json(probe);
            return;
        }
        output.list(false, probe.rows());
        output.line("Probe of '" + probe.node() + "': " + probe.summary() + ".");
    }
}
