package dev.homeport.app.desktop.settings;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.homeport.app.desktop.Dialogs;
import dev.homeport.app.desktop.FxPrompts;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.app.desktop.Ui;
import dev.homeport.app.desktop.nodes.HostKeyDialogs;
import dev.homeport.model.Check;
import dev.homeport.model.SshIdentity;
import dev.homeport.model.ValidationException;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.vault.Secret;
import dev.homeport.ssh.keys.KeyInstaller;
import dev.homeport.ssh.keys.SshKeys;
import dev.homeport.ssh.nodes.NodeService;
import dev.homeport.ssh.transport.HostKeyException;
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
 * Generate (ed25519), Import (from a private key file), Copy public key,
 * Install on a server (as {@code homeport key install}) and Remove. Nodes use
 * them as their "stored key" identity.
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
        Button install = Ui.button("Install on a server…", Feather.SERVER, this::installSelected);
        install.setId("install-identity");
        install.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        HBox buttons = new HBox(8, generate, importKey, copy, install, remove);
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

    /**
     * {@code homeport key install}: adds the selected key to a server's ~/.ssh/authorized_keys, as ssh-copy-id does. A
     * Worker Node is logged in to as it always is; USER@HOST[:PORT] once with a password, asked and not kept.
     */
    private void installSelected() {
        Row row = table.getSelectionModel().getSelectedItem();
        if (row == null) {
            return;
        }
        Dialog<String> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Install " + row.identity().name() + " on a server");
        dialog.setHeaderText("Install " + row.identity().name() + " on a server");
        TextField target = new TextField();
        target.setId("install-target");
        target.setPromptText("a Worker Node's name, or user@host[:port]");
        Label error = Dialogs.errorLabel("install-error");
        VBox content = new VBox(8, new Label("Where? A Worker Node is logged in to as it always is; for user@host[:port],"
                + " Homeport asks for the password once and does not keep it."), target, error,
                Ui.muted("The public key is added to that user's ~/.ssh/authorized_keys (made if missing), as ssh-copy-id does;"
                        + " a key already there is not added again."));
        content.setPrefWidth(460);
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.CANCEL, ButtonType.OK);
        Dialogs.checkAsTyped(target, error, dialog.getDialogPane().lookupButton(ButtonType.OK), IdentitiesSection::targetProblem);
        dialog.setResultConverter(button -> button == ButtonType.OK ? target.getText().strip() : null);
        javafx.application.Platform.runLater(target::requestFocus);
        dialog.showAndWait().ifPresent(where -> install(row.identity(), where));
    }

    /** Null for a node's name or a USER@HOST[:PORT] that parses; otherwise what is wrong. */
    private static String targetProblem(String text) {
        try {
            if (text.strip().contains("@")) {
                KeyInstaller.passwordLogin(text.strip());
            } else {
                Check.dnsLabel("name", text.strip());
            }
            return null;
        } catch (ValidationException e) {
            return text.strip().contains("@") ? e.getMessage() : "A Worker Node's name, or user@host[:port].";
        }
    }

    private void install(SshIdentity key, String where) {
        boolean server = where.contains("@");
        NodeService nodes = model.homeport().nodeService();
        say("Installing " + key.name() + " on " + where + "…");
        model.tasks().run("Installing the key " + key.name() + " on " + where, () -> {
                    WorkerNode target = server ? KeyInstaller.passwordLogin(where) : model.homeport().nodes().node(where);
                    try {
                        return KeyInstaller.install(nodes.connection(target, new FxPrompts(owner)), key.publicKey());
                    } finally {
                        if (server) {
                            nodes.disconnect(target); // a password login is for this once
                        }
                    }
                })
                .onSuccess(outcome -> say(outcome == KeyInstaller.Outcome.ADDED
                        ? "Added " + key.name() + " to ~/.ssh/authorized_keys on " + where + "."
                        : key.name() + " was in ~/.ssh/authorized_keys on " + where + " already; nothing changed."))
                .onFailure(failure -> {
                    say("");
                    if (failure instanceof HostKeyException unknown && unknown.reason() == HostKeyException.Reason.UNKNOWN) {
                        // After this task has finished, ask; trusted, the install runs again.
                        javafx.application.Platform.runLater(() -> trustAndInstall(key, where, unknown));
                        return;
                    }
                    Dialogs.error(owner, "Cannot install " + key.name() + " on " + where, failure);
                })
                .start();
    }

    private void trustAndInstall(SshIdentity key, String where, HostKeyException unknown) {
        if (!HostKeyDialogs.confirmUnknown(owner, unknown, null)) {
            say("Not installed: you did not trust the host key of " + where + ".");
            return;
        }
        NodeService nodes = model.homeport().nodeService();
        model.tasks().run("Trusting the host key of " + unknown.host(), () -> {
                    if (where.contains("@")) {
                        nodes.trustHostKey(unknown);
                    } else {
                        nodes.acceptHostKey(model.homeport().nodes().node(where), unknown);
                    }
                })
                .onSuccess(done -> install(key, where))
                .onFailure(failure -> Dialogs.error(owner, "Cannot trust the host key", failure))
                .start();
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
