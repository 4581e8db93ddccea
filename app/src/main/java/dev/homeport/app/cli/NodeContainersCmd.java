package dev.homeport.app.cli;

import dev.homeport.app.cli.NodeOpsShapes.ContainerValue;
import dev.homeport.app.cli.NodeOpsShapes.TextRow;
import dev.homeport.app.cli.NodeOpsShapes.Usage;
import dev.homeport.model.WorkerNode;
import dev.homeport.ssh.docker.ContainerLister;
import dev.homeport.ssh.docker.ContainerSummary;
import dev.homeport.ssh.docker.NodeDocker;
import dev.homeport.ssh.netdata.NetdataClient;
import dev.homeport.ssh.nodes.ContainerUsages;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "containers", description = {
        "List the containers on a Worker Node, from its Docker Engine (read through SSH): name, image, state, health,"
                + " published ports and the Homeport labels (dev.homeport.*). Running ones only, unless --all.",
        "--usage adds each running container's CPU (% of one core, as docker stats) and memory: from Netdata when it"
                + " has both for the container, otherwise both from Docker's statistics, which take a second or two per"
                + " container; '-' when neither could be read (the container went away, say)."})
final class NodeContainersCmd implements Callable<Integer> {
    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = {"-a", "--all"}, description = "Include stopped containers.")
    boolean all;

    @Option(names = "--usage", description = "Add CPU and memory use for running containers.")
    boolean usage;

    @Option(names = "--json", description = Output.JSON_HELP)
    boolean json;

    NodeContainersCmd(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        NodeCalls calls = new NodeCalls(context, spec.commandLine().getErr());
        WorkerNode node = calls.node(name);
        NodeDocker docker = calls.connect(node, prompts -> context.homeport().nodeClients().docker(node, prompts));
        List<ContainerSummary> containers = new ContainerLister(docker.client()).all().stream()
                .filter(c -> all || c.state() == ContainerSummary.State.RUNNING)
                .toList();
        Map<String, Usage> use = usage ? usage(node, docker, containers) : Map.of();
        List<ContainerValue> rows = containers.stream().map(c -> ContainerValue.of(c, usage ? use.get(c.id()) : null)).toList();
        if (json) {
            context.output().list(true, rows);
            return Cli.OK;
        }
        if (rows.isEmpty()) {
            context.output().line(all ? "No containers on '" + node.name() + "'." : "No running containers on '" + node.name()
                    + "'; --all includes stopped ones.");
            return Cli.OK;
        }
        List<Output.Row> table = new ArrayList<>();
        table.add(usage ? new TextRow("NAME", "IMAGE", "STATE", "HEALTH", "PORTS", "CPU", "MEMORY", "LABELS")
                : new TextRow("NAME", "IMAGE", "STATE", "HEALTH", "PORTS", "LABELS"));
        rows.forEach(row -> table.add(new TextRow(row.cells(usage))));
        context.output().list(false, table);
        return Cli.OK;
    }

    /** The running containers' use, by id, read as the node page reads it. */
    private Map<String, Usage> usage(WorkerNode node, NodeDocker docker, List<ContainerSummary> containers) {
        NetdataClient netdata = context.homeport().nodeClients().netdata(node, new TerminalPrompts(context.terminal()));
        Map<String, Usage> use = new HashMap<>();
        new ContainerUsages(netdata, docker.client()).read(containers)
                .forEach((id, read) -> use.put(id, new Usage(read.cpuPercent(), read.memoryBytes(), read.source().label())));
        return use;
    }
}
