package dev.homeport.ssh.health;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The result of one round of checks on a node. {@code checks} starts with the SSH check. */
public record NodeHealth(String node, HealthState state, List<CheckResult> checks, Instant checkedAt) {
    public NodeHealth {
        checks = List.copyOf(checks);
    }

    /** A node that has not been checked yet. */
    public static NodeHealth unknown(String node) {
        return new NodeHealth(node, HealthState.UNKNOWN, List.of(), null);
    }

    public Optional<CheckResult> check(String name) {
        return checks.stream().filter(c -> c.check().equals(name)).findFirst();
    }

    /** The failed checks' messages, one per line; empty when nothing failed. */
    public String problems() {
        return checks.stream().filter(CheckResult::failed).map(c -> c.check() + ": " + c.message())
                .collect(Collectors.joining("\n"));
    }

    /** UP when every check passed, DOWN when SSH failed, DEGRADED when anything else failed. */
    static HealthState stateOf(List<CheckResult> checks) {
        if (checks.isEmpty() || checks.getFirst().failed()) {
            return HealthState.DOWN;
        }
        return checks.stream().anyMatch(CheckResult::failed) ? HealthState.DEGRADED : HealthState.UP;
    }
}
