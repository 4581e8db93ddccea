package dev.homeport.app.cli;

import dev.homeport.model.inventory.InventoryPath;
import dev.homeport.model.inventory.Level;
import dev.homeport.ssh.backup.BackupService;
import dev.homeport.ssh.backup.Restores;
import dev.homeport.ssh.backup.ScratchRestore;
import dev.homeport.ssh.backup.VolumeRestores;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code homeport backup verify}: a backup proven to restore. (The backups change hangs it under {@code homeport backup verify}.) */
@Command(name = "verify", description = {"Prove a database's backup restores: it is restored into a scratch copy beside"
        + " the live database, checked table by table against what the backup recorded, and the copy removed. The result is"
        + " kept on the node beside the backup (<stamp>.verified.json), so every laptop sees it.",
        "Without STAMP, the newest backup; --list shows the backups and which were ever verified.",
        "A service's named volume (SERVICE:VOLUME): the backup's tar is unpacked into a scratch volume <volume>-verify-<stamp>,"
                + " whose own tar must have the sha256 and the count of regular files the backup recorded; the scratch volume is"
                + " then removed, and the result kept beside the backup as a database's is."},
        footer = {"%nExamples:",
                "  homeport backup verify acme/shop/prod/db --list",
                "  homeport backup verify acme/shop/prod/db 20261206T120000Z",
                "  homeport backup verify acme/shop/prod/web:uploads"})
final class BackupVerifyCmd implements Callable<Integer> {
    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = BackupCmd.TARGET)
    String pathText;

    @Parameters(index = "1", arity = "0..1", paramLabel = "STAMP")
    String stamp;

    @Option(names = "--identity-file", paramLabel = "FILE", description = BackupRestoreCmd.IDENTITY_HELP)
    Path identityFile;

    @Option(names = "--list", description = "List the backups on the node, newest first, with their verified marks; verify nothing.")
    boolean list;

    BackupVerifyCmd(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (pathText.contains(":")) {
            return verifyVolume(BackupCmd.target(context, pathText));
        }
        InventoryPath path = InventoryPath.parse(pathText, Level.SERVICE);
        long serviceId = context.databaseId(path);
        Restores restores = context.homeport().restores();
        var prompts = new DeployCalls(context, spec.commandLine().getErr()).promptsForLiveNode(serviceId);
        if (list) {
            List<Restores.Entry> entries = restores.list(serviceId, prompts);
            if (entries.isEmpty()) {
                context.output().line("No backups of '" + path + "' on its node.");
            }
            entries.forEach(entry -> context.output().line(line(entry)));
            return Cli.OK;
        }
        byte[] identity = BackupRestoreCmd.identity(identityFile, context);
        String chosen = stamp;
        if (chosen == null) {
            chosen = restores.list(serviceId, prompts).stream().filter(e -> e.manifest() != null && e.manifest().succeeded())
                    .map(Restores.Entry::stamp).findFirst()
                    .orElseThrow(() -> new CliException(Cli.FAILED, "No backup of '" + path + "' to verify on its node."));
        }
        ScratchRestore.Outcome outcome = restores.verify(serviceId, chosen, identity, prompts, line -> {
            spec.commandLine().getErr().println(line);
            spec.commandLine().getErr().flush();
        });
        context.output().line("Backup " + chosen + ":");
        outcome.verification().lines().forEach(context.output()::line);
        return outcome.verification().passed() ? Cli.OK : Cli.FAILED;
    }

    /** A named volume's backup: restored into a scratch volume, checked, the scratch volume removed, the mark written. */
    private int verifyVolume(BackupCmd.Target target) {
        VolumeRestores restores = context.homeport().volumeRestores();
        long serviceId = target.subject().serviceId();
        var prompts = new DeployCalls(context, spec.commandLine().getErr()).promptsForLiveNode(serviceId);
        if (list) {
            List<Restores.Entry> entries = restores.list(target.subject(), prompts);
            if (entries.isEmpty()) {
                context.output().line("No backups of '" + target.label() + "' on its node.");
            }
            entries.forEach(entry -> context.output().line(line(entry)));
            return Cli.OK;
        }
        byte[] identity = BackupRestoreCmd.identity(identityFile, context);
        String chosen = stamp;
        if (chosen == null) {
            chosen = restores.list(target.subject(), prompts).stream().filter(e -> e.manifest() != null && e.manifest().succeeded())
                    .map(Restores.Entry::stamp).findFirst()
                    .orElseThrow(() -> new CliException(Cli.FAILED, "No backup of '" + target.label() + "' to verify on its node."));
        }
        BackupService.VolumeRestore outcome = restores.verify(target.subject(), chosen, identity, prompts, line -> {
            spec.commandLine().getErr().println(line);
            spec.commandLine().getErr().flush();
        });
        context.output().line("Backup " + chosen + ":");
        outcome.lines().forEach(context.output()::line);
        return outcome.passed() ? Cli.OK : Cli.FAILED;
    }

    private static String line(Restores.Entry entry) {
        String made = entry.manifest() == null ? "unreadable manifest"
                : entry.manifest().succeeded() ? entry.manifest().format() + ", " + entry.manifest().bytes() + " bytes"
                : "failed: " + entry.manifest().error();
        String mark = entry.mark() == null ? "never verified"
                : (entry.verified() ? "VERIFIED " : "CHECK FAILED ") + entry.mark().checked() + " (" + entry.mark().summary() + ")";
        return entry.stamp() + "  " + made + "  " + mark;
    }
}
