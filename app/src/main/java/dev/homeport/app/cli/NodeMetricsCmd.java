package dev.homeport.app.cli;

import dev.homeport.app.cli.NodeOpsShapes.MetricsOutput;
import dev.homeport.model.WorkerNode;
import dev.homeport.ssh.netdata.ChartData;
import dev.homeport.ssh.netdata.ChartNotFoundException;
import dev.homeport.ssh.netdata.MetricsRange;
import dev.homeport.ssh.netdata.NetdataClient;
import dev.homeport.ssh.netdata.NetdataException;
import dev.homeport.ssh.netdata.NodeChart;
import dev.homeport.ssh.netdata.NodeCharts;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "metrics", description = {
        "Print a chart of a Worker Node from its Netdata (read through SSH): a row per point, with the time and each"
                + " dimension in the chart's units.",
        "--chart takes cpu, memory, disk (space on /), disk-io, network or load, or any Netdata chart id such as"
                + " cgroup_web.cpu. --range takes live (the last minute, a point per second), 15m, 1h or 24h;"
                + " --after takes Netdata's convention instead: negative is seconds before now, positive an epoch second,"
                + " and every stored point since is printed."})
final class NodeMetricsCmd implements Callable<Integer> {
    /** The names --chart takes for the node charts, in the order the help lists them. */
    private static final Map<String, NodeChart> CHARTS = Map.of("cpu", NodeChart.CPU, "memory", NodeChart.MEMORY,
            "disk", NodeChart.DISK_SPACE, "disk-io", NodeChart.DISK_IO, "network", NodeChart.NETWORK, "load", NodeChart.LOAD);
    private static final Map<String, MetricsRange> RANGES = Map.of("live", MetricsRange.LIVE, "15m", MetricsRange.MINUTES_15,
            "1h", MetricsRange.HOUR_1, "24h", MetricsRange.HOURS_24);

    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--chart", paramLabel = "CHART", defaultValue = "cpu",
            description = "cpu, memory, disk, disk-io, network, load or a Netdata chart id (default: cpu).")
    String chart;

    @Option(names = "--range", paramLabel = "RANGE", description = "live, 15m, 1h or 24h (default: live).")
    String range;

    @Option(names = "--after", paramLabel = "SECONDS",
            description = "Instead of --range: negative for seconds before now (-600), positive for an epoch second.")
    Long after;

    @Option(names = "--json", description = Output.JSON_HELP)
    boolean json;

    NodeMetricsCmd(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (range != null && after != null) {
            throw new CliException(Cli.BAD_INPUT, "Give --range or --after, not both.");
        }
        MetricsRange window = range == null ? MetricsRange.LIVE : RANGES.get(range.toLowerCase(Locale.ROOT));
        if (window == null) {
            throw new CliException(Cli.BAD_INPUT, "--range: must be live, 15m, 1h or 24h, got '" + Output.printable(range, false) + "'");
        }
        if (after != null && after == 0) {
            throw new CliException(Cli.BAD_INPUT, "--after: must be negative (seconds before now) or an epoch second, got 0");
        }
        NodeCalls calls = new NodeCalls(context, spec.commandLine().getErr());
        WorkerNode node = calls.node(name);
        NetdataClient netdata = calls.connect(node, prompts -> context.homeport().nodeClients().netdata(node, prompts));
        ChartData data;
        try {
            String id = chartId(netdata, node);
            // Netdata's own convention: a negative 'after' counts back from the node's now, so the node's clock decides.
            data = after == null ? netdata.data(id, window) : netdata.data(id, after - 1, 0);
        } catch (ChartNotFoundException e) {
            throw new CliException(Cli.FAILED, e.getMessage() + " " + available(netdata), e);
        } catch (NetdataException e) {
            throw new CliException(Cli.FAILED, e.getMessage() + " Install or repair it with 'homeport node provision " + node.name()
                    + "'; 'homeport node probe " + node.name() + "' shows what is wrong.", e);
        }
        MetricsOutput metrics = MetricsOutput.of(node.name(), data);
        if (json) {
            context.output().json(metrics);
        } else {
            context.output().line(data.chart() + ": " + data.title() + " (" + data.units() + ")");
            context.output().list(false, metrics.rows());
        }
        return Cli.OK;
    }

    /** A node chart's id on this node, or the id given as it is. */
    private String chartId(NetdataClient netdata, WorkerNode node) {
        NodeChart named = CHARTS.get(chart.toLowerCase(Locale.ROOT));
        if (named == null) {
            return chart;
        }
        NodeCharts charts = netdata.nodeCharts();
        return charts.id(named).orElseThrow(() -> new CliException(Cli.FAILED, "Netdata on " + node.name() + " has no "
                + named.label() + " chart (looked for " + String.join(" or ", named.ids()) + "). " + available(netdata)));
    }

    /** The node charts this node has, by the names --chart takes. */
    private static String available(NetdataClient netdata) {
        NodeCharts charts = netdata.nodeCharts();
        String found = Arrays.stream(NodeChart.values()).filter(c -> charts.found().containsKey(c))
                .map(c -> nameOf(c) + " (" + charts.id(c).orElseThrow() + ")")
                .collect(Collectors.joining(", "));
        return "Charts on " + netdata.node() + ": " + (found.isEmpty() ? "none of the node charts" : found)
                + "; --chart also takes any other Netdata chart id.";
    }

    private static String nameOf(NodeChart chart) {
        return CHARTS.entrySet().stream().filter(e -> e.getValue() == chart).map(Map.Entry::getKey).findFirst().orElseThrow();
    }
}
