package dev.homeport.app.cli;

import dev.homeport.model.StoreBackupSchedule;
import dev.homeport.model.StoreBackupSchedule.Frequency;
import dev.homeport.model.ValidationException;
import dev.homeport.model.store.StoreBackup;
import dev.homeport.model.store.StoreBackups;
import dev.homeport.model.vault.Vault;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code homeport store}: Homeport's own store (its H2 file and the vault key), backed up and restored whole. */
@Command(name = "store", description = {"Back up and restore Homeport's own data: the store (the inventory, history, sealed secrets)"
        + " and the vault key, in one file.", "A backup works while the app is open; a restore needs the app closed."})
final class StoreCmd extends GroupCmd {
    private static final String PASSPHRASE_HELP = "Read the backup passphrase from the first line of this file instead of asking.";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());
    private final CliContext context;

    StoreCmd(CliContext context) {
        this.context = context;
    }

    @Command(name = "backup", description = {"Back up the store and the vault key to FILE (a zip, readable by you only).",
            "With a master passphrase on the vault, the key file goes in as it is (wrapped by it). Without one, the key is"
                    + " encrypted with a passphrase for this backup, asked for here or read with --passphrase-file."})
    void backup(@Parameters(paramLabel = "FILE", description = "The backup file to write; replaced when it exists.") Path file,
                @Option(names = "--passphrase-file", paramLabel = "FILE", description = PASSPHRASE_HELP) Path passphraseFile) {
        boolean master = context.homeport().vault().hasPassphrase();
        char[] passphrase = null;
        try {
            if (!master) {
                passphrase = passphraseFile != null ? Passphrases.fromFile(passphraseFile) : askNew();
            }
            StoreBackup.Manifest manifest = context.homeport().storeBackups().backUpNow(file, passphrase);
            context.output().line("Backed up the store (version " + manifest.migration() + ") to " + file.toAbsolutePath() + "; "
                    + (master ? "the vault key in it is protected by your master passphrase."
                    : "the vault key in it is encrypted with the passphrase you gave; keep it, a restore asks for it."));
        } finally {
            Passphrases.forget(passphrase);
        }
    }

    @Command(name = "restore", description = {"Replace the store and the vault key with those in a backup.",
            "The file is checked first (its format, its version, that it opens). The current store and key are kept beside"
                    + " them as homeport.mv.db.before-restore-<time> and vault.key.before-restore-<time>. The app must be closed."})
    void restore(@Parameters(paramLabel = "FILE", description = "A file made by 'homeport store backup', the schedule, or before an upgrade.") Path file,
                 @Option(names = "--passphrase-file", paramLabel = "FILE", description = PASSPHRASE_HELP) Path passphraseFile,
                 @Option(names = {"-y", "--yes"}, description = Confirmation.CHANGE_YES_HELP) boolean yes) {
        if (context.servedByApp()) {
            throw new CliException(Cli.FAILED, "The Homeport app has the store open, and a restore replaces it. Close the app and run"
                    + " this again, or restore from the app's Settings → Homeport's data (it puts the backup in place when it starts again).");
        }
        StoreBackup.Manifest manifest = StoreBackup.check(context.home(), file);
        char[] passphrase = null;
        try {
            if (manifest.key() == StoreBackup.KeyProtection.BACKUP_PASSPHRASE) {
                if (passphraseFile != null) {
                    passphrase = Passphrases.fromFile(passphraseFile);
                } else if (context.terminal().interactive()) {
                    passphrase = context.terminal().readPassword("Passphrase the backup was made with: ");
                    if (passphrase == null) {
                        throw new CliException(Cli.FAILED, "Cancelled: no passphrase was given.");
                    }
                } else {
                    throw new CliException(Cli.BAD_INPUT, "The backup's vault key is encrypted with a passphrase: give --passphrase-file FILE"
                            + " when input is not a terminal.");
                }
            }
            if (!yes) {
                Confirmation.change(context.terminal(), "Replace the store in " + context.home().root() + " with the backup made "
                        + TIME.format(manifest.created()) + " (store version " + manifest.migration() + ")?");
            }
            StoreBackup.restore(context.home(), file, passphrase);
            context.output().line("Restored the store from " + file.toAbsolutePath() + ". The previous store and vault key are kept in "
                    + context.home().root() + " as *.before-restore-*."
                    + (manifest.key() == StoreBackup.KeyProtection.MASTER_PASSPHRASE ? " The vault asks for the master passphrase it had then." : ""));
        } finally {
            Passphrases.forget(passphrase);
        }
    }

    @Command(name = "backups", description = "Show the backup schedule and the last backups, with their results.")
    void backups(@Option(names = "--json", description = Output.JSON_HELP) boolean json) {
        StoreBackups backups = context.homeport().storeBackups();
        Overview overview = new Overview(backups.schedule(), backups.runs(10));
        context.output().details(json, overview);
    }

    @Command(name = "schedule", description = {"Set when the open app backs the store up: off, daily or weekly.",
            "Scheduled backups need a master passphrase on the vault (nobody is there to type one for the backup)."})
    void schedule(@Parameters(paramLabel = "off|daily|weekly", description = "How often.") String frequency,
                  @Option(names = "--to", paramLabel = "PATH", description = "A folder (a dated file each time) or a file ending in .zip (replaced each time).") Path target,
                  @Option(names = "--keep", paramLabel = "N", description = "In a folder, the newest backups kept (default: "
                          + StoreBackupSchedule.DEFAULT_KEEP + ").") Integer keep) {
        Frequency chosen;
        try {
            chosen = Frequency.valueOf(frequency.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CliException(Cli.BAD_INPUT, "Choose off, daily or weekly, not '" + frequency + "'.");
        }
        StoreBackups backups = context.homeport().storeBackups();
        StoreBackupSchedule now = backups.schedule();
        StoreBackupSchedule changed;
        try {
            changed = new StoreBackupSchedule(chosen, target != null ? target.toAbsolutePath().toString() : now.target(),
                    keep != null ? keep : now.keep());
        } catch (ValidationException e) {
            throw new ValidationException(e.field().equals("target") ? "--to" : e.field().equals("keep") ? "--keep" : e.field(), e.rule());
        }
        backups.setSchedule(changed);
        context.output().line(chosen == Frequency.OFF ? "Scheduled backups are off."
                : "Saved. While the app is open, it backs the store up " + chosen.label().toLowerCase(java.util.Locale.ROOT) + " to " + changed.target()
                + (changed.singleFile() ? "." : ", keeping the newest " + changed.keep() + "."));
    }

    private char[] askNew() {
        if (!context.terminal().interactive()) {
            throw new CliException(Cli.BAD_INPUT, "The vault has no master passphrase, so the backup needs one of its own: give"
                    + " --passphrase-file FILE when input is not a terminal.");
        }
        char[] first = context.terminal().readPassword("Backup passphrase (at least " + Vault.MIN_PASSPHRASE_LENGTH + " characters): ");
        if (first == null) {
            throw new CliException(Cli.FAILED, "Cancelled: no passphrase was given.");
        }
        char[] again = context.terminal().readPassword("The same passphrase again: ");
        boolean same = again != null && Arrays.equals(first, again);
        Passphrases.forget(again);
        if (!same) {
            Passphrases.forget(first);
            throw new CliException(Cli.BAD_INPUT, "The two passphrases differ; nothing was backed up.");
        }
        return first;
    }

    /** The schedule and the last runs, as {@code backups} prints them; in JSON, times as ISO-8601 text. */
    record Overview(String schedule, String target, int keep, boolean singleFile, List<RunShape> runs) implements Output.Details {
        Overview(StoreBackupSchedule schedule, List<StoreBackups.Run> runs) {
            this(schedule.frequency().name().toLowerCase(java.util.Locale.ROOT), schedule.target(), schedule.keep(), schedule.singleFile(),
                    runs.stream().map(run -> new RunShape(run.at().toString(), run.trigger().name().toLowerCase(java.util.Locale.ROOT),
                            run.file(), run.ok(), run.message())).toList());
        }

        @Override
        public List<Output.Field> fields() {
            List<String> last = new ArrayList<>();
            for (RunShape run : runs) {
                last.add(TIME.format(java.time.Instant.parse(run.at())) + "  " + run.trigger() + "  " + (run.ok() ? "ok" : "FAILED") + "  "
                        + (run.file() == null ? "" : run.file()) + (run.ok() ? "" : "  " + run.message()));
            }
            return List.of(Output.Field.of("schedule", schedule),
                    Output.Field.of("to", target.isBlank() ? null : target),
                    Output.Field.of("kept", singleFile ? "one file, replaced" : keep + " newest"),
                    new Output.Field("last backups", last));
        }
    }

    record RunShape(String at, String trigger, String file, boolean ok, String message) {
    }
}
