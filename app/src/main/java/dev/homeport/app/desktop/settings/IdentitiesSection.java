package dev.homeport.app.desktop.settings;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.homeport.app.desktop.Dialogs;
import dev.homeport.app.desktop.FxPrompts;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.app.desktop.Ui;
import dev.homeport.model.Check;
import dev.homeport.model.SshIdentity;
import dev.homeport.model.ValidationException;
import dev.homeport.model.vault.Secret;
import dev.homeport.ssh.keys.SshKeys;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;

/**
 * Settings → SSH identities: the key pairs kept in Homeport's vault, with
 * Generate (ed25519), Import (from a private key file), Copy public key and
 * Remove. Nodes use them as their "stored key" identity.
 */
public final class IdentitiesSection {

    /** One identity as the table shows it, computed in the background. */
    record Row(SshIdentity identity, String type, String fingerprint, String comment) {
        static Row of(SshIdentity identity) {
            String[] parts = identity.publicKey().strip().split("\\s+", 3);
            String fingerprint;
            try {
                fingerprint = SshKeys.fingerprint(identity.publicKey());
            } catch (IllegalArgumentException e) {
                fingerprint = "unreadable";
            }
            return new Row(identity, parts[0], fingerprint, parts.length > 2 ? parts[2] : "");
        }
    }

    private final MainModel model;
    private final Window owner;
    private final TableView<Row> table = new TableView<>();
    private final Label status = new Label();

    public IdentitiesSection(MainModel model, Window owner) {
        this.model = model;
        this.owner = owner;
    }

    public Node build() {
        table.setId("identities");
        table.getStyleClass().addAll(Styles.BORDERED, Tweaks.EDGE_TO_EDGE, Styles.DENSE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().setAll(List.of(
                Ui.column("Name", (Row r) -> r.identity().name()),
                Ui.column("Type", Row::type),
                Ui.column("Fingerprint", Row::fingerprint),
                Ui.column("Comment", Row::comment)));
        table.getColumns().get(2).setPrefWidth(380);
        table.setPlaceholder(Ui.muted("No SSH identities yet. Generate one, or import a key you already use."));
        table.setPrefHeight(180);
        status.setId("identities-status");
        status.setWrapText(true);
        status.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.SUCCESS);

        Button copy = Ui.button("Copy public key", Feather.COPY, this::copySelected);
        copy.setId("copy-public-key");
        Button remove = Ui.button("Remove", Feather.TRASH_2, this::removeSelected, Styles.DANGER);
        remove.setId("remove-identity");
        copy.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        remove.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        Button generate = Ui.button("Generate…", Feather.PLUS, this::generate);
        generate.setId("generate-identity");
        Button importKey = Ui.button("Import…", Feather.UPLOAD, this::importKey);
        importKey.setId("import-identity");
        HBox buttons = new HBox(8, generate, importKey, copy, remove);
        buttons.setAlignment(Pos.CENTER_LEFT);
        load(null);
        VBox section = new VBox(8, Ui.sectionTitle("SSH identities"),
                Ui.muted("Key pairs kept in Homeport's vault, the private half encrypted. A node can use one as its identity: "
                        + "put the public key into the node's ~/.ssh/authorized_keys."),
                table, buttons, status);
        section.setId("identities-section");
        return section;
    }

    /** Reads the identities again; selects {@code select} (a name) when given. */
    private void load(String select) {
        model.tasks().run("Reading SSH identities", () -> model.homeport().keys().identities().stream().map(Row::of).toList())
                .onSuccess(rows -> {
                    table.getItems().setAll(rows);
                    rows.stream().filter(r -> r.identity().name().equals(select)).findFirst()
                            .ifPresent(r -> table.getSelectionModel().select(r));
                })
                .start();
    }

    private List<String> names() {
        return table.getItems().stream().map(r -> r.identity().name()).toList();
    }

    private void generate() {
        askNameAndComment().ifPresent(answer -> model.tasks().run("Generating the key " + answer[0], () -> {
                    SshKeys.KeyText key = SshKeys.generateEd25519(answer[1], null);
                    return model.homeport().keys().add(answer[0], key.publicKey(), key.privateKey());
                })
                .onSuccess(added -> {
                    say("Generated " + added.name() + ". Copy its public key into a node's ~/.ssh/authorized_keys, "
                            + "then add the node with this stored key.");
                    load(added.name());
                })
                .onFailure(failure -> Dialogs.error(owner, "Cannot generate the key", failure))
                .start());
    }

    /** Asks for a new identity's name (checked as typed) and an optional comment; both, or empty. */
    private Optional<String[]> askNameAndComment() {
        Dialog<String[]> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Generate SSH key");
        dialog.setHeaderText("Generate an ed25519 key pair");
        TextField name = new TextField();
        name.setId("identity-name");
        name.setPromptText("laptop");
        TextField comment = new TextField(System.getProperty("user.name") + "@homeport");
        comment.setId("identity-comment");
        Label error = Dialogs.errorLabel("identity-name-error");
        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(8);
        grid.addRow(0, new Label("Name"), name);
        grid.addRow(1, new Label("Comment"), comment);
        VBox content = new VBox(10, grid, error, Ui.muted("The comment ends the public key line, to tell keys apart in authorized_keys. "
                + "The private key never leaves Homeport's vault."));
        content.setPrefWidth(460);
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.CANCEL, ButtonType.OK);
        Node ok = dialog.getDialogPane().lookupButton(ButtonType.OK);
        Runnable validate = () -> {
            String problem = name.getText().isEmpty() ? "" : nameProblem(name.getText());
            error.setText(problem == null ? "" : problem);
            ok.setDisable(problem != null);
        };
        name.textProperty().addListener((obs, old, now) -> validate.run());
        validate.run();
        dialog.setResultConverter(button -> button == ButtonType.OK ? new String[] {name.getText(), comment.getText().strip()} : null);
        javafx.application.Platform.runLater(name::requestFocus);
        return dialog.showAndWait();
    }

    private String nameProblem(String name) {
        try {
            Check.dnsLabel("name", name);
        } catch (ValidationException e) {
            return "The name " + e.rule() + ".";
        }
        return names().contains(name) ? "An identity named '" + name + "' already exists." : null;
    }

    private void importKey() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Import a private key");
        File sshFolder = Path.of(System.getProperty("user.home"), ".ssh").toFile();
        if (sshFolder.isDirectory()) {
            chooser.setInitialDirectory(sshFolder);
        }
        File file = chooser.showOpenDialog(owner);
        if (file == null) {
            return;
        }
        if (file.getName().endsWith(".pub")) {
            Dialogs.error(owner, "That is a public key", file.getName() + " holds only the public half of a key. "
                    + "Choose the private key file next to it (the same name without .pub).");
            return;
        }
        Dialogs.askName(owner, "Import SSH key", "Homeport keeps the key from " + file.getName()
                        + " in its vault, encrypted, so nodes can use it without the file. Its name in Homeport:",
                suggestName(file.getName()), this::nameProblem)
                .ifPresent(name -> model.tasks().run("Importing the key " + file.getName(), () -> {
                            Secret privateKey = Secret.of(Files.readString(file.toPath()));
                            SshKeys.KeyText key = SshKeys.importKey(name, privateKey, new FxPrompts(owner));
                            return model.homeport().keys().add(name, key.publicKey(), key.privateKey());
                        })
                        .onSuccess(added -> {
                            say("Imported " + file.getName() + " as " + added.name() + ".");
                            load(added.name());
                        })
                        .onFailure(failure -> Dialogs.error(owner, "Cannot import " + file.getName(), importMessage(failure)))
                        .start());
    }

    private static String importMessage(Throwable failure) {
        if (failure instanceof java.io.IOException io) {
            return "Cannot read the file: " + io.getMessage();
        }
        return Dialogs.userMessage(failure);
    }

    /** "id_ed25519" gives "id-ed25519": a valid identity name. */
    static String suggestName(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    private void copySelected() {
        Row row = table.getSelectionModel().getSelectedItem();
        if (row == null) {
            return;
        }
        ClipboardContent content = new ClipboardContent();
        content.putString(row.identity().publicKey());
        javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
        say("Copied the public key of " + row.identity().name() + " to the clipboard.");
    }

    private void removeSelected() {
        Row row = table.getSelectionModel().getSelectedItem();
        if (row == null) {
            return;
        }
        String name = row.identity().name();
        if (!Dialogs.confirmDanger(owner, "Remove the SSH identity " + name + "?",
                "Homeport deletes the key pair " + name + " (" + row.fingerprint() + ") from its vault. "
                        + "Unless you have a copy elsewhere, it is gone for good, and nodes that only accept this key "
                        + "cannot be reached with it any more.", "Remove identity")) {
            return;
        }
        model.tasks().run("Removing the SSH identity " + name, () -> model.homeport().keys().remove(row.identity().id()))
                .onSuccess(done -> {
                    say("Removed " + name + ".");
                    load(null);
                })
                .onFailure(failure -> Dialogs.error(owner, "Cannot remove " + name, failure instanceof ValidationException refused
                        ? "Homeport cannot remove " + name + ": " + refused.rule() + "." : Dialogs.userMessage(failure)))
                .start();
    }

    private void say(String text) {
        status.setText(text);
    }
}
