package dev.homeport.ssh.health;

import dev.homeport.ssh.transport.Command;

/** The remote commands the health checks run; built here, run by the checks. */
public final class HealthCommands {
    private HealthCommands() {
    }

    /** Does nothing and succeeds: proves the node runs commands over SSH. */
    public static Command alive() {
        return Command.of("true");
    }

    /** Size, use and space left of the file system holding {@code path}, in KiB, in POSIX format (one line per file system). */
    public static Command diskUsage(String path) {
        return Command.of("df", "-P", "-k", "--", path);
    }
}
