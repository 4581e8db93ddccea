package dev.homeport.ssh.health;

/** A node's overall health, from its latest check. */
public enum HealthState {
    /** Reachable over SSH, and every other check passed. */
    UP,
    /** Reachable over SSH, but at least one other check failed (Docker, Caddy, Netdata, disk space…). */
    DEGRADED,
    /** Not reachable over SSH (down, refused, timed out, authentication or host key refused). */
    DOWN,
    /** Not checked yet. */
    UNKNOWN
}
