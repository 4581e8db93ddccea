package dev.homeport.ssh.deploy;

import dev.homeport.ssh.transport.Command;

/**
 * The commands that read and remove a backup schedule's cron line on a node, by the volume it backs up: what an
 * undeploy needs of the backup package. Given to {@link Undeploy} ({@code BackupCron.LINES}), since backups depend on
 * deploys and not the other way round.
 */
public interface ScheduleLines {
    /** Prints the node's cron line for {@code volume}'s backups, or nothing. */
    Command.Simple line(String volume);

    /** Removes the node's cron line for {@code volume}'s backups (none is fine); the backups made stay. */
    Command.Simple remove(String volume);
}
