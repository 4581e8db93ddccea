package dev.homeport.ssh.provision;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What a provisioning run changed, step by step, and the probe taken after
 * it. {@code reconnected} says the SSH connection was opened anew during the
 * run (so a new docker group membership applies).
 */
public record ProvisionResult(List<StepResult> steps, boolean reconnected, ProbeReport after) {
    public ProvisionResult {
        steps = List.copyOf(steps);
    }

    public boolean changed() {
        return steps.stream().anyMatch(StepResult::changed);
    }

    public List<String> changes() {
        return steps.stream().flatMap(s -> s.changes().stream()).toList();
    }

    /** One line: the changes, or "nothing changed". */
    public String summary() {
        return changed() ? String.join("; ", changes()) : "nothing changed";
    }

    public String detail() {
        return steps.stream().map(StepResult::line).collect(Collectors.joining("\n")) + "\nprobe after: " + after.summary();
    }
}
