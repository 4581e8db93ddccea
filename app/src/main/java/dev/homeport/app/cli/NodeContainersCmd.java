package dev.homeport.app.cli;

import dev.homeport.app.cli.NodeOpsShapes.ContainerValue;
import dev.homeport.app.cli.NodeOpsShapes.TextRow;
import dev.homeport.app.cli.NodeOpsShapes.Usage;
import dev.homeport.model.WorkerNode;
import dev.homeport.ssh.docker.ContainerLister;
import dev.homeport.ssh.docker.ContainerSummary;
import dev.homeport.ssh.docker.ContainerUsage;
import dev.homeport.ssh.docker.ContainerUsageReader;
import dev.homeport.ssh.docker.NodeDocker;
import dev.homeport.ssh.netdata.ChartInfo;
import dev.homeport.ssh.netdata.ContainerCharts;
import dev.homeport.ssh.netdata.ContainerMetrics;
import dev.homeport.ssh.netdata.NetdataClient;
import dev.homeport.ssh.netdata.NetdataException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "containers", description = {
        "List the containers on a Worker Node, from its Docker Engine (read through SSH): name, image, state, health,"
                + " published ports and the Homeport labels (dev.homeport.*). Running ones only, unless --all.",
        "--usage adds each running container's CPU (% of one core, as docker stats) and memory: from Netdata when it"
                + " answers, otherwise from Docker's statistics, which take a second or two per container."})
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
        table.addAll(rows);
        context.output().list(false, table);
        return Cli.OK;
    }

    /**
     * The running containers' use, read at the same time: Netdata's latest values when it answers
     * (a chart list and two small queries per container), and Docker's statistics for what Netdata
     * lacks (a container it has not discovered yet, or memory on a host where it charts none).
     */
    private Map<String, Usage> usage(WorkerNode node, NodeDocker docker, List<ContainerSummary> containers) {
        NetdataClient netdata = context.homeport().nodeClients().netdata(node, new TerminalPrompts(context.terminal()));
        List<ChartInfo> charts = netdataCharts(netdata);
        ContainerUsageReader reader = new ContainerUsageReader(docker.client());
        Map<String, CompletableFuture<Usage>> reading = new HashMap<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (ContainerSummary container : containers) {
                if (container.state() == ContainerSummary.State.RUNNING) {
                    reading.put(container.id(), CompletableFuture.supplyAsync(() -> read(container, netdata, charts, reader), threads));
                }
            }
        }
        Map<String, Usage> use = new HashMap<>();
        reading.forEach((id, future) -> use.put(id, future.join()));
        return use;
    }

    /** Netdata's charts, or null when Netdata does not answer (the usage then comes from Docker). */
    private static List<ChartInfo> netdataCharts(NetdataClient netdata) {
        try {
            return netdata.charts();
        } catch (NetdataException unavailable) {
            return null;
        }
    }

    private static Usage read(ContainerSummary container, NetdataClient netdata, List<ChartInfo> charts, ContainerUsageReader reader) {
        Optional<ContainerCharts> found = charts == null ? Optional.empty() : ContainerCharts.find(charts, container.name(), container.id());
        if (found.isPresent()) {
            try {
                ContainerMetrics metrics = netdata.containerMetrics(found.get());
                if (!Double.isNaN(metrics.cpuPercent()) && metrics.memoryBytes().isPresent()) {
                    return new Usage(metrics.cpuPercent(), metrics.memoryBytes().getAsLong(), "netdata");
                }
            } catch (NetdataException gone) {
                // the container went, or Netdata stopped answering: ask Docker
            }
        }
        ContainerUsage stats = reader.read(container.id());
        return new Usage(stats.cpuPercent(), stats.memoryUsedBytes(), "docker");
    }
}
