package dev.homeport.app.cli;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.homeport.ssh.docker.ContainerSummary;
import dev.homeport.ssh.health.CheckResult;
import dev.homeport.ssh.health.NodeHealth;
import dev.homeport.ssh.netdata.ChartData;
import dev.homeport.ssh.netdata.Sample;
import dev.homeport.ssh.provision.CheckStatus;
import dev.homeport.ssh.provision.ProbeCheck;
import dev.homeport.ssh.provision.ProbeReport;
import dev.homeport.ssh.provision.ProvisionResult;
import dev.homeport.ssh.provision.StepResult;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the commands that look at a node print: probe, provision, status,
 * metrics and containers. As in {@link Shapes}, these records copy plain
 * values out of the services' results; scripts depend on the JSON field
 * names, so add fields, never rename them.
 */
final class NodeOpsShapes {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private NodeOpsShapes() {
    }

    /** One probe check; the next action is empty when it is OK. */
    record ProbeCheckValue(String id, String label, String status, String detail, String nextAction) {
        static ProbeCheckValue of(ProbeCheck check) {
            return new ProbeCheckValue(check.id(), check.label(), check.status().name(), check.detail(), check.nextAction());
        }
    }

    /** A probe: the checklist in its fixed order, the one-line summary, and what the probe saw ({@code facts}). */
    record ProbeOutput(String node, String summary, boolean clean, boolean failed, List<ProbeCheckValue> checks,
                       Map<String, List<String>> facts) {
        static ProbeOutput of(String node, ProbeReport report) {
            return new ProbeOutput(node, report.summary(), report.clean(), hasFailed(report),
                    report.checks().stream().map(ProbeCheckValue::of).toList(), report.facts().asMap());
        }

        /** A line per check, and under each check that is not OK the next thing to do. */
        @JsonIgnore
        List<Output.Row> rows() {
            List<Output.Row> rows = new ArrayList<>();
            for (ProbeCheckValue check : checks) {
                rows.add(new TextRow(check.status(), check.id(), check.detail()));
                if (!check.nextAction().isEmpty()) {
                    rows.add(new TextRow("", "", "→ " + check.nextAction()));
                }
            }
            return rows;
        }
    }

    static boolean hasFailed(ProbeReport report) {
        return report.checks().stream().anyMatch(c -> c.status() == CheckStatus.FAILED);
    }

    /** What one provisioning step changed; empty when it found everything in place. */
    record StepValue(String step, List<String> changes) {
        static StepValue of(StepResult result) {
            return new StepValue(result.step(), result.changes());
        }
    }

    /** A finished provisioning run: the changes step by step, and the probe taken after it. */
    record ProvisionOutput(String node, boolean changed, String summary, boolean reconnected, List<StepValue> steps,
                           ProbeOutput after) {
        static ProvisionOutput of(String node, ProvisionResult result) {
            return new ProvisionOutput(node, result.changed(), result.summary(), result.reconnected(),
                    result.steps().stream().map(StepValue::of).toList(), ProbeOutput.of(node, result.after()));
        }

        @JsonIgnore
        List<Output.Row> stepRows() {
            return steps.stream().map(s -> new TextRow(s.step(), s.changes().isEmpty() ? "nothing changed" : String.join("; ", s.changes())))
                    .map(Output.Row.class::cast).toList();
        }
    }

    /** One health check's result: OK, FAILED or SKIPPED, and what it found. */
    record HealthCheckValue(String check, String outcome, String message) {
        static HealthCheckValue of(CheckResult result) {
            return new HealthCheckValue(result.check(), result.outcome().name(), result.message());
        }
    }

    /** A node's health after one round of checks; {@code checkedAt} is null when no round ended in time. */
    record NodeStatusOutput(String node, String state, String checkedAt, List<HealthCheckValue> checks) {
        static NodeStatusOutput of(NodeHealth health) {
            return new NodeStatusOutput(health.node(), health.state().name(),
                    health.checkedAt() == null ? null : health.checkedAt().toString(),
                    health.checks().stream().map(HealthCheckValue::of).toList());
        }

        @JsonIgnore
        List<Output.Row> checkRows() {
            return checks.stream().map(c -> new TextRow("  " + c.check(), c.outcome(), c.message())).map(Output.Row.class::cast).toList();
        }
    }

    /** One point of a chart: its time in epoch seconds, and a value per dimension (null for a gap). */
    record PointValue(long time, List<Double> values) {
        static PointValue of(Sample sample) {
            return new PointValue(sample.epochSecond(), Arrays.stream(sample.values()).mapToObj(v -> Double.isNaN(v) ? null : v).toList());
        }
    }

    /** A chart's points over a window, oldest first. */
    record MetricsOutput(String node, String chart, String title, String units, List<String> dimensions, List<PointValue> points) {
        static MetricsOutput of(String node, ChartData data) {
            return new MetricsOutput(node, data.chart(), data.title(), data.units(), data.dimensions(),
                    data.samples().stream().map(PointValue::of).toList());
        }

        /** A header row (each dimension with its units), then a row per point in this computer's time zone. */
        @JsonIgnore
        List<Output.Row> rows() {
            List<Output.Row> rows = new ArrayList<>();
            List<String> header = new ArrayList<>(List.of("time"));
            dimensions.forEach(d -> header.add(d + " (" + units + ")"));
            rows.add(new TextRow(header));
            for (PointValue point : points) {
                List<String> cells = new ArrayList<>(List.of(TIME.format(Instant.ofEpochSecond(point.time()).atZone(ZoneId.systemDefault()))));
                point.values().forEach(v -> cells.add(v == null ? "-" : String.format(Locale.ROOT, "%.2f", v)));
                rows.add(new TextRow(cells));
            }
            return rows;
        }
    }

    /** A published port as docker ps shows it: {@code 0.0.0.0:8080->80/tcp}. */
    static String port(ContainerSummary.PublishedPort port) {
        return (port.hostIp().isEmpty() ? "" : port.hostIp() + ":") + port.hostPort() + "->" + port.containerPort() + "/" + port.protocol();
    }

    /**
     * A container on a node with its {@code dev.homeport.*} labels. The usage fields are present only
     * with {@code --usage} and for a running container: CPU % of one core, as docker stats shows it,
     * and memory in bytes, each with where it came from ("netdata" or "docker").
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ContainerValue(String id, String name, String image, String state, String health, String status, List<String> ports,
                          Map<String, String> labels, Double cpuPercent, Long memoryBytes, String usageFrom) implements Output.Row {
        static ContainerValue of(ContainerSummary container, Usage usage) {
            return new ContainerValue(container.id(), container.name(), container.image(), lower(container.state().name()),
                    lower(container.health().name()), container.status(), container.ports().stream().map(NodeOpsShapes::port).toList(),
                    container.homeportLabels(), usage == null ? null : usage.cpuPercent(), usage == null ? null : usage.memoryBytes(),
                    usage == null ? null : usage.from());
        }

        @Override
        public List<String> cells() {
            return cells(usageFrom != null);
        }

        /** With {@code usageColumns}, a container without usage (stopped, or unreadable) shows "-" there, so the columns line up. */
        List<String> cells(boolean usageColumns) {
            List<String> cells = new ArrayList<>(List.of(name, image, state, health, ports.isEmpty() ? "-" : String.join(",", ports)));
            if (usageColumns) {
                cells.add(cpuPercent == null ? "-" : String.format(Locale.ROOT, "%.1f%%", cpuPercent));
                cells.add(memoryBytes == null ? "-" : mebibytes(memoryBytes));
            }
            cells.add(labels.isEmpty() ? "-" : String.join(",", labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
            return cells;
        }
    }

    /** A running container's CPU and memory use; a value is null when its source had none. */
    record Usage(Double cpuPercent, Long memoryBytes, String from) {
    }

    static String mebibytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** Cells for text output only. */
    record TextRow(List<String> cells) implements Output.Row {
        TextRow(String... cells) {
            this(List.of(cells));
        }
    }
}
