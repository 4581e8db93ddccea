package dev.homeport.app.desktop.nodes;

import dev.homeport.model.SshIdentity;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javafx.util.StringConverter;

/**
 * The "identity" part of the add-node dialog: a key file, a key stored in
 * Homeport's vault, ssh-agent, whatever ~/.ssh/config says, or a password
 * (stored encrypted only if the user ticks the box).
 */
final class IdentityForm {
    /** The user's ~/.ssh folder, where keys usually are. */
    static Path sshFolder() {
        return Path.of(System.getProperty("user.home"), ".ssh");
    }

    private final ChoiceBox<NodeDraft.IdentityKind> kind = new ChoiceBox<>();
    private final TextField keyFile = FormRows.field("key-file", "~/.ssh/id_ed25519");
    private final ComboBox<SshIdentity> stored = new ComboBox<>();
    private final PasswordField password = new PasswordField();
    private final CheckBox storePassword = new CheckBox("Store the password (encrypted)");
    private final GridPane fields = FormRows.grid();
    private final ReadOnlyObjectWrapper<NodeDraft.Identity> identity = new ReadOnlyObjectWrapper<>();
    private final java.util.function.Supplier<Window> owner;
    private final Label passwordHint = FormRows.hint("");
    private boolean chosenByUser;
    private boolean suggesting;

    IdentityForm(java.util.function.Supplier<Window> owner) {
        this.owner = owner;
        kind.setId("identity-kind");
        kind.getItems().setAll(NodeDraft.IdentityKind.values());
        kind.setValue(NodeDraft.IdentityKind.KEY_FILE);
        stored.setId("stored-key");
        stored.setPromptText("no stored keys yet");
        stored.setMaxWidth(Double.MAX_VALUE);
        stored.setConverter(new StringConverter<>() {
            @Override
            public String toString(SshIdentity key) {
                return key == null ? "" : key.name();
            }

            @Override
            public SshIdentity fromString(String text) {
                return null;
            }
        });
        password.setId("node-password");
        storePassword.setId("store-password");
        kind.valueProperty().addListener((obs, old, now) -> {
            chosenByUser |= !suggesting;
            showFields();
            update();
        });
        passwordHint.textProperty().bind(Bindings.when(storePassword.selectedProperty())
                .then("Kept in Homeport's vault, encrypted with AES-256-GCM.")
                .otherwise("Not kept: Homeport asks for it at each connection. Tick the box to keep it, encrypted, in the vault."));
        keyFile.textProperty().addListener((obs, old, now) -> update());
        stored.valueProperty().addListener((obs, old, now) -> update());
        password.textProperty().addListener((obs, old, now) -> update());
        storePassword.selectedProperty().addListener((obs, old, now) -> update());
        update();
    }

    ReadOnlyObjectProperty<NodeDraft.Identity> identityProperty() {
        return identity.getReadOnlyProperty();
    }

    /** What was found in the background when the dialog opened: the vault's keys, and ~/.ssh/id_ed25519 if it exists. */
    void offer(List<SshIdentity> identities, Path defaultKeyFile) {
        stored.getItems().setAll(identities);
        if (!identities.isEmpty()) {
            stored.setValue(identities.getFirst());
        }
        if (defaultKeyFile != null && keyFile.getText().isBlank()) {
            keyFile.setText(defaultKeyFile.toString());
        }
        if (kind.getValue() == NodeDraft.IdentityKind.STORED_KEY) {
            showFields();
        }
    }

    /** Follows the address mode until the user picks an identity: an alias suggests "as ~/.ssh/config says". */
    void suggestFor(boolean alias) {
        if (!chosenByUser) {
            suggesting = true;
            kind.setValue(alias ? NodeDraft.IdentityKind.SSH_CONFIG : NodeDraft.IdentityKind.KEY_FILE);
            suggesting = false;
        }
    }

    Node build() {
        showFields();
        return new VBox(10, FormRows.row("Identity", kind), fields);
    }

    private void showFields() {
        fields.getChildren().clear();
        switch (kind.getValue()) {
            case KEY_FILE -> {
                Button browse = new Button("Browse…");
                browse.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
                browse.setOnAction(e -> chooseKeyFile());
                HBox withBrowse = new HBox(8, keyFile, browse);
                HBox.setHgrow(keyFile, Priority.ALWAYS);
                FormRows.add(fields, 0, "Key file", withBrowse, "A private key on this computer. If it has a passphrase, Homeport asks for it.");
            }
            case STORED_KEY -> FormRows.add(fields, 0, "Stored key", stored, stored.getItems().isEmpty()
                    ? "No keys in Homeport's vault yet: generate or import one in Settings → SSH identities."
                    : "A key kept encrypted in Homeport's vault. Its public key must be in the node's authorized_keys.");
            case AGENT -> FormRows.add(fields, 0, "", FormRows.hint(System.getenv("SSH_AUTH_SOCK") == null
                    ? "No ssh-agent is running for Homeport (SSH_AUTH_SOCK is not set), so this will fail."
                    : "Homeport offers the keys of the running ssh-agent, as ssh does."), null);
            case SSH_CONFIG -> FormRows.add(fields, 0, "", FormRows.hint(
                    "The IdentityFile entries of ~/.ssh/config for this host, and the ssh-agent's keys, as ssh would use them."), null);
            case PASSWORD -> {
                FormRows.add(fields, 0, "Password", password, null);
                FormRows.add(fields, 1, "", new VBox(4, storePassword, passwordHint), null);
            }
        }
        FormRows.resizeWindow(fields);
    }

    private void chooseKeyFile() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Private key file");
        File folder = sshFolder().toFile();
        if (folder.isDirectory()) {
            chooser.setInitialDirectory(folder);
        }
        File chosen = chooser.showOpenDialog(owner.get());
        if (chosen != null) {
            keyFile.setText(chosen.getAbsolutePath());
        }
    }

    private void update() {
        identity.set(new NodeDraft.Identity(kind.getValue(), keyFile.getText(), stored.getValue(), password.getText(),
                storePassword.isSelected()));
    }
}
