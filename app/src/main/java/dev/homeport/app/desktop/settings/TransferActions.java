package dev.homeport.app.desktop.settings;

import dev.homeport.app.desktop.Dialogs;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.model.transfer.ImportReport;
import dev.homeport.model.transfer.InventoryDocument;
import dev.homeport.model.transfer.InventoryImporter;
import java.io.File;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** Export and import of the whole inventory as YAML, from the Settings page and the welcome page. */
public final class TransferActions {
    private final MainModel model;
    private final Window owner;

    public TransferActions(MainModel model, Window owner) {
        this.model = model;
        this.owner = owner;
    }

    public void exportInventory(boolean withSecrets) {
        Optional<char[]> passphrase = withSecrets
                ? Dialogs.askPassphrase(owner, "Export with secrets", "The secrets in the file are encrypted with this passphrase. "
                        + "You need it to import the file.", true)
                : Optional.of(new char[0]);
        if (passphrase.isEmpty()) {
            return;
        }
        FileChooser chooser = yamlChooser("Export inventory");
        chooser.setInitialFileName("homeport-inventory.yaml");
        File file = chooser.showSaveDialog(owner);
        if (file == null) {
            return;
        }
        model.tasks().run("Exporting the inventory", () -> writePrivately(file.toPath(), out -> {
                    if (withSecrets) {
                        model.homeport().exporter().exportWithSecrets(out, passphrase.get());
                    } else {
                        model.homeport().exporter().export(out);
                    }
                }))
                .onSuccess(done -> info("Inventory exported", "Saved to " + file + (withSecrets ? ", with its secrets encrypted." : ", without secrets.")))
                .onFailure(failure -> Dialogs.error(owner, "Export failed", failure))
                .start();
    }

    public void importInventory() {
        File file = yamlChooser("Import inventory").showOpenDialog(owner);
        if (file == null) {
            return;
        }
        model.tasks().run("Reading " + file.getName(), () -> InventoryImporter.parse(Files.readString(file.toPath())))
                .onSuccess(this::apply)
                .onFailure(failure -> Dialogs.error(owner, "Cannot import " + file.getName(), failure))
                .start();
    }

    private void apply(InventoryDocument document) {
        char[] passphrase = null;
        if (InventoryImporter.hasSecrets(document)) {
            Optional<char[]> asked = Dialogs.askPassphrase(owner, "Import secrets", "This file carries encrypted secrets. Its export passphrase:", false);
            if (asked.isEmpty()) {
                return;
            }
            passphrase = asked.get();
        }
        char[] given = passphrase;
        model.tasks().run("Importing the inventory", () -> model.homeport().importer().apply(document, given))
                .onSuccess(this::report)
                .onFailure(failure -> Dialogs.error(owner, "Import failed; nothing was changed", failure))
                .start();
    }

    private void report(ImportReport report) {
        model.refresh();
        StringBuilder text = new StringBuilder(report.summary());
        if (!report.warnings().isEmpty()) {
            text.append("\n\nLeft out:");
            report.warnings().forEach(w -> text.append("\n• ").append(w));
        }
        info("Inventory imported", text.toString());
    }

    private void info(String title, String text) {
        Alert alert = new Alert(Alert.AlertType.INFORMATION, text, ButtonType.OK);
        alert.initOwner(owner);
        alert.setTitle(title);
        alert.setHeaderText(title);
        alert.getDialogPane().setMinWidth(480);
        alert.show();
    }

    private interface WriterAction {
        void write(Writer out) throws IOException;
    }

    /** Writes through a temporary file created 0600 and then moved into place, so a failure leaves no half file. */
    private static Void writePrivately(Path target, WriterAction action) throws IOException {
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        if (temp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(temp);
        }
        try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            action.write(out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return null;
    }

    private static FileChooser yamlChooser(String title) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("YAML", "*.yaml", "*.yml"),
                new FileChooser.ExtensionFilter("All files", "*"));
        return chooser;
    }
}
