package dev.homeport.ssh.backup;

import dev.homeport.model.BackupSchedule;
import dev.homeport.model.DatabaseEngine;
import dev.homeport.ssh.transport.Command;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The commands that set a node's backups up and read them, as data: fixed scripts, every value a
 * positional parameter. The node's files live in {@link BackupScripts#FOLDER} of the SSH user's home;
 * the schedule is a line in the SSH user's crontab (the user is in the docker group, which is all a
 * backup needs), tagged {@code # homeport-backup VOLUME} so Homeport finds its own lines again.
 */
final class BackupCommands {
    static final String DIR = "d=\"$HOME/" + BackupScripts.FOLDER + "\"\n";
    /** $1 name, $2 mode; the content on standard input. */
    private static final String INSTALL = DIR + """
            mkdir -p "$d" && cat > "$d/.$1.new" && chmod "$2" "$d/.$1.new" && mv -f "$d/.$1.new" "$d/$1"
            """;
    /**
     * $1 volume; $2 the cron times (empty: remove), $3 engine, $4 keep count, $5 keep days. Prints
     * {@code cron-not-running} when no cron daemon runs, so the caller can say the entry will not fire.
     */
    private static final String CRONTAB = DIR + """
            command -v crontab >/dev/null 2>&1 || { echo "cron is not installed on the node: provision it again" >&2; exit 3; }
            tag=" # homeport-backup $1"
            { crontab -l 2>/dev/null | awk -v t="$tag" 'substr($0, length($0) - length(t) + 1) != t'
              [ -z "$2" ] || printf '%s %s/backup-db %s %s %s %s >%s/last-%s.log 2>&1%s\\n' "$2" "$d" "$3" "$1" "$4" "$5" "$d" "$1" "$tag"
            } | crontab - || exit 1
            for c in /proc/[0-9]*/comm; do case "$(cat "$c" 2>/dev/null)" in cron|crond) exit 0 ;; esac; done
            echo cron-not-running
            """;
    private static final String CRON_LINE = """
            crontab -l 2>/dev/null | awk -v t=" # homeport-backup $1" 'substr($0, length($0) - length(t) + 1) == t'
            """;
    /**
     * Each JSON file of a volume's folder as one line: its name, a tab, its JSON on one line. None when there is
     * no folder. They are the runs' manifests ({@code STAMP.json}) and a restore's verified marks
     * ({@code STAMP.verified.json}).
     */
    private static final String LIST = """
            cd "$1" 2>/dev/null || exit 0
            for f in *.json; do
              [ -f "$f" ] || continue
              printf '%s\\t' "$f"
              tr -d '\\n' < "$f"
              printf '\\n'
            done
            """;
    private static final String RUN = DIR + "exec \"$d/backup-db\" \"$@\"\n";

    private BackupCommands() {
    }

    static Command.Simple install(String name, boolean executable) {
        return Command.script(INSTALL, name, executable ? "700" : "600");
    }

    static Command.Simple schedule(BackupSchedule schedule, DatabaseEngine engine, String volume) {
        return Command.script(CRONTAB, volume, schedule.cronTimes(), engine.label(), Integer.toString(schedule.keepCount()),
                Integer.toString(schedule.keepDays()));
    }

    static Command.Simple unschedule(String volume) {
        return Command.script(CRONTAB, volume, "", "", "", "");
    }

    /** The crontab line of a volume's schedule, if any. */
    static Command.Simple cronLine(String volume) {
        return Command.script(CRON_LINE, volume);
    }

    static Command.Simple list(String volume) {
        return Command.script(LIST, BackupPaths.folder(volume));
    }

    /** Runs the node's script now; {@code clock} (null for the node's) stands in for the time, for tests of retention. */
    static Command.Simple run(DatabaseEngine engine, String volume, int keepCount, int keepDays, String trigger, Instant clock) {
        List<String> values = new ArrayList<>(List.of("--trigger", trigger));
        if (clock != null) {
            values.addAll(List.of("--now", Long.toString(clock.getEpochSecond())));
        }
        values.addAll(List.of(engine.label(), volume, Integer.toString(keepCount), Integer.toString(keepDays)));
        return Command.script(RUN, values.toArray(String[]::new));
    }
}
