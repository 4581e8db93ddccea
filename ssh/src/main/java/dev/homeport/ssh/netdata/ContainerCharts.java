package dev.homeport.ssh.netdata;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The cgroup charts Netdata keeps for one container. Netdata names them
 * {@code cgroup_<name>.cpu} and {@code cgroup_<name>.mem_usage}, where
 * {@code <name>} is the container's name when Netdata could ask Docker for it,
 * else the first 12 hex digits of its id (or, failing both, the cgroup's own
 * name, which holds the full id). {@code memoryChart} is null when Netdata
 * has no memory chart for it: it reads the unified (v2) cgroup tree on a host
 * whose memory controller is still on v1, for example.
 */
public record ContainerCharts(String name, String cpuChart, String memoryChart) {
    static final String PREFIX = "cgroup_";
    static final String CPU_CONTEXT = "cgroup.cpu";
    static final String MEMORY_CONTEXT = "cgroup.mem_usage";

    /** Every container (cgroup) with a CPU chart, by the name Netdata gives it. */
    public static List<ContainerCharts> all(Collection<ChartInfo> charts) {
        Map<String, String> cpu = new LinkedHashMap<>();
        Map<String, String> memory = new LinkedHashMap<>();
        for (ChartInfo chart : charts) {
            if (!chart.type().startsWith(PREFIX)) {
                continue;
            }
            if (CPU_CONTEXT.equals(chart.context())) {
                cpu.put(chart.type(), chart.id());
            } else if (MEMORY_CONTEXT.equals(chart.context())) {
                memory.put(chart.type(), chart.id());
            }
        }
        return cpu.entrySet().stream()
                .map(e -> new ContainerCharts(e.getKey().substring(PREFIX.length()), e.getValue(), memory.get(e.getKey())))
                .toList();
    }

    /**
     * The charts of one container. Its name is matched first (a leading '/' as Docker
     * prints it is ignored; Netdata writes a dot of the name as '-', as in a Swarm task's
     * {@code web.1.<task>}), then Netdata's container_name label, then its id (full, or at
     * least 12 hex digits; null when unknown): Netdata's short-id name, or a cgroup
     * name that contains the full id.
     */
    public static Optional<ContainerCharts> find(Collection<ChartInfo> charts, String name, String id) {
        List<ContainerCharts> all = all(charts);
        String wanted = name == null ? null : name.startsWith("/") ? name.substring(1) : name;
        Optional<ContainerCharts> byName = wanted == null ? Optional.empty()
                : all.stream().filter(c -> c.name().equals(wanted) || c.name().equals(wanted.replace('.', '-'))).findFirst()
                        .or(() -> byLabel(charts, all, wanted));
        if (byName.isPresent() || id == null || !isContainerId(id)) {
            return byName;
        }
        String fullId = id.toLowerCase(Locale.ROOT);
        String shortId = fullId.substring(0, 12);
        return all.stream().filter(c -> c.name().equals(shortId)).findFirst()
                .or(() -> fullId.length() == 64 ? all.stream().filter(c -> c.name().contains(fullId)).findFirst() : Optional.empty());
    }

    /** Newer Netdata versions label cgroup charts with the container's name. */
    private static Optional<ContainerCharts> byLabel(Collection<ChartInfo> charts, List<ContainerCharts> all, String name) {
        return charts.stream()
                .filter(c -> CPU_CONTEXT.equals(c.context()) && name.equals(c.labels().get("container_name")))
                .findFirst()
                .flatMap(cpu -> all.stream().filter(c -> c.cpuChart().equals(cpu.id())).findFirst());
    }

    static boolean isContainerId(String value) {
        return value.length() >= 12 && value.length() <= 64 && value.chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }
}
