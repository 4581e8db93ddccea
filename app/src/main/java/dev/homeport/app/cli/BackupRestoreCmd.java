package dev.homeport.app.cli;

import dev.homeport.model.inventory.InventoryPath;
import dev.homeport.model.inventory.Level;
import dev.homeport.ssh.backup.BackupService;
import dev.homeport.ssh.backup.Restores;
import dev.homeport.ssh.backup.ScratchRestore;
import dev.homeport.ssh.deploy.DeployRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code homeport backup restore}: a backup restored beside the live database, checked, and swapped in after
 * confirmation.
 */
@Command(name = "restore", description = {"Restore a database's backup: first into a scratch copy beside the live database"
        + " (same image and credentials, its own volume), which is checked table by table (row counts and checksums) against"
        + " what the backup recorded; only then, after you confirm, the database is redeployed on the restored volume.",
        "The old data stays on its volume, named in the output, until you drop it with --drop-old-volume.",
        "--from restores a copy on this machine (the .age file and its .json manifest beside it) into a database deployed"
                + " anywhere, such as a new one on another node: disaster recovery.",
        "PostgreSQL, MariaDB and Redis (a Redis copy is checked by each logical database's key count).",
        "A service's named volume (SERVICE:VOLUME STAMP): the backup's tar is unpacked into a new volume <volume>-restore-<stamp>,"
                + " whose own tar must have the sha256 and the file count the backup recorded; after you confirm, the service is"
                + " redeployed with the new volume mounted in the old one's place. The old volume stays on the node until you drop"
                + " it (SERVICE:VOLUME --drop-old-volume OLD; refused while a running container uses it). With --from, a copy of a"
                + " volume's backup on this machine is sent to the node the service runs on now and restored the same way."},
        footer = {"%nExamples:",
                "  homeport backup restore acme/shop/prod/db 20261206T120000Z",
                "  homeport backup restore acme/shop/dr/db --from ./20261206T120000Z.pgdump.age",
                "  homeport backup restore acme/shop/prod/db --drop-old-volume db-data-x7k2qa",
                "  homeport backup restore acme/shop/prod/web:uploads 20261206T040000Z",
                "  homeport backup restore acme/shop/dr/web:uploads --from ./20261206T040000Z.tar.gz.age"})
final class BackupRestoreCmd implements Callable<Integer> {
    static final String IDENTITY_HELP = "The age identity (AGE-SECRET-KEY-…) to decrypt with, from this file (- reads standard"
            + " input), for backups made to another key; by default the key this store's vault keeps. It reaches the node only on"
            + " a program's standard input.";

    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = BackupCmd.TARGET)
    String pathText;

    @Parameters(index = "1", arity = "0..1", paramLabel = "STAMP", description = "The backup, such as 20261206T120000Z (see 'homeport backup verify --list').")
    String stamp;

    @Option(names = "--from", paramLabel = "FILE", description = "A backup file on this machine (<stamp>.<ext>.age); its manifest"
            + " <stamp>.json is read from the same folder unless --manifest names it.")
    Path from;

    @Option(names = "--manifest", paramLabel = "FILE", description = "The manifest of the --from file.")
    Path manifest;

    @Option(names = "--identity-file", paramLabel = "FILE", description = IDENTITY_HELP)
    Path identityFile;

    @Option(names = "--drop-old-volume", paramLabel = "VOLUME", description = "Remove an old data volume an earlier restore kept"
            + " (its data is gone for good), instead of restoring; with SERVICE:VOLUME, an old named volume a volume's restore kept.")
    String dropVolume;

    @Option(names = "--yes", description = Confirmation.CHANGE_YES_HELP)
    boolean yes;

    BackupRestoreCmd(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (pathText.contains(":")) {
            return restoreVolume(BackupCmd.target(context, pathText));
        }
        InventoryPath path = InventoryPath.parse(pathText, Level.SERVICE);
        long serviceId = context.databaseId(path);
        Restores restores = context.homeport().restores();
        DeployCalls calls = new DeployCalls(context, spec.commandLine().getErr());
        if (dropVolume != null) {
            if (stamp != null || from != null) {
                throw new CliException(Cli.BAD_INPUT, "--drop-old-volume restores nothing: give no STAMP or --from with it.");
            }
            context.output().line("Drop the old data volume " + dropVolume + " of '" + path + "'? Its data is gone for good.");
            if (!yes) {
                Confirmation.removal(context.terminal());
            }
            int releases = restores.dropOldVolume(serviceId, dropVolume, calls.promptsForLiveNode(serviceId));
            context.output().line("Dropped " + dropVolume + (releases == 0 ? "." : ", and the " + releases + " stopped release container(s)"
                    + " from before the restore that mounted it (a rollback to them would have brought the old data back)."));
            return Cli.OK;
        }
        if ((stamp == null) == (from == null)) {
            throw new CliException(Cli.BAD_INPUT, "Name the backup: a STAMP on the database's node, or --from a copy on this machine.");
        }
        if (manifest != null && from == null) {
            throw new CliException(Cli.BAD_INPUT, "--manifest goes with --from.");
        }
        byte[] identity = identity(identityFile, context);
        var prompts = calls.promptsForLiveNode(serviceId);
        ScratchRestore.Outcome outcome;
        if (from != null) {
            outcome = restores.restoreCopy(serviceId, from, manifestFile(), identity, prompts, this::progress);
        } else {
            outcome = restores.restore(serviceId, stamp, identity, prompts, this::progress);
        }
        outcome.verification().lines().forEach(context.output()::line);
        if (outcome.keptVolume() == null) {
            throw new CliException(Cli.FAILED, "The restored copy did not pass its check; it was removed and nothing changed.");
        }
        context.output().line("The restored copy is on volume " + outcome.keptVolume() + ".");
        if (!yes) {
            try {
                Confirmation.change(context.terminal(), "Swap it in: redeploy '" + path + "' on " + outcome.keptVolume()
                        + " (the data it holds now stays on its volume until you drop it)?");
            } catch (CliException notConfirmed) {
                restores.discard(serviceId, outcome.keptVolume(), prompts);
                throw new CliException(notConfirmed.exitCode(), notConfirmed.getMessage() + " The restored copy was removed.");
            }
        }
        String old = context.homeport().backupService().swapDataVolume(serviceId, outcome.keptVolume(), prompts);
        context.output().line("The database's data volume is now " + outcome.keptVolume() + "; redeploying.");
        DeployRun run = context.homeport().deployService().deploy(serviceId, null, prompts, calls.progress(false, true));
        calls.await(run, serviceId, path.toString(), false);
        context.output().line("The old data is kept on volume " + old + ". Drop it when you no longer need it: homeport backup restore "
                + path + " --drop-old-volume " + old);
        return Cli.OK;
    }

    /** A named volume's backup: into a new volume, checked, then (confirmed) mounted in the old one's place and redeployed. */
    private int restoreVolume(BackupCmd.Target target) {
        if (dropVolume != null) {
            if (stamp != null || from != null) {
                throw new CliException(Cli.BAD_INPUT, "--drop-old-volume restores nothing: give no STAMP or --from with it.");
            }
            long serviceId = target.subject().serviceId();
            var prompts = new DeployCalls(context, spec.commandLine().getErr()).promptsForLiveNode(serviceId);
            context.output().line("Drop the old volume " + dropVolume + " that a restore of '" + target.label() + "' kept? Its data is gone"
                    + " for good.");
            if (!yes) {
                Confirmation.removal(context.terminal());
            }
            int releases = context.homeport().volumeRestores().dropOldVolume(serviceId, dropVolume, prompts);
            context.output().line("Dropped " + dropVolume + (releases == 0 ? "." : ", and the " + releases + " stopped release container(s)"
                    + " from before the restore that mounted it (a rollback to them would have brought the old data back)."));
            return Cli.OK;
        }
        if ((stamp == null) == (from == null)) {
            throw new CliException(Cli.BAD_INPUT, "Name the backup: a STAMP on the volume's node (see 'homeport backup list "
                    + target.label() + "'), or --from a copy on this machine.");
        }
        if (manifest != null && from == null) {
            throw new CliException(Cli.BAD_INPUT, "--manifest goes with --from.");
        }
        long serviceId = target.subject().serviceId();
        DeployCalls calls = new DeployCalls(context, spec.commandLine().getErr());
        var prompts = calls.promptsForLiveNode(serviceId);
        BackupService backups = context.homeport().backupService();
        byte[] identity = identity(identityFile, context);
        BackupService.VolumeRestore outcome = from != null
                ? backups.restoreVolumeCopy(target.subject(), from, manifestFile(), identity, prompts, this::progress)
                : backups.restoreVolume(target.subject(), stamp, identity, prompts, this::progress);
        outcome.lines().forEach(context.output()::line);
        if (!outcome.passed()) {
            throw new CliException(Cli.FAILED, "The restored volume did not pass its check; it was removed and nothing changed.");
        }
        context.output().line("The restored copy is on volume " + outcome.restored() + ".");
        if (!yes) {
            try {
                Confirmation.change(context.terminal(), "Swap it in: redeploy '" + target.path() + "' with " + outcome.restored()
                        + " mounted in place of " + outcome.volume() + " (which stays on the node)?");
            } catch (CliException notConfirmed) {
                backups.discardVolume(serviceId, outcome.restored(), prompts);
                throw new CliException(notConfirmed.exitCode(), notConfirmed.getMessage() + " The restored copy was removed.");
            }
        }
        backups.swapVolume(serviceId, outcome.volume(), outcome.restored(), prompts);
        context.output().line("'" + target.path() + "' now mounts " + outcome.restored() + " in place of " + outcome.volume() + "; redeploying.");
        DeployRun run = context.homeport().deployService().deploy(serviceId, null, prompts, calls.progress(false, true));
        calls.await(run, serviceId, target.path().toString(), false);
        context.output().line("The old volume " + outcome.volume() + " is kept on the node. Drop it when you no longer need it: homeport"
                + " backup restore " + target.path() + ":" + outcome.restored() + " --drop-old-volume " + outcome.volume());
        return Cli.OK;
    }

    /** The --from file's manifest: --manifest, or {@code <stamp>.json} beside it. */
    private Path manifestFile() {
        if (manifest != null) {
            return manifest;
        }
        String name = from.getFileName().toString();
        return from.resolveSibling((name.contains(".") ? name.substring(0, name.indexOf('.')) : name) + ".json");
    }

    private void progress(String line) {
        spec.commandLine().getErr().println(line);
        spec.commandLine().getErr().flush();
    }

    /** The identity's bytes: the store's own backup key, or the one in {@code file}. */
    static byte[] identity(Path file, CliContext context) {
        if (file == null) {
            return (context.homeport().backupService().key().identity() + "\n").getBytes(StandardCharsets.UTF_8);
        }
        String text = CliFiles.readText(file, context.terminal().stdin(), "identity file");
        if (!text.contains("AGE-SECRET-KEY-")) {
            throw new CliException(Cli.BAD_INPUT, "That is not an age identity (no AGE-SECRET-KEY- line).");
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
