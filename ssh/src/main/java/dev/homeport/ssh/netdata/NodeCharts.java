package dev.homeport.ssh.netdata;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Which of the {@link NodeChart}s a node's Netdata has, by chart id, and which it lacks. */
public record NodeCharts(Map<NodeChart, ChartInfo> found, Set<NodeChart> missing) {
    public NodeCharts {
        found = Collections.unmodifiableMap(new EnumMap<>(found.isEmpty() ? new EnumMap<>(NodeChart.class) : found));
        missing = Collections.unmodifiableSet(missing.isEmpty() ? EnumSet.noneOf(NodeChart.class) : EnumSet.copyOf(missing));
    }

    /** Matches the node charts against the charts Netdata actually has. */
    public static NodeCharts resolve(Collection<ChartInfo> available) {
        Map<String, ChartInfo> byId = available.stream().collect(Collectors.toMap(ChartInfo::id, Function.identity(), (a, b) -> a));
        Map<NodeChart, ChartInfo> found = new EnumMap<>(NodeChart.class);
        Set<NodeChart> missing = EnumSet.noneOf(NodeChart.class);
        for (NodeChart wanted : NodeChart.values()) {
            Optional<ChartInfo> match = wanted.ids().stream().map(byId::get).filter(java.util.Objects::nonNull).findFirst()
                    .or(() -> available.stream().filter(wanted::matchesContext).findFirst());
            match.ifPresentOrElse(chart -> found.put(wanted, chart), () -> missing.add(wanted));
        }
        return new NodeCharts(found, missing);
    }

    /** The chart id for a node chart, if Netdata has it. */
    public Optional<String> id(NodeChart chart) {
        return Optional.ofNullable(found.get(chart)).map(ChartInfo::id);
    }

    /** A sentence naming what is missing, or an empty string when every chart is there. */
    public String describeMissing() {
        if (missing.isEmpty()) {
            return "";
        }
        return "Netdata has no chart for " + missing.stream()
                .map(c -> c.label() + " (looked for " + String.join(" or ", c.ids()) + ")")
                .collect(Collectors.joining(", ")) + ".";
    }
}
