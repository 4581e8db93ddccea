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
    /** $@ file names: prints "SHA256 MODE NAME" for each that is in the folder (nothing for one that is not). */
    private static final String SUMS = DIR + """
            cd "$d" 2>/dev/null || exit 0
            for f in "$@"; do
              [ -f "$f" ] && printf '%s %s %s\\n' "$(sha256sum < "$f" | cut -d' ' -f1)" "$(stat -c %a "$f")" "$f"
            done
            exit 0
            """;
    /**
     * $1 volume; $2 the cron times (empty: remove), $3 engine, $4 keep count, $5 keep days, $6 options before the
     * engine ({@code --stop }, or empty). Prints {@code cron-not-running} when no cron daemon runs, so the caller can
     * say the entry will not fire.
     */
    private static final String CRONTAB = DIR + """
            command -v crontab >/dev/null 2>&1 || { echo "cron is not installed on the node: provision it again" >&2; exit 3; }
            tag=" # homeport-backup $1"
            { crontab -l 2>/dev/null | awk -v t="$tag" 'substr($0, length($0) - length(t) + 1) != t'
              [ -z "$2" ] || printf '%s %s/backup-db %s%s %s %s %s >%s/last-%s.log 2>&1%s\\n' "$2" "$d" "${6:-}" "$3" "$1" "$4" "$5" "$d" "$1" "$tag"
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
    /**
     * The backup files (not the manifests, not a copy under way) in the folder $1; none when there is no folder. Exit 3
     * when the backups' root $2 is not there for the SSH user to write (a node not provisioned for backups).
     */
    private static final String COPIES = """
            [ -d "$2" ] && [ -w "$2" ] || { echo "the node has no backup folder $2 its SSH user can write: provision it again" >&2; exit 3; }
            cd "$1" 2>/dev/null || exit 0
            for f in *; do
              case "$f" in *.json) continue ;; esac
              [ -f "$f" ] && printf '%s\\n' "$f"
            done
            exit 0
            """;
    /**
     * What a copy folder $1 holds, for its prune: each JSON file (manifests, restore checks' marks) as its name, a tab and
     * its JSON on one line; each other file (not a hidden one, such as a copy under way) as its name. None when there is no
     * folder; exit 3 as {@link #COPIES} when the backups' root $2 is not there for the SSH user to write.
     */
    private static final String COPY_LIST = """
            [ -d "$2" ] && [ -w "$2" ] || { echo "the node has no backup folder $2 its SSH user can write: provision it again" >&2; exit 3; }
            cd "$1" 2>/dev/null || exit 0
            for f in *; do
              [ -f "$f" ] || continue
              case "$f" in
                *.json) printf '%s\t' "$f"; tr -d '\n' < "$f"; printf '\n' ;;
                *) printf '%s\n' "$f" ;;
              esac
            done
            exit 0
            """;
    /**
     * Removes backups from the copy folder $1, each of the stamps after it whole: its manifest first (an interrupted prune
     * leaves a file without a manifest, which the next prune removes as a half), then its file and its mark.
     */
    private static final String PRUNE_COPIES = """
            cd "$1" || exit 1
            shift
            for s in "$@"; do
              case "$s" in ''|*[!0-9TZ]*) echo "not a backup's stamp: $s" >&2; exit 2 ;; esac
              rm -f -- "$s.json" || exit 1
              for f in "$s".*; do
                [ -e "$f" ] || continue
                rm -f -- "$f" || exit 1
              done
            done
            """;
    /**
     * A pushed copy takes its name: in the folder $1, the file written as $2 gets the name $3 only when its sha256 is $4;
     * the manifest (on standard input) is written as $5 first. A wrong sum removes both, prints the sum found, exits 5.
     */
    private static final String PLACE_COPY = """
            cd "$1" || exit 1
            m=".$5.part"
            cat > "$m" || { rm -f "$m" "$2"; exit 1; }
            got=$(sha256sum < "$2" | cut -d' ' -f1)
            if [ -z "$got" ] || [ "$got" != "$4" ]; then rm -f "$m" "$2"; printf '%s\\n' "$got"; exit 5; fi
            mv -f "$m" "$5" && mv -f "$2" "$3"
            """;
    /** Removes a copy that did not finish: $1 the folder, $2 its temporary name. */
    private static final String DROP_PART = "rm -f \"$1/$2\"\n";
    private static final String RUN = DIR + "exec \"$d/backup-db\" \"$@\"\n";
    /**
     * A volume backup's restore into a new volume: $1 the encrypted file, $2 its sha256 as the manifest recorded it, $3 the
     * volume it was taken of (the newest container using it gives the image), $4 the new volume (made here, labelled
     * {@code dev.homeport.restore=$3}; refused if it exists). A container created from that image (never started) mounts
     * the new volume; the file is decrypted with the identity on standard input ({@code age -d -i -}), and Docker's
     * archive API ({@code docker cp}) unpacks the tar into it. Then the new volume is read back as a backup reads a
     * volume, and its tar's sha256 and count of regular files printed, for the caller to compare with the manifest. Any
     * failure removes the new volume. Exit 5: the file changed since the backup; 3: age could not decrypt it; 4: not gzip.
     */
    private static final String RESTORE_VOLUME = """
            f=$1 old=$3 new=$4
            [ -r "$f" ] || { echo "no backup file $f on the node" >&2; exit 2; }
            [ "$(sha256sum "$f" | cut -d' ' -f1)" = "$2" ] || { echo "the encrypted file's SHA-256 is not the one its manifest recorded: it changed since the backup" >&2; exit 5; }
            age=$(command -v age) || { echo "age is not installed on the node: provision it again" >&2; exit 1; }
            newest=$(docker ps -a -q --filter "volume=$old" | head -n 1)
            [ -n "$newest" ] || { echo "no container on the node uses the volume $old: deploy the service first (its image unpacks the backup)" >&2; exit 1; }
            image=$(docker inspect -f '{{.Image}}' "$newest") || exit 1
            if docker volume inspect "$new" >/dev/null 2>&1; then echo "the volume $new exists already" >&2; exit 6; fi
            t=$(mktemp -d) || exit 1
            h=homeport-volume-restore-$$
            keep=
            trap 'docker rm -f "$h" >/dev/null 2>&1; [ -n "$keep" ] || docker volume rm -f "$new" >/dev/null 2>&1; rm -rf "$t"' EXIT
            docker volume create --label "dev.homeport.restore=$old" "$new" >/dev/null || exit 1
            docker create --name "$h" --network none --entrypoint /homeport-never-started \
              --mount "type=volume,source=$new,target=/homeport-volume" "$image" >/dev/null || exit 1
            { "$age" -d -i - "$f" || : > "$t/age"; } | { gunzip -c || : > "$t/gz"; } | { docker cp - "$h:/homeport-volume" 2>"$t/err" || : > "$t/cp"; }
            [ -e "$t/age" ] && { echo "age could not decrypt the backup (a wrong key, or a damaged file)" >&2; exit 3; }
            [ -e "$t/gz" ] && { echo "the decrypted backup is not valid gzip" >&2; exit 4; }
            [ -e "$t/cp" ] && { echo "docker could not unpack the tar into the new volume: $(cat "$t/err")" >&2; exit 1; }
            mkfifo "$t/f" || exit 1
            { tar -tvf - > "$t/list" 2>"$t/tarerr"; echo $? > "$t/rc2"; cat > /dev/null; } < "$t/f" &
            # As backup-db's tar_root_blanked: the first header's mtime and checksum (the volume's folder, whose time Docker does not restore) as spaces.
            sum=$({ docker cp "$h:/homeport-volume/." - 2>"$t/err"; echo $? > "$t/rc1"; } | tee "$t/f" \\
              | { dd bs=136 count=1 iflag=fullblock 2>/dev/null; dd bs=20 count=1 iflag=fullblock of=/dev/null 2>/dev/null; printf '%20s' ''; cat; } \\
              | sha256sum | cut -d' ' -f1)
            wait
            [ "$(cat "$t/rc1")" = 0 ] || { echo "the restored volume could not be read back: $(cat "$t/err")" >&2; exit 1; }
            [ "$(cat "$t/rc2")" = 0 ] || { echo "the restored volume's tar could not be listed: $(cat "$t/tarerr")" >&2; exit 1; }
            keep=1
            printf '%s %s\n' "$sum" "$(grep -c '^-' "$t/list")"
            """;
    /** Removes a volume a restore made ($1), and only such a one (its {@code dev.homeport.restore} label). */
    private static final String DISCARD_VOLUME = """
            docker volume inspect "$1" >/dev/null 2>&1 || exit 0
            docker volume ls -q --filter label=dev.homeport.restore | grep -qx -- "$1" \\
              || { echo "the volume $1 was not made by a restore; Homeport does not remove it" >&2; exit 1; }
            docker volume rm "$1" >/dev/null
            """;

    /** Writes standard input to $1/$2 whole (through a hidden file beside it): a check's {@link VerifiedMark}. */
    private static final String WRITE_MARK = """
            [ -d "$1" ] || { echo "no backup folder $1 on the node" >&2; exit 2; }
            cat > "$1/.$2.new" && mv -f "$1/.$2.new" "$1/$2"
            """;

    private BackupCommands() {
    }

    /** What {@code names} hold on the node now: "SHA256 MODE NAME" lines, one per file there. */
    /**
     * Makes a hidden temporary folder under the backups' folder (which provisioning gives the SSH user, on the node's disk
     * rather than a tmpfs) and prints its path: where a backup passing through the node waits, a download from S3 for this
     * machine to read it, or a copy from this machine to be restored.
     */
    static Command.Simple tempFolder() {
        return Command.of("mktemp", "-d", "-p", BackupPaths.ROOT, ".transfer.XXXXXX");
    }

    /** Removes a folder {@link #tempFolder} made. */
    static Command.Simple removeTempFolder(String dir) {
        if (!dir.startsWith(BackupPaths.ROOT + "/.transfer.") || dir.contains("/..") || dir.contains("\n")) {
            throw new IllegalArgumentException("not a temporary folder of a transfer: " + dir);
        }
        return Command.of("rm", "-rf", "--", dir);
    }

    static Command.Simple sums(List<String> names) {
        return Command.script(SUMS, names.toArray(String[]::new));
    }

    static Command.Simple install(String name, boolean executable) {
        return Command.script(INSTALL, name, executable ? "700" : "600");
    }

    static Command.Simple schedule(BackupSchedule schedule, DatabaseEngine engine, String volume) {
        return schedule(schedule, engine.label(), volume);
    }

    /** {@code engine} is a database engine's label or {@link BackupManifest#VOLUME}; a volume's schedule may stop the service. */
    static Command.Simple schedule(BackupSchedule schedule, String engine, String volume) {
        return Command.script(CRONTAB, volume, schedule.cronTimes(), engine, Integer.toString(schedule.keepCount()),
                Integer.toString(schedule.keepDays()), schedule.stopService() ? "--stop " : "");
    }

    static Command.Simple unschedule(String volume) {
        return Command.script(CRONTAB, volume, "", "", "", "", "");
    }

    /** The crontab line of a volume's schedule, if any. */
    static Command.Simple cronLine(String volume) {
        return Command.script(CRON_LINE, volume);
    }

    static Command.Simple copies(String folder, String root) {
        return Command.script(COPIES, folder, root);
    }

    static Command.Simple copyList(String folder, String root) {
        return Command.script(COPY_LIST, folder, root);
    }

    /** Removes {@code stamps}' backups (manifest, file, mark) from the copy folder {@code folder}. */
    static Command.Simple pruneCopies(String folder, List<String> stamps) {
        List<String> values = new ArrayList<>(List.of(folder));
        values.addAll(stamps);
        return Command.script(PRUNE_COPIES, values.toArray(String[]::new));
    }

    /** A restore check's mark of {@code stamp} in a copy folder, its JSON on standard input. */
    static Command.Simple writeMarkIn(String folder, String stamp) {
        return Command.script(WRITE_MARK, folder, VerifiedMark.fileName(stamp));
    }

    static Command.Simple placeCopy(String folder, String part, String file, String sha256, String manifest) {
        return Command.script(PLACE_COPY, folder, part, file, sha256, manifest);
    }

    static Command.Simple dropPart(String folder, String part) {
        return Command.script(DROP_PART, folder, part);
    }

    static Command.Simple list(String volume) {
        return Command.script(LIST, BackupPaths.folder(volume));
    }

    /** Runs the node's script now; {@code clock} (null for the node's) stands in for the time, for tests of retention. */
    static Command.Simple run(DatabaseEngine engine, String volume, int keepCount, int keepDays, String trigger, Instant clock) {
        return run(engine.label(), volume, keepCount, keepDays, trigger, clock, false);
    }

    /** As {@link #run(DatabaseEngine, String, int, int, String, Instant)}; {@code stop}: a volume's backup stops the service during the tar. */
    static Command.Simple run(String engine, String volume, int keepCount, int keepDays, String trigger, Instant clock, boolean stop) {
        List<String> values = new ArrayList<>(List.of("--trigger", trigger));
        if (clock != null) {
            values.addAll(List.of("--now", Long.toString(clock.getEpochSecond())));
        }
        if (stop) {
            values.add("--stop");
        }
        values.addAll(List.of(engine, volume, Integer.toString(keepCount), Integer.toString(keepDays)));
        return Command.script(RUN, values.toArray(String[]::new));
    }

    static Command.Simple restoreVolume(String file, String sha256, String volume, String restored) {
        return Command.script(RESTORE_VOLUME, file, sha256, volume, restored);
    }

    /** The verified mark of a volume's backup {@code stamp}, its JSON on standard input. */
    static Command.Simple writeMark(String volume, String stamp) {
        return Command.script(WRITE_MARK, BackupPaths.folder(volume), VerifiedMark.fileName(stamp));
    }

    static Command.Simple discardVolume(String restored) {
        return Command.script(DISCARD_VOLUME, restored);
    }
}
