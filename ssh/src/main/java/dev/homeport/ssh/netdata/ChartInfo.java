package dev.homeport.ssh.netdata;

import java.util.List;
import java.util.Map;

/**
 * A chart as /api/v1/charts lists it. {@code type} is the part of the id
 * before the first dot: for a container, {@code cgroup_<name>}.
 * {@code title} is Netdata's title without the id it appends.
 */
public record ChartInfo(String id, String type, String family, String context, String title, String units, int updateEvery,
                        List<String> dimensions, Map<String, String> labels) {
    public ChartInfo {
        dimensions = List.copyOf(dimensions);
        labels = Map.copyOf(labels);
    }
}
