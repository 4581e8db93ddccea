package dev.homeport.app.cli;

import dev.homeport.model.transfer.InventoryExporter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "export", description = {"Write the whole inventory as YAML, to stdout or a file.",
        "Secret values are left out unless --include-secrets is given; then they are encrypted with a passphrase"
                + " you choose, and the file is created readable by you only."})
final class ExportCmd implements Callable<Integer> {
    private final CliContext context;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to this file instead of stdout.")
    Path file;

    @Option(names = "--include-secrets", description = "Include secret values, encrypted with an export passphrase.")
    boolean includeSecrets;

    @Option(names = "--passphrase-file", paramLabel = "FILE", description = Passphrases.FILE_HELP)
    Path passphraseFile;

    ExportCmd(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (passphraseFile != null && !includeSecrets) {
            throw new CliException(Cli.BAD_INPUT, "--passphrase-file is used only with --include-secrets.");
        }
        char[] passphrase = !includeSecrets ? null : passphraseFile != null ? Passphrases.fromFile(passphraseFile)
                : Passphrases.askNew(context.terminal(), "--include-secrets needs --passphrase-file FILE when input is not a terminal.");
        try {
            InventoryExporter exporter = context.homeport().exporter();
            CliFiles.Content content = writer -> write(exporter, writer, passphrase);
            if (file == null) {
                content.writeTo(context.output().writer());
            } else {
                CliFiles.writeAtomically(file, includeSecrets, content);
                context.output().line("Exported the inventory to " + file.toAbsolutePath()
                        + (includeSecrets ? ", with its secrets encrypted by your passphrase." : ", without secret values."));
            }
            return Cli.OK;
        } catch (java.io.IOException e) {
            throw new CliException(Cli.FAILED, "Cannot write the export: " + CliFiles.reason(e), e);
        } finally {
            Passphrases.forget(passphrase);
        }
    }

    private static void write(InventoryExporter exporter, Writer writer, char[] passphrase) {
        if (passphrase == null) {
            exporter.export(writer);
        } else {
            exporter.exportWithSecrets(writer, passphrase);
        }
    }
}
