package dev.homeport.app.cli;

import dev.homeport.app.cli.NodeOpsShapes.NodeStatusOutput;
import dev.homeport.model.WorkerNode;
import dev.homeport.ssh.health.CheckResult;
import dev.homeport.ssh.health.HealthSettings;
import dev.homeport.ssh.health.HealthState;
import dev.homeport.ssh.health.NodeHealth;
import dev.homeport.ssh.health.NodeHealthListener;
import dev.homeport.ssh.health.NodeHealthMonitor;
import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.transport.SshSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "status", description = {
        "Check the health of one Worker Node, or of all of them at once: SSH first, then Docker, Caddy, Netdata and free"
                + " space on /. Each node is UP (every check passed), DEGRADED (reachable, but a check failed) or DOWN"
                + " (not usable over SSH).",
        "Nothing is asked: a node whose key passphrase or password must be typed, or whose host key is not accepted yet, is DOWN."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every node checked is UP", "1:the check could not run (unknown node, store locked)",
                "3:a node is DEGRADED or DOWN, or gave no result in time"})
final class NodeStatusCmd implements Callable<Integer> {
    private final CliContext context;

    @Parameters(paramLabel = "NAME", arity = "0..1", description = "The node to check; all nodes when left out.")
    String name;

    @Option(names = "--json", description = Output.JSON_HELP)
    boolean json;

    NodeStatusCmd(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        List<WorkerNode> nodes = name == null ? context.homeport().nodes().nodes() : List.of(context.homeport().nodes().node(name));
        if (nodes.isEmpty() && !json) {
            context.output().line("No Worker Nodes yet; add one with 'homeport node add'.");
            return Cli.OK;
        }
        List<NodeHealth> results = checkOnce(nodes);
        List<NodeStatusOutput> statuses = results.stream().map(NodeStatusOutput::of).toList();
        if (json) {
            context.output().json(statuses);
        } else {
            for (NodeStatusOutput status : statuses) {
                context.output().line(status.node() + "  " + status.state());
                context.output().list(false, status.checkRows());
            }
        }
        return results.stream().allMatch(h -> h.state() == HealthState.UP) ? Cli.OK : Cli.NODE_PROBLEM;
    }

    /**
     * One round of the health monitor on every node at once (each node has its own checking
     * thread), waiting for each node's first result. The wait is bounded: the SSH connect
     * timeout, then the SSH check's timeout, then the other checks' (which run together).
     */
    private List<NodeHealth> checkOnce(List<WorkerNode> nodes) throws Exception {
        HealthSettings settings = HealthSettings.defaults();
        NodeHealthMonitor monitor = context.homeport().healthMonitor(settings);
        Duration bound = SshSettings.DEFAULT_TIMEOUT.plus(monitor.checkTimeout().multipliedBy(2)).plusSeconds(2);
        Map<String, CompletableFuture<NodeHealth>> first = new LinkedHashMap<>();
        nodes.forEach(node -> first.put(node.name(), new CompletableFuture<>()));
        NodeService service = context.homeport().nodeService();
        AutoCloseable listening = monitor.addListener(new NodeHealthListener() {
            @Override
            public void onResult(NodeHealth health) {
                CompletableFuture<NodeHealth> waiting = first.get(health.node());
                if (waiting != null) {
                    waiting.complete(health);
                }
            }
        });
        try {
            nodes.forEach(node -> monitor.watch(node, service));
            long deadline = System.nanoTime() + bound.toNanos();
            return nodes.stream().map(node -> await(first.get(node.name()), node.name(), deadline, bound)).toList();
        } finally {
            nodes.forEach(node -> monitor.unwatch(node.name()));
            listening.close();
        }
    }

    private static NodeHealth await(CompletableFuture<NodeHealth> result, String node, long deadline, Duration bound) {
        try {
            return result.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return new NodeHealth(node, HealthState.UNKNOWN,
                    List.of(CheckResult.failed(NodeHealthMonitor.connectionCheckName(), "No result within " + bound.toSeconds() + " s.")), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(Cli.FAILED, "Interrupted while checking " + node + ".", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
