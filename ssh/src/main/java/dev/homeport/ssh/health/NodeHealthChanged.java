package dev.homeport.ssh.health;

/** A node's state changed between two rounds of checks (the first round changes it from UNKNOWN). */
public record NodeHealthChanged(String node, HealthState from, HealthState to, NodeHealth health) {
}
