package dev.homeport.ssh.backup;

import dev.homeport.ssh.transport.Command;

/**
 * The commands that read and remove a backup schedule's cron line on a node by the volume it backs up (its tag
 * {@code # homeport-backup VOLUME}), for what removes a service from its nodes (undeploy). Setting a schedule is
 * {@link BackupService#schedule}, which also writes the node's script.
 */
public final class BackupCron {
    private BackupCron() {
    }

    /** Prints the node's cron line for {@code volume}'s backups, or nothing. */
    public static Command.Simple line(String volume) {
        return BackupCommands.cronLine(volume);
    }

    /** Removes the node's cron line for {@code volume}'s backups (none is fine); the backups made stay. */
    public static Command.Simple remove(String volume) {
        return BackupCommands.unschedule(volume);
    }
}
