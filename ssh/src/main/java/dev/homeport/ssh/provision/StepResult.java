package dev.homeport.ssh.provision;

import java.util.List;

/** What one step changed ("installed caddy 2.6.2"); no changes means it found everything in place. */
public record StepResult(String step, List<String> changes) {
    public StepResult {
        changes = List.copyOf(changes);
    }

    public boolean changed() {
        return !changes.isEmpty();
    }

    public String line() {
        return step + ": " + (changed() ? String.join("; ", changes) : "nothing changed");
    }
}
