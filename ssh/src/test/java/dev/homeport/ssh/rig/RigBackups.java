package dev.homeport.ssh.rig;

import dev.homeport.ssh.backup.BackupPaths;
import dev.homeport.ssh.transport.Command;
import dev.homeport.ssh.transport.NodeConnection;
import java.util.List;
import java.util.stream.Stream;

/** What a backup test leaves on the rig, removed: one clean-up for every test that backs a volume up. */
public final class RigBackups {
    private RigBackups() {
    }

    /**
     * On the node behind {@code connection}: the volume's backup cron line, its backups' folder, and the copies pushed
     * from the node "rig" (the cluster's nodes share the rig's file system, so copies pushed to them go too).
     */
    public static void removeFromNode(NodeConnection connection, String volume) {
        connection.exec(Command.script("""
                crontab -l 2>/dev/null | grep -v "homeport-backup $1\\$" | crontab -
                rm -rf "$2" "$3"
                rmdir "$4/rig" "$4" 2>/dev/null
                exit 0
                """, volume, BackupPaths.folder(volume), BackupPaths.copyFolder("rig", volume), BackupPaths.ROOT + "/_copies"));
    }

    /** On the rig's Docker: a scratch restore of the volume (if the test ended while one ran), its volumes, and the volume. */
    public static void removeVolume(String volume) {
        String scratch = Processes.run("docker", "ps", "-aq", "--filter", "label=dev.homeport.restore=" + volume).strip();
        if (!scratch.isEmpty()) {
            Processes.call(Stream.concat(Stream.of("docker", "rm", "-f"), scratch.lines()).toList(), null);
        }
        Processes.run("docker", "volume", "ls", "-q").lines().filter(v -> v.startsWith(volume + "-restore-")).forEach(Processes::removeVolume);
        Processes.call(List.of("docker", "volume", "rm", "-f", volume), null);
    }
}
