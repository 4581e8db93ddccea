package dev.homeport.app.cli;

import dev.homeport.model.BackupSchedule;
import dev.homeport.model.ValidationException;
import dev.homeport.model.inventory.InventoryPath;
import dev.homeport.model.inventory.Level;
import dev.homeport.model.inventory.Ref;
import dev.homeport.ssh.backup.BackupRun;
import dev.homeport.ssh.backup.BackupService;
import dev.homeport.ssh.transport.Prompts;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "backup", description = {"Database backups, made on the database's node so they run while this machine is off.",
        "Each backup is a logical dump (pg_dump -Fc, mariadb-dump --single-transaction, Redis's RDB snapshot), compressed and"
                + " encrypted with age inside the database's container, to a key whose private half only this machine's vault holds."
                + " The node keeps them in /var/lib/homeport/backups/<data volume>/ with a manifest per run, failures included."},
        footer = {"%nExamples:",
                "  homeport backup schedule acme/shop/prod/db --every daily --at 03:30 --keep 14 --max-age 30",
                "  homeport backup now acme/shop/prod/db",
                "  homeport backup list",
                "  homeport backup pull acme/shop/prod/db"})
final class BackupCmd extends GroupCmd {
    private final CliContext context;
    private final Items items;

    BackupCmd(CliContext context) {
        this.context = context;
        this.items = new Items(context);
    }

    @Command(name = "schedule", description = {"Set when a database is backed up on its node (a cron line of the node's SSH user), and"
            + " how many backups it keeps for how long; or remove the schedule with --off (the backups made stay).",
            "Times are the node's clock. The database must be deployed: its node is the one it runs on."})
    void schedule(@Parameters(paramLabel = "ORG/APP/ENV/SERVICE") String pathText,
                  @Option(names = "--every", paramLabel = "hourly|daily", description = "How often; required unless --off.") String every,
                  @Option(names = "--at", paramLabel = "TIME", description = "HH:MM for daily (default 03:00), :MM for hourly (default :00).") String at,
                  @Option(names = "--keep", paramLabel = "N", description = "Keep the newest N backups (default "
                          + BackupSchedule.DEFAULT_KEEP_COUNT + ").") Integer keep,
                  @Option(names = "--max-age", paramLabel = "DAYS", description = "Remove backups older than DAYS days, except the newest"
                          + " good one (default " + BackupSchedule.DEFAULT_KEEP_DAYS + ").") Integer maxAge,
                  @Option(names = "--target", paramLabel = "TARGET", description = "Where copies go: node (kept on the node, pulled by the"
                          + " app). Other targets are not built yet.") String target,
                  @Option(names = "--off", description = "Remove the schedule.") boolean off) {
        InventoryPath path = InventoryPath.parse(pathText, Level.SERVICE);
        long serviceId = items.resolve(path).id();
        BackupService backups = context.homeport().backupService();
        Prompts prompts = prompts(serviceId);
        if (off) {
            if (every != null || at != null || keep != null || maxAge != null || target != null) {
                throw new ValidationException("--off", "takes no other option");
            }
            boolean had = backups.unschedule(serviceId, prompts);
            context.output().line(had ? "Removed the backup schedule of '" + path + "' from its node; its backups stay there."
                    : "'" + path + "' had no backup schedule; its node has no cron line for it now.");
            return;
        }
        if (every == null) {
            throw new ValidationException("--every", "is required: hourly or daily (or --off)");
        }
        BackupSchedule schedule = BackupSchedule.parse(serviceId, every, at, keep, maxAge, target, Instant.now());
        BackupService.Scheduled done = backups.schedule(schedule, prompts);
        context.output().line("Backups of '" + path + "': " + schedule.describe() + ", on " + done.node().name() + ".");
        if (!done.cronRunning()) {
            context.output().line("Warning: no cron daemon runs on " + done.node().name() + ", so the schedule will not fire."
                    + " Provision the node again (it starts cron).");
        }
    }

    @Command(name = "now", description = "Back a database up now, with the node's own script (the one the schedule runs); wait and print"
            + " the result. Exits 4 when the backup failed (the node records the failure too).")
    int now(@Parameters(paramLabel = "ORG/APP/ENV/SERVICE") String pathText,
            @Option(names = "--json", description = Output.JSON_HELP) boolean json) {
        InventoryPath path = InventoryPath.parse(pathText, Level.SERVICE);
        long serviceId = items.resolve(path).id();
        BackupRun run = context.homeport().backupService().now(serviceId, prompts(serviceId));
        context.output().list(json, List.of(new RunRow(path.toString(), run)));
        return run.succeeded() ? Cli.OK : Cli.BACKUP_PROBLEM;
    }

    @Command(name = "list", description = {"List a database's backups as its node records them, newest first; without a database, every"
            + " database with a schedule.",
            "Exits 4 when any listed database's newest backup failed, or a scheduled one is late or was missed."})
    int list(@Parameters(paramLabel = "ORG/APP/ENV/SERVICE", arity = "0..1") String pathText,
             @Option(names = "--json", description = Output.JSON_HELP) boolean json) {
        BackupService backups = context.homeport().backupService();
        List<Long> ids = new ArrayList<>();
        if (pathText != null) {
            ids.add(items.resolve(InventoryPath.parse(pathText, Level.SERVICE)).id());
        } else {
            ids.addAll(backups.scheduled());
        }
        List<RunRow> rows = new ArrayList<>();
        List<Health> healths = new ArrayList<>();
        boolean bad = false;
        for (long id : ids) {
            String path = context.inventory().pathOf(new Ref(Level.SERVICE, id)).toString();
            BackupService.Report report = backups.report(id, prompts(id));
            bad |= report.health().bad();
            healths.add(new Health(path, report.health().state().name().toLowerCase(java.util.Locale.ROOT), report.health().detail(),
                    report.schedule().map(BackupSchedule::describe).orElse(null), report.runs().stream().map(run -> new RunRow(path, run)).toList()));
            rows.addAll(healths.getLast().runs());
        }
        if (json) {
            context.output().json(healths);
        } else {
            for (Health health : healths) {
                context.output().line(health.database() + ": " + health.state().toUpperCase(java.util.Locale.ROOT) + ", " + health.detail()
                        + (health.schedule() == null ? "" : "; " + health.schedule()));
            }
            if (ids.isEmpty()) {
                context.output().line("No database has a backup schedule (see 'homeport backup schedule').");
            }
            context.output().list(false, rows);
        }
        return bad ? Cli.BACKUP_PROBLEM : Cli.OK;
    }

    @Command(name = "pull", description = {"Copy a database's backups that this machine lacks from its node by SFTP, each checked against"
            + " its manifest's sha256; without a database, every database with a schedule.",
            "Copies go to the database-backups folder of Homeport's home, a folder per data volume. They stay encrypted."})
    void pull(@Parameters(paramLabel = "ORG/APP/ENV/SERVICE", arity = "0..1") String pathText) {
        BackupService backups = context.homeport().backupService();
        List<Long> ids = pathText != null ? List.of(items.resolve(InventoryPath.parse(pathText, Level.SERVICE)).id()) : backups.scheduled();
        Path folder = context.homeport().databaseBackupFolder();
        for (long id : ids) {
            String path = context.inventory().pathOf(new Ref(Level.SERVICE, id)).toString();
            List<Path> pulled = backups.pull(id, folder, prompts(id));
            context.output().line(path + ": " + (pulled.isEmpty() ? "nothing new" : pulled.size() + " new backup(s)") + " in "
                    + folder.resolve(context.inventory().databases().find(id).orElseThrow().dataVolume()));
        }
    }

    private Prompts prompts(long serviceId) {
        return new DeployCalls(context, spec.commandLine().getErr()).promptsForLiveNode(serviceId);
    }

    /** A database's backups and how they stand, for --json. */
    record Health(String database, String state, String detail, String schedule, List<RunRow> runs) {
    }

    record RunRow(String database, String stamp, String status, String trigger, Long bytes, String file, String error)
            implements Output.Row {
        RunRow(String database, BackupRun run) {
            this(database, run.stamp(), run.manifest().status(), run.manifest().trigger(), run.manifest().bytes(), run.manifest().file(),
                    run.manifest().error());
        }

        @Override
        public List<String> cells() {
            return List.of(database, stamp, status, trigger == null ? "-" : trigger, bytes == null ? "-" : size(bytes),
                    file == null ? "-" : file);
        }

        @Override
        public List<String> notes() {
            return error == null ? List.of() : List.of("error: " + error);
        }

        private static String size(long bytes) {
            return bytes < 1024 ? bytes + " B" : bytes < 1 << 20 ? String.format(java.util.Locale.ROOT, "%.1f KiB", bytes / 1024.0)
                    : bytes < 1 << 30 ? String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0) : String.format(java.util.Locale.ROOT, "%.2f GiB", bytes / 1073741824.0);
        }
    }
}
