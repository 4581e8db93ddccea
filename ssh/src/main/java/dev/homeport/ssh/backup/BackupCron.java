package dev.homeport.ssh.backup;

import dev.homeport.ssh.deploy.ScheduleLines;
import dev.homeport.ssh.transport.Command;

/**
 * The commands that read and remove a backup schedule's cron line on a node by the volume it backs up (its tag
 * {@code # homeport-backup VOLUME}), for what removes a service from its nodes (undeploy). Setting a schedule is
 * {@link BackupService#schedule}, which also writes the node's script.
 */
public final class BackupCron {
    /** The schedule lines as an undeploy takes them. */
    public static final ScheduleLines LINES = new ScheduleLines() {
        @Override
        public Command.Simple line(String volume) {
            return BackupCommands.cronLine(volume);
        }

        @Override
        public Command.Simple remove(String volume) {
            return BackupCommands.unschedule(volume);
        }
    };

    private BackupCron() {
    }
}
