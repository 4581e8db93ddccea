package dev.homeport.ssh.nodes;

import com.github.dockerjava.api.DockerClient;
import dev.homeport.ssh.docker.ContainerSummary;
import dev.homeport.ssh.docker.ContainerUsage;
import dev.homeport.ssh.docker.ContainerUsageReader;
import dev.homeport.ssh.netdata.ChartInfo;
import dev.homeport.ssh.netdata.ContainerCharts;
import dev.homeport.ssh.netdata.ContainerMetrics;
import dev.homeport.ssh.netdata.NetdataClient;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The CPU and memory use of a node's running containers, as both {@code homeport node containers --usage}
 * and the node page's Containers tab show it. For each container: Netdata's newest values when it has
 * both CPU and memory for it (one chart list per reading, then two small queries per container);
 * otherwise Docker's statistics for both, so a row never mixes two sources or two moments. Docker takes
 * a second or two per container, so the containers are read side by side.
 */
public final class ContainerUsages {
    /** Where a container's figures came from. */
    public enum Source {
        NETDATA, DOCKER;

        /** {@code netdata} or {@code docker}, as the command line's output names it. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A running container's use: CPU in % of one core (200 is two busy cores, as docker stats shows it), memory in bytes. */
    public record Usage(double cpuPercent, long memoryBytes, Source source) {
    }

    private final NetdataClient netdata;
    private final ContainerUsageReader docker;

    public ContainerUsages(NetdataClient netdata, DockerClient docker) {
        this.netdata = netdata;
        this.docker = new ContainerUsageReader(docker);
    }

    /**
     * Blocks. The use of each running container among {@code containers}, by container id. A stopped
     * container has none, and so has one whose use neither source could give (it was removed since it
     * was listed, say): that one is left out and the others are still read.
     */
    public Map<String, Usage> read(List<ContainerSummary> containers) {
        List<ChartInfo> charts = netdataCharts();
        Map<String, Future<Optional<Usage>>> reading = new HashMap<>();
        try (ExecutorService each = Executors.newVirtualThreadPerTaskExecutor()) {
            for (ContainerSummary container : containers) {
                if (container.state() == ContainerSummary.State.RUNNING) {
                    reading.put(container.id(), each.submit(() -> read(container, charts)));
                }
            }
        }
        Map<String, Usage> use = new HashMap<>();
        reading.forEach((id, future) -> done(future).ifPresent(usage -> use.put(id, usage)));
        return use;
    }

    /** Netdata's charts, or null when it does not answer (for any reason: not installed, stopped, its forward lost). */
    private List<ChartInfo> netdataCharts() {
        try {
            return netdata.charts();
        } catch (RuntimeException unavailable) {
            return null;
        }
    }

    private Optional<Usage> read(ContainerSummary container, List<ChartInfo> charts) {
        Optional<ContainerCharts> found = charts == null ? Optional.empty() : ContainerCharts.find(charts, container.name(), container.id());
        if (found.isPresent()) {
            try {
                ContainerMetrics metrics = netdata.containerMetrics(found.get());
                if (!Double.isNaN(metrics.cpuPercent()) && metrics.memoryBytes().isPresent()) {
                    return Optional.of(new Usage(metrics.cpuPercent(), metrics.memoryBytes().getAsLong(), Source.NETDATA));
                }
            } catch (RuntimeException gone) {
                // The container went, or Netdata stopped answering: ask Docker.
            }
        }
        try {
            ContainerUsage stats = docker.read(container.id());
            return Optional.of(new Usage(stats.cpuPercent(), stats.memoryUsedBytes(), Source.DOCKER));
        } catch (RuntimeException unknown) {
            return Optional.empty();
        }
    }

    /** The finished reading; every task ended when the executor closed, and none throws. */
    private static Optional<Usage> done(Future<Optional<Usage>> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.empty();
        }
    }
}
