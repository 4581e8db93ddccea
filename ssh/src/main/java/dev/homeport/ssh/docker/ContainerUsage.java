package dev.homeport.ssh.docker;

import com.github.dockerjava.api.model.CpuStatsConfig;
import com.github.dockerjava.api.model.MemoryStatsConfig;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.api.model.StatsConfig;

/**
 * A container's resource use at one moment, from Docker's stats API: what
 * Homeport shows when the node has no Netdata. {@code cpuPercent} is of one
 * CPU, as {@code docker stats} shows it (200 means two CPUs busy).
 */
public record ContainerUsage(String containerId, double cpuPercent, long memoryUsedBytes, long memoryLimitBytes) {
    /** Memory used, as a percentage of the limit (the node's memory when the container has none). */
    public double memoryPercent() {
        return memoryLimitBytes <= 0 ? 0 : 100.0 * memoryUsedBytes / memoryLimitBytes;
    }

    /** Computed as the docker CLI does: CPU time between two samples against the system's, and memory less the page cache. */
    static ContainerUsage of(String containerId, Statistics stats) {
        return new ContainerUsage(containerId, cpuPercent(stats.getCpuStats(), stats.getPreCpuStats()), memoryUsed(stats.getMemoryStats()),
                stats.getMemoryStats() == null ? 0 : orZero(stats.getMemoryStats().getLimit()));
    }

    private static double cpuPercent(CpuStatsConfig now, CpuStatsConfig before) {
        if (now == null || before == null || now.getCpuUsage() == null || before.getCpuUsage() == null) {
            return 0;
        }
        long cpuDelta = orZero(now.getCpuUsage().getTotalUsage()) - orZero(before.getCpuUsage().getTotalUsage());
        long systemDelta = orZero(now.getSystemCpuUsage()) - orZero(before.getSystemCpuUsage());
        long cpus = orZero(now.getOnlineCpus());
        if (cpus == 0 && now.getCpuUsage().getPercpuUsage() != null) {
            cpus = now.getCpuUsage().getPercpuUsage().size();
        }
        if (cpuDelta <= 0 || systemDelta <= 0) {
            return 0;
        }
        return 100.0 * cpuDelta / systemDelta * Math.max(cpus, 1);
    }

    private static long memoryUsed(MemoryStatsConfig memory) {
        if (memory == null) {
            return 0;
        }
        long usage = orZero(memory.getUsage());
        StatsConfig detail = memory.getStats();
        if (detail == null) {
            return usage;
        }
        // cgroup v1 reports total_inactive_file, v2 inactive_file.
        long cache = detail.getTotalInactiveFile() != null ? detail.getTotalInactiveFile() : orZero(detail.getInactiveFile());
        return cache < usage ? usage - cache : usage;
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
