package dev.homeport.app.cli;

import dev.homeport.model.transfer.ImportReport;
import dev.homeport.model.transfer.InventoryDocument;
import dev.homeport.model.transfer.InventoryImporter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "import", description = {"Add the contents of an export file to the inventory.",
        "The whole file is checked first; if anything is wrong or clashes with the inventory, nothing is changed."})
final class ImportCmd implements Callable<Integer> {
    private final CliContext context;

    @Parameters(paramLabel = "FILE", description = "The YAML file written by 'homeport export', or - for stdin.")
    Path file;

    @Option(names = "--passphrase-file", paramLabel = "FILE",
            description = "Read the passphrase the file was exported with from the first line of this file instead of asking.")
    Path passphraseFile;

    ImportCmd(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        InventoryDocument document = InventoryImporter.parse(CliFiles.readText(file, context.terminal().stdin(), "the import file"));
        char[] passphrase = !InventoryImporter.hasSecrets(document) ? null
                : passphraseFile != null ? Passphrases.fromFile(passphraseFile)
                : Passphrases.ask(context.terminal(), "The file holds encrypted secrets: pass --passphrase-file FILE"
                        + " when input is not a terminal.");
        try {
            ImportReport report = context.homeport().importer().apply(document, passphrase);
            context.output().line(report.summary());
            report.warnings().forEach(warning -> context.output().line("warning: " + warning));
            return Cli.OK;
        } finally {
            Passphrases.forget(passphrase);
        }
    }
}
