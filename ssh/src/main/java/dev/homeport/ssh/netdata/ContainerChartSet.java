package dev.homeport.ssh.netdata;

import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The cgroup charts Netdata keeps for one container, per {@link ContainerChart}: the ids of
 * the charts that hold it (several for network, one per interface; none when Netdata has no
 * such chart for it, as memory on a host whose memory controller is on cgroup v1 while
 * Netdata reads the v2 tree).
 *
 * @param name the name Netdata gives the container's cgroup (its container name, or a short id)
 */
public record ContainerChartSet(String name, Map<ContainerChart, List<String>> ids) {
    public ContainerChartSet {
        EnumMap<ContainerChart, List<String>> copy = new EnumMap<>(ContainerChart.class);
        ids.forEach((chart, list) -> copy.put(chart, List.copyOf(list)));
        ids = java.util.Collections.unmodifiableMap(copy);
    }

    /** The charts of a container, by its name, else its id (see {@link ContainerCharts#find}); empty when Netdata has none yet. */
    public static Optional<ContainerChartSet> find(Collection<ChartInfo> charts, String name, String id) {
        return ContainerCharts.find(charts, name, id).map(found -> of(charts, found.name()));
    }

    static ContainerChartSet of(Collection<ChartInfo> charts, String cgroup) {
        String type = ContainerCharts.PREFIX + cgroup;
        Map<ContainerChart, List<String>> ids = new EnumMap<>(ContainerChart.class);
        for (ContainerChart chart : ContainerChart.values()) {
            for (String context : chart.contexts()) {
                List<String> matching = charts.stream().filter(c -> type.equals(c.type()) && context.equals(c.context()))
                        .map(ChartInfo::id).sorted().toList();
                if (!matching.isEmpty()) {
                    ids.put(chart, matching);
                    break;
                }
            }
        }
        return new ContainerChartSet(cgroup, ids);
    }

    /** The chart ids of one chart; empty when Netdata has none for this container. */
    public List<String> of(ContainerChart chart) {
        return ids.getOrDefault(chart, List.of());
    }

    /** A sentence naming a chart Netdata lacks for this container. */
    public String describeMissing(ContainerChart chart) {
        return "Netdata has no " + chart.label().toLowerCase(java.util.Locale.ROOT) + " chart for " + name + " (looked for "
                + chart.contexts().stream().map(c -> ContainerCharts.PREFIX + name + " with context " + c).collect(Collectors.joining(" or "))
                + ").";
    }
}
