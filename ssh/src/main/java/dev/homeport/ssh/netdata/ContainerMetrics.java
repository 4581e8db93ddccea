package dev.homeport.ssh.netdata;

import java.util.OptionalLong;

/**
 * A container's latest CPU and memory use as Netdata's cgroup charts show it.
 * {@code cpuPercent} counts 100 for each fully used core, as {@code docker stats}
 * does. {@code memoryBytes} is empty when Netdata charts no memory for the
 * container (see {@link ContainerCharts#memoryChart()}); the caller can take that
 * one value from Docker instead.
 */
public record ContainerMetrics(String name, long epochSecond, double cpuPercent, OptionalLong memoryBytes) {
}
