package dev.homeport.app.cli;

import dev.homeport.model.BackupSchedule;
import dev.homeport.model.ValidationException;
import dev.homeport.model.inventory.InventoryPath;
import dev.homeport.model.inventory.Level;
import dev.homeport.model.inventory.Ref;
import dev.homeport.ssh.backup.BackupRun;
import dev.homeport.ssh.backup.BackupService;
import dev.homeport.ssh.backup.BackupSubject;
import dev.homeport.ssh.transport.Prompts;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "backup", description = {"Backups of databases and of services' named volumes, made on their node so they run while"
        + " this machine is off.",
        "A database's backup is a logical dump (pg_dump -Fc, mariadb-dump --single-transaction, Redis's RDB snapshot), compressed and"
                + " encrypted with age inside the database's container. A named volume's backup (SERVICE:VOLUME) is a tar of the volume,"
                + " compressed and encrypted with age on the node as it is read; --stop stops the service for it. Both are encrypted to a"
                + " key whose private half only this machine's vault holds. The node keeps them in /var/lib/homeport/backups/<volume>/"
                + " with a manifest per run, failures included."},
        footer = {"%nExamples:",
                "  homeport backup schedule acme/shop/prod/db --every daily --at 03:30 --keep 14 --max-age 30",
                "  homeport backup schedule acme/shop/prod/web:uploads --every daily --at 04:00 --stop",
                "  homeport backup now acme/shop/prod/db",
                "  homeport backup now acme/shop/prod/web:uploads --stop",
                "  homeport backup list",
                "  homeport backup pull acme/shop/prod/db",
                "  homeport backup schedule acme/shop/prod/db --every daily --copy-to node-2",
                "  homeport backup schedule acme/shop/prod/db --every daily --copy-to s3:offsite",
                "  homeport backup push acme/shop/prod/db",
                "  homeport backup pull acme/shop/prod/db --from s3:offsite",
                "  homeport backup schedule acme/shop/prod/db --every daily --keep-copies"})
final class BackupCmd extends GroupCmd {
    static final String TARGET = "ORG/APP/ENV/SERVICE[:VOLUME]";
    private final CliContext context;

    BackupCmd(CliContext context) {
        this.context = context;
    }

    /** What a command names: a database ({@code PATH}) or a service's named volume ({@code PATH:VOLUME}), and how to print it. */
    record Target(InventoryPath path, BackupSubject subject) {
        String label() {
            return path + subject.suffix();
        }
    }

    /** Reads {@code PATH} or {@code PATH:VOLUME}; a path alone must be a database. */
    static Target target(CliContext context, String text) {
        int colon = text.lastIndexOf(':');
        String pathText = colon < 0 ? text : text.substring(0, colon);
        String volume = colon < 0 ? null : text.substring(colon + 1);
        InventoryPath path = InventoryPath.parse(pathText, Level.SERVICE);
        if (volume == null) {
            long id = context.inventory().resolve(path).id();
            if (context.inventory().databases().find(id).isEmpty()) {
                throw new CliException(Cli.BAD_INPUT, "'" + path + "' is not a database: name one of its named volumes as " + path
                        + ":VOLUME (see 'homeport service show').");
            }
            return new Target(path, BackupSubject.database(id));
        }
        if (volume.isBlank()) {
            throw new ValidationException("volume", "name the volume after the ':', as " + path + ":VOLUME");
        }
        return new Target(path, BackupSubject.volume(context.inventory().resolve(path).id(), volume));
    }

    private Target label(BackupSubject subject) {
        return new Target(context.inventory().pathOf(new Ref(Level.SERVICE, subject.serviceId())), subject);
    }

    @Command(name = "schedule", description = {"Set when a database, or a service's named volume (SERVICE:VOLUME), is backed up on its"
            + " node (a cron line of the node's SSH user), and how many backups it keeps for how long; or remove the schedule with"
            + " --off (the backups made stay).",
            "Times are the node's clock. The service must be deployed: its node is the one it runs on."})
    void schedule(@Parameters(paramLabel = TARGET) String targetText,
                  @Option(names = "--every", paramLabel = "hourly|daily", description = "How often; required unless --off.") String every,
                  @Option(names = "--at", paramLabel = "TIME", description = "HH:MM for daily (default 03:00), :MM for hourly (default :00).") String at,
                  @Option(names = "--keep", paramLabel = "N", description = "Keep the newest N backups (default "
                          + BackupSchedule.DEFAULT_KEEP_COUNT + ").") Integer keep,
                  @Option(names = "--max-age", paramLabel = "DAYS", description = "Remove backups older than DAYS days, except the newest"
                          + " good one (default " + BackupSchedule.DEFAULT_KEEP_DAYS + ").") Integer maxAge,
                  @Option(names = "--target", paramLabel = "TARGET", description = "Where backups are kept: node (on the node, pulled by the"
                          + " app; --copy-to adds a copy on another node or in S3).") String target,
                  @Option(names = "--stop", description = "A volume only: stop the service's containers while the tar is taken, and start"
                          + " them again after (even when it fails). Without it a live volume is copied, perhaps mid-write.") boolean stop,
                  @Option(names = "--copy-to", paramLabel = "NODE|s3:NAME", description = "Copy its backups to this other Worker Node"
                          + " (pushed over SFTP), or to s3:NAME, one of the organisation's S3 targets (uploaded by the node's rclone):"
                          + " while the app runs, or by 'homeport backup push'. One copy target; without --copy-to or --no-copy, a"
                          + " schedule set again keeps its copy target.") String copyTo,
                  @Option(names = "--no-copy", description = "Copy its backups nowhere (the copies made stay where they are).") boolean noCopy,
                  @Option(names = "--keep-copies", description = "Keep the copies (pulled to this machine, on the copy node, in the"
                          + " bucket) forever: the app's watch, 'backup pull' and 'backup push' prune none of them. Without --keep-copies"
                          + " or --prune-copies, a schedule set again keeps its choice.") boolean keepCopies,
                  @Option(names = "--prune-copies", description = "Prune the copies to the schedule's retention (--keep, --max-age)"
                          + " after each pull and push, as the node prunes its own (the default).") boolean pruneCopies,
                  @Option(names = "--off", description = "Remove the schedule.") boolean off) {
        Target chosen = target(context, targetText);
        BackupSubject subject = chosen.subject();
        BackupService backups = context.homeport().backupService();
        Prompts prompts = prompts(subject.serviceId());
        if (stop && !subject.isVolume()) {
            throw new ValidationException("--stop", "applies to a volume (SERVICE:VOLUME); a database's dump is taken while it runs");
        }
        if (off) {
            if (every != null || at != null || keep != null || maxAge != null || target != null || stop || copyTo != null || noCopy
                    || keepCopies || pruneCopies) {
                throw new ValidationException("--off", "takes no other option");
            }
            boolean had = backups.unschedule(subject, prompts);
            context.output().line(had ? "Removed the backup schedule of '" + chosen.label() + "' from its node; its backups stay there."
                    : "'" + chosen.label() + "' had no backup schedule; its node has no cron line for it now.");
            return;
        }
        if (every == null) {
            throw new ValidationException("--every", "is required: hourly or daily (or --off)");
        }
        if (copyTo != null && noCopy) {
            throw new ValidationException("--no-copy", "cannot go with --copy-to");
        }
        if (keepCopies && pruneCopies) {
            throw new ValidationException("--prune-copies", "cannot go with --keep-copies");
        }
        BackupSchedule schedule = BackupSchedule.parse(subject.serviceId(), every, at, keep, maxAge, target, Instant.now());
        if (subject.isVolume()) {
            schedule = schedule.forVolume(subject.volume(), stop);
        }
        BackupSchedule before = backups.schedule(subject).orElse(null);
        schedule = copyTo != null ? backups.copiedTo(schedule, subject, copyTo)
                : noCopy ? schedule.copiedTo(null) : schedule.copiedAs(before);
        schedule = schedule.keepingCopies(keepCopies || (!pruneCopies && before != null && before.keepCopies()));
        BackupService.Scheduled done = backups.schedule(schedule, prompts);
        String copies = backups.copyLabel(subject).map(where -> "; copies go to " + where).orElse("");
        context.output().line("Backups of '" + chosen.label() + "': " + schedule.describe() + ", on " + done.node().name() + copies + ".");
        if (subject.isVolume() && !stop) {
            context.output().line("Note: the service keeps running during the tar, so files it writes meanwhile may be copied mid-write."
                    + " --stop stops it for the backup.");
        }
        if (!done.cronRunning()) {
            context.output().line("Warning: no cron daemon runs on " + done.node().name() + ", so the schedule will not fire."
                    + " Provision the node again (it starts cron).");
        }
    }

    @Command(name = "now", description = "Back a database or a service's named volume (SERVICE:VOLUME) up now, with the node's own script"
            + " (the one the schedule runs); wait and print the result. Exits 4 when the backup failed (the node records the failure too).")
    int now(@Parameters(paramLabel = TARGET) String targetText,
            @Option(names = "--stop", description = "A volume only: stop the service's containers while the tar is taken, and start them"
                    + " again after (even when it fails).") boolean stop,
            @Option(names = "--json", description = Output.JSON_HELP) boolean json) {
        Target chosen = target(context, targetText);
        if (stop && !chosen.subject().isVolume()) {
            throw new ValidationException("--stop", "applies to a volume (SERVICE:VOLUME); a database's dump is taken while it runs");
        }
        BackupRun run = context.homeport().backupService().now(chosen.subject(), stop, prompts(chosen.subject().serviceId()));
        context.output().list(json, List.of(new RunRow(chosen.label(), run)));
        return run.succeeded() ? Cli.OK : Cli.BACKUP_PROBLEM;
    }

    @Command(name = "list", description = {"List the backups of a database or a service's named volume (SERVICE:VOLUME) as its node"
            + " records them, newest first; without one, everything with a schedule.",
            "Exits 4 when any listed one's newest backup failed, or a scheduled one is late or was missed."})
    int list(@Parameters(paramLabel = TARGET, arity = "0..1") String targetText,
             @Option(names = "--json", description = Output.JSON_HELP) boolean json) {
        BackupService backups = context.homeport().backupService();
        List<Target> targets = new ArrayList<>();
        if (targetText != null) {
            targets.add(target(context, targetText));
        } else {
            backups.scheduledSubjects().forEach(subject -> targets.add(label(subject)));
        }
        List<RunRow> rows = new ArrayList<>();
        List<Health> healths = new ArrayList<>();
        boolean bad = false;
        for (Target target : targets) {
            String label = target.label();
            BackupService.Report report = backups.report(target.subject(), prompts(target.subject().serviceId()));
            bad |= report.health().bad();
            Copies copies = copies(backups, target);
            healths.add(new Health(label, target.subject().volume(), report.health().state().name().toLowerCase(java.util.Locale.ROOT),
                    report.health().detail(), report.schedule().map(BackupSchedule::describe).orElse(null), copies.node(), copies.problem(),
                    backups.copiesHere(target.subject(), context.homeport().databaseBackupFolder()),
                    copies.files() == null ? null : copies.files().size(),
                    report.runs().stream().map(run -> new RunRow(label, run, copies.state(run))).toList()));
            rows.addAll(healths.getLast().runs());
        }
        if (json) {
            context.output().json(healths);
        } else {
            for (Health health : healths) {
                context.output().line(health.database() + ": " + health.state().toUpperCase(java.util.Locale.ROOT) + ", " + health.detail()
                        + (health.schedule() == null ? "" : "; " + health.schedule())
                        + "; " + health.copiesHere() + (health.copiesHere() == 1 ? " copy" : " copies") + " here"
                        + (health.copyTo() == null ? "" : "; copies to " + health.copyTo()
                        + (health.copiesThere() == null ? "" : " (" + health.copiesThere() + " there)")));
                if (health.copyProblem() != null) {
                    context.output().line("  copies on " + health.copyTo() + " not read: " + health.copyProblem());
                }
            }
            if (targets.isEmpty()) {
                context.output().line("No database or volume has a backup schedule (see 'homeport backup schedule').");
            }
            context.output().list(false, rows);
        }
        return bad ? Cli.BACKUP_PROBLEM : Cli.OK;
    }

    @Command(name = "pull", description = {"Copy the backups of a database or a service's named volume (SERVICE:VOLUME) that this machine"
            + " lacks from its node by SFTP, each checked against its manifest's sha256; without one, everything with a schedule.",
            "Copies go to the database-backups folder of Homeport's home, a folder per volume. They stay encrypted. Then the copies"
                    + " here follow the schedule's retention (--keep, --max-age, counted back from the newest backup here; the newest"
                    + " and the newest verified are always kept); --keep-copies keeps them all."})
    void pull(@Parameters(index = "0", paramLabel = TARGET, arity = "0..1") String targetText,
              @Parameters(index = "1", paramLabel = "STAMP", arity = "0..1", description = "With --from: the backup to download"
                      + " (default: the newest the bucket holds).") String stamp,
              @Option(names = "--keep-copies", description = "Prune no copy here this time (and pull the old backups the retention"
                      + " would prune).") boolean keepCopies,
              @Option(names = "--from", paramLabel = "s3:NAME", description = "Download one backup from this S3 target of the"
                      + " organisation instead (disaster recovery), with its manifest and its restore check's mark, into the same"
                      + " folder, checked by sha256; 'backup restore ... --from FILE' then restores it. The database's (or volume's)"
                      + " node downloads it with its rclone.") String from,
              @Option(names = "--s3-folder", paramLabel = "NODE/VOLUME", description = "With --from: the backups' folder in the"
                      + " bucket, as 'backup push' printed it after the prefix: the node they were made on and their volume"
                      + " (default: the database's own node and volume; name the old ones to recover onto a new database).")
              String s3Folder) {
        BackupService backups = context.homeport().backupService();
        if (from != null || stamp != null || s3Folder != null) {
            pullFromS3(backups, targetText, stamp, keepCopies, from, s3Folder);
            return;
        }
        List<Target> targets = targetText != null ? List.of(target(context, targetText))
                : backups.scheduledSubjects().stream().map(this::label).toList();
        Path folder = context.homeport().databaseBackupFolder();
        for (Target target : targets) {
            BackupService.Pulled pulled = backups.pull(target.subject(), folder, !keepCopies, prompts(target.subject().serviceId()));
            context.output().line(target.label() + ": " + (pulled.files().isEmpty() ? "nothing new" : pulled.files().size() + " new backup(s)")
                    + " in " + pulled.folder() + "; " + pruned(backups, target, pulled.pruned(), pulled.keptBecause()) + ".");
        }
    }

    /** {@code backup pull TARGET --from s3:NAME [STAMP]}: one backup from the bucket into this machine's copies folder. */
    private void pullFromS3(BackupService backups, String targetText, String stamp, boolean keepCopies, String from, String s3Folder) {
        if (from == null) {
            throw new ValidationException("--from", "STAMP and --s3-folder go with --from s3:NAME (a pull from the node copies every"
                    + " backup this machine lacks)");
        }
        if (!from.startsWith(BackupService.S3_PREFIX)) {
            throw new ValidationException("--from", "takes s3:NAME, one of the organisation's S3 targets ('homeport s3 list'), got '"
                    + from.replaceAll("\\p{Cntrl}", "?") + "'");
        }
        if (targetText == null) {
            throw new ValidationException("--from", "name the database or volume (" + TARGET + ") whose backup to download");
        }
        if (keepCopies) {
            throw new ValidationException("--keep-copies", "cannot go with --from: a download from S3 prunes nothing");
        }
        if (stamp != null && !stamp.matches("\\d{8}T\\d{6}Z")) {
            throw new ValidationException("stamp", "a backup's stamp is as 'backup list' shows it, such as 20261206T033000Z");
        }
        Target chosen = target(context, targetText);
        var s3 = backups.s3CopyTarget(chosen.subject(), from.substring(BackupService.S3_PREFIX.length()));
        BackupService.Fetched got = backups.pullFromS3(chosen.subject(), s3, context.inventory().s3Targets().secretKey(s3), s3Folder, stamp,
                context.homeport().databaseBackupFolder(), prompts(chosen.subject().serviceId()));
        context.output().line((got.alreadyHere() ? "Already here, whole (the manifest's sha256): backup " + got.stamp() + " in " + got.file()
                : "Downloaded backup " + got.stamp() + " from " + got.location() + " into " + got.file()
                + ", checked by sha256 against its manifest")
                + (got.verified() ? "; a restore check passed on it." : "."));
        context.output().line("Restore it: homeport backup restore " + chosen.label() + " --from " + got.file());
    }

    /** How many old copies a pull or push pruned, and by what retention; or why none were. */
    private static String pruned(BackupService backups, Target target, List<String> pruned, String keptBecause) {
        return backups.prunedText(target.subject(), pruned, keptBecause);
    }

    @Command(name = "push", description = {"Copy the backups of a database or a service's named volume (SERVICE:VOLUME) that another"
            + " Worker Node lacks to it, each with its manifest: STAMP's only, or all its good backups.",
            "Each file is streamed by SFTP from its node through this machine (not written to its disk) into"
                    + " /var/lib/homeport/backups/_copies/<source node>/<volume>/ on the target, under a temporary name, and takes"
                    + " its name only when its sha256 there is the manifest's. To s3:NAME, the node's rclone uploads each file and"
                    + " its manifest the bucket lacks, checked by size and MD5. Then the copies there follow the schedule's retention"
                    + " (as 'backup pull' prunes the copies here); --keep-copies keeps them. Exits 1 when any copy failed."})
    int push(@Parameters(index = "0", paramLabel = TARGET) String targetText,
             @Parameters(index = "1", paramLabel = "STAMP", arity = "0..1", description = "One backup (as 'backup list' shows it);"
                     + " default: every good backup the node lacks.") String stamp,
             @Option(names = "--to", paramLabel = "NODE|s3:NAME", description = "The node to copy to, or s3:NAME for one of the"
                     + " organisation's S3 targets ('homeport s3 add'); default: the schedule's copy target (--copy-to).") String to,
             @Option(names = "--keep-copies", description = "Prune no copy on the target node or in the bucket this time (and copy"
                     + " the old backups the retention would prune).") boolean keepCopies) {
        Target chosen = target(context, targetText);
        BackupService backups = context.homeport().backupService();
        if (stamp != null && !stamp.matches("\\d{8}T\\d{6}Z")) {
            throw new ValidationException("stamp", "a backup's stamp is as 'backup list' shows it, such as 20261206T033000Z");
        }
        Prompts prompts = prompts(chosen.subject().serviceId());
        BackupService.Pushed pushed;
        if (to != null && to.startsWith(BackupService.S3_PREFIX)) {
            pushed = pushToS3(chosen, backups.s3CopyTarget(chosen.subject(), to.substring(BackupService.S3_PREFIX.length())), stamp,
                    !keepCopies, prompts);
        } else if (to != null) {
            pushed = backups.push(chosen.subject(), backups.copyTarget(chosen.subject(), to), stamp, !keepCopies, prompts);
        } else if (backups.copyTarget(chosen.subject()).isPresent()) {
            pushed = backups.push(chosen.subject(), backups.copyTarget(chosen.subject()).get(), stamp, !keepCopies, prompts);
        } else {
            var s3 = backups.s3CopyTarget(chosen.subject()).orElseThrow(() -> new ValidationException("--to", "name the node or S3"
                    + " target to copy to: '" + chosen.label() + "' has no copy target (set one with 'homeport backup schedule "
                    + chosen.label() + " ... --copy-to NODE|s3:NAME')"));
            pushed = pushToS3(chosen, s3, stamp, !keepCopies, prompts);
        }
        context.output().line(pushed.summary(chosen.label()) + "; " + pruned(backups, chosen, pushed.pruned(), pushed.keptBecause()) + ".");
        for (String problem : pushed.problems()) {
            spec.commandLine().getErr().println("homeport: not copied: " + problem);
        }
        return pushed.ok() ? Cli.OK : Cli.FAILED;
    }

    /** A push to an S3 target: the node's rclone uploads what the bucket lacks (see {@link dev.homeport.ssh.backup.S3Copy}). */
    private BackupService.Pushed pushToS3(Target chosen, dev.homeport.model.S3Target target, String stamp, boolean prune, Prompts prompts) {
        return context.homeport().backupService().pushToS3(chosen.subject(), target, context.inventory().s3Targets().secretKey(target),
                stamp, prune, prompts);
    }

    /**
     * A subject's copy target (a node, or an S3 target as s3:NAME) and which of its backups are on it (one command on that
     * node, or one listing by the backups' node's rclone); never fails the list.
     */
    private Copies copies(BackupService backups, Target target) {
        String where;
        try {
            where = backups.copyLabel(target.subject()).orElse(null);
        } catch (RuntimeException e) {
            return new Copies(null, null, e.getMessage());
        }
        if (where == null) {
            return new Copies(null, null, null);
        }
        try {
            var node = backups.copyTarget(target.subject());
            java.util.Set<String> files = node.isPresent() ? backups.copiesOn(target.subject(), node.get(), Prompts.NONE)
                    : backups.copiesOn(target.subject(), backups.s3CopyTarget(target.subject()).orElseThrow(), Prompts.NONE);
            return new Copies(where, files, null);
        } catch (RuntimeException e) {
            return new Copies(where, null, e.getMessage());
        }
    }

    /** A copy target ({@code node}: its name or s3:NAME, null for none) and the backup files it holds (null when they could not be read). */
    private record Copies(String node, java.util.Set<String> files, String problem) {
        /** What the copy column says of a run: null without a target or for a failed run. */
        String state(BackupRun run) {
            if (node == null || !run.succeeded() || run.manifest().file() == null) {
                return null;
            }
            return files == null ? "copy on " + node + " ?" : files.contains(run.manifest().file()) ? "copy on " + node : "no copy on " + node;
        }
    }

    private Prompts prompts(long serviceId) {
        return new DeployCalls(context, spec.commandLine().getErr()).promptsForLiveNode(serviceId);
    }

    /**
     * A database's or a volume's backups and how they stand, for --json: {@code database} is what was named
     * ({@code PATH} or {@code PATH:VOLUME}), {@code volume} the named volume (null for a database); {@code copiesHere} the
     * backups pulled to this machine, {@code copiesThere} those on the copy target (null without one, or when unread).
     */
    record Health(String database, String volume, String state, String detail, String schedule, String copyTo, String copyProblem,
                  int copiesHere, Integer copiesThere, List<RunRow> runs) {
    }

    /** {@code copy}: whether the copy target holds this backup ("copy on NODE", "no copy on NODE"); null without one. */
    record RunRow(String database, String stamp, String status, String trigger, Long bytes, String file, String error, Long files,
                  Boolean stopped, String copy) implements Output.Row {
        RunRow(String database, BackupRun run) {
            this(database, run, null);
        }

        RunRow(String database, BackupRun run, String copy) {
            this(database, run.stamp(), run.manifest().status(), run.manifest().trigger(), run.manifest().bytes(), run.manifest().file(),
                    run.manifest().error(), run.manifest().files(), run.manifest().stopped(), copy);
        }

        @Override
        public List<String> cells() {
            List<String> cells = new ArrayList<>(List.of(database, stamp, status, trigger == null ? "-" : trigger,
                    bytes == null ? "-" : size(bytes), file == null ? "-" : file));
            if (copy != null) {
                cells.add(copy);
            }
            return cells;
        }

        @Override
        public List<String> notes() {
            List<String> notes = new ArrayList<>();
            if (files != null) {
                notes.add(files + " files" + (Boolean.TRUE.equals(stopped) ? ", service stopped during the tar" : ", taken while the service ran"));
            } else if (stopped != null) {
                notes.add(Boolean.TRUE.equals(stopped) ? "service stopped during the tar" : "taken while the service ran");
            }
            if (error != null) {
                notes.add("error: " + error);
            }
            return notes;
        }

        static String size(long bytes) {
            return bytes < 1024 ? bytes + " B" : bytes < 1 << 20 ? String.format(java.util.Locale.ROOT, "%.1f KiB", bytes / 1024.0)
                    : bytes < 1 << 30 ? String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0) : String.format(java.util.Locale.ROOT, "%.2f GiB", bytes / 1073741824.0);
        }
    }
}
