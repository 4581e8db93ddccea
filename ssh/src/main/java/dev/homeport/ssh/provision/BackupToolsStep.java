package dev.homeport.ssh.provision;

import dev.homeport.ssh.backup.BackupPaths;
import dev.homeport.ssh.transport.Command;
import dev.homeport.ssh.transport.ExecResult;
import java.util.HashMap;
import java.util.Map;

/**
 * What database backups need on a node: Debian's {@code age} (copied into a database's container to
 * encrypt its dump there), {@code cron} and a running cron daemon (the schedule is a line in the SSH
 * user's crontab; without systemd the daemon is started in the background, as Caddy and Netdata are),
 * Debian's {@code rclone} (which copies backups to S3-compatible storage, see {@link dev.homeport.ssh.backup.S3Copy}),
 * and {@value BackupPaths#ROOT}, owned by the SSH user, who runs the backups (being in the docker group).
 */
final class BackupToolsStep implements ProvisionStep {
    static final String LOG = "/var/log/homeport-cron.log";
    /** Prints {@code key=value} lines: age, crontab, rclone, cron (running), folder (its owner, or missing). */
    private static final String PROBE = """
            if command -v age >/dev/null 2>&1; then echo age=yes; else echo age=no; fi
            if command -v crontab >/dev/null 2>&1; then echo crontab=yes; else echo crontab=no; fi
            if command -v rclone >/dev/null 2>&1; then echo rclone=yes; else echo rclone=no; fi
            cron=no
            for c in /proc/[0-9]*/comm; do [ "$(cat "$c" 2>/dev/null)" = cron ] && cron=yes && break; done
            echo "cron=$cron"
            if [ -d "$1" ]; then echo "folder=$(stat -c %U "$1")"; else echo folder=missing; fi
            """;
    private static final String MAKE_FOLDER = """
            install -d -m 0755 "$(dirname "$2")" && install -d -m 0700 -o "$1" -g "$(id -gn "$1")" "$2" && chown "$1:$(id -gn "$1")" "$2"
            """;

    @Override
    public String name() {
        return "backup-tools";
    }

    @Override
    public String title() {
        return "age and cron for backups, rclone for their copies to S3, and the backups' folder";
    }

    @Override
    public void apply(StepContext context) {
        Map<String, String> found = probe(context);
        if (found.get("age").equals("no") || found.get("crontab").equals("no") || found.get("rclone").equals("no")) {
            context.aptInstall("age", "cron", "rclone");
            context.changed("installed age, cron and rclone");
            found = probe(context);
        }
        String user = context.facts().user();
        if (!found.get("folder").equals(user)) {
            context.runAsRoot(Command.script(MAKE_FOLDER, user, BackupPaths.ROOT), "Making " + BackupPaths.ROOT + " " + user + "'s");
            context.changed("made " + BackupPaths.ROOT + " " + user + "'s");
        }
        if (found.get("cron").equals("no")) {
            if (context.facts().systemd()) {
                context.runAsRoot(Command.of("systemctl", "enable", "--now", "cron"), "Starting cron");
                context.changed("started cron");
            } else {
                context.log("this host has no systemd: cron is started in the background, as root, logging to " + LOG);
                context.runAsRoot(HostCommands.startDetached(LOG, "cron", "-f"), "Starting cron");
                context.changed("started cron in the background (no systemd: it will not come back after a reboot)");
            }
        }
        found = probe(context);
        if (!found.get("age").equals("yes") || !found.get("crontab").equals("yes") || !found.get("rclone").equals("yes")
                || !found.get("folder").equals(user)) {
            throw new ProvisionException(name(), ProvisionException.Reason.STEP_FAILED, "age, cron, rclone or " + BackupPaths.ROOT
                    + " is still missing: " + found);
        }
        if (!found.get("cron").equals("yes")) {
            context.awaitFacts(facts -> probe(context).get("cron").equals("yes"), java.time.Duration.ofSeconds(10),
                    "cron did not start (see " + (context.facts().systemd() ? "journalctl -u cron" : LOG) + ")");
        }
    }

    private static Map<String, String> probe(StepContext context) {
        ExecResult result = context.exec(Command.script(PROBE, BackupPaths.ROOT));
        Map<String, String> found = new HashMap<>();
        for (String line : result.out().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                found.put(line.substring(0, eq), line.substring(eq + 1).strip());
            }
        }
        for (String key : new String[] {"age", "crontab", "rclone", "cron", "folder"}) {
            found.putIfAbsent(key, "no");
        }
        return found;
    }
}
