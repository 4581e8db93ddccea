package dev.homeport.app.desktop.nodes;

import atlantafx.base.theme.Styles;
import dev.homeport.app.desktop.Tasks;
import dev.homeport.ssh.nodes.SshConfigLookup;
import java.nio.file.Path;
import javafx.animation.PauseTransition;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * The "how to reach it" part of the add-node dialog: an alias of
 * ~/.ssh/config (looked up in the background as the user types, and shown
 * resolved), or host, port and user.
 */
final class AddressForm {
    /** The user's ssh config, where OpenSSH reads it. */
    static Path sshConfig() {
        return Path.of(System.getProperty("user.home"), ".ssh", "config");
    }

    private final Tasks tasks;
    private final ToggleGroup mode = new ToggleGroup();
    private final ToggleButton byAlias = new ToggleButton("From ~/.ssh/config");
    private final ToggleButton byAddress = new ToggleButton("Host, port and user");
    private final TextField alias = FormRows.field("node-alias", "a Host name from ~/.ssh/config, such as prod-web");
    private final Label resolution = new Label();
    private final TextField host = FormRows.field("node-host", "203.0.113.10 or web1.example.com");
    private final TextField port = FormRows.field("node-port", "22");
    private final TextField user = FormRows.field("node-user", "root");
    private final GridPane fields = FormRows.grid();
    private final PauseTransition typing = new PauseTransition(Duration.millis(250));
    private final ReadOnlyObjectWrapper<NodeDraft.Address> address = new ReadOnlyObjectWrapper<>();
    private SshConfigLookup.Resolved resolved;

    AddressForm(Tasks tasks) {
        this.tasks = tasks;
        byAlias.setId("mode-alias");
        byAddress.setId("mode-address");
        byAlias.setToggleGroup(mode);
        byAddress.setToggleGroup(mode);
        byAlias.getStyleClass().add(Styles.LEFT_PILL);
        byAddress.getStyleClass().add(Styles.RIGHT_PILL);
        port.setText("22");
        port.setPrefColumnCount(6);
        port.setMaxWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        user.setText(System.getProperty("user.name"));
        resolution.setId("alias-resolution");
        resolution.setWrapText(true);
        resolution.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        mode.selectedToggleProperty().addListener((obs, old, now) -> {
            if (now == null) {
                old.setSelected(true);
                return;
            }
            showFields();
            update();
        });
        typing.setOnFinished(e -> lookUp());
        resolution.textProperty().addListener((obs, old, now) -> FormRows.resizeWindow(resolution));
        alias.textProperty().addListener((obs, old, now) -> {
            typing.playFromStart();
            update();
        });
        for (TextField field : new TextField[] {host, port, user}) {
            field.textProperty().addListener((obs, old, now) -> update());
        }
        byAddress.setSelected(true);
    }

    /** What is entered now; changes as the user types, and when an alias has been looked up. */
    ReadOnlyObjectProperty<NodeDraft.Address> addressProperty() {
        return address.getReadOnlyProperty();
    }

    /** Starts in alias mode (when the user has an ssh config) or address mode. */
    void useAlias(boolean yes) {
        (yes ? byAlias : byAddress).setSelected(true);
    }

    boolean aliasMode() {
        return mode.getSelectedToggle() == byAlias;
    }

    Node build() {
        HBox modes = new HBox(byAlias, byAddress);
        VBox box = new VBox(10, FormRows.row("Connect", modes), fields);
        showFields();
        return box;
    }

    private void showFields() {
        fields.getChildren().clear();
        if (aliasMode()) {
            FormRows.addWithHint(fields, 0, "Alias", alias, resolution);
        } else {
            FormRows.add(fields, 0, "Host", host, null);
            FormRows.add(fields, 1, "Port", port, null);
            FormRows.add(fields, 2, "User", user, null);
        }
        FormRows.resizeWindow(fields);
    }

    private void update() {
        address.set(aliasMode() ? new NodeDraft.Address.Alias(alias.getText(), resolved)
                : new NodeDraft.Address.Direct(host.getText(), port.getText(), user.getText()));
    }

    /** Reads ~/.ssh/config for the alias in the background; a stale answer (the text changed since) is dropped. */
    private void lookUp() {
        String asked = alias.getText().strip();
        if (asked.isEmpty()) {
            resolution.setText("");
            return;
        }
        resolution.setText("Looking up " + asked + " in ~/.ssh/config…");
        tasks.run("Reading ~/.ssh/config", () -> new SshConfigLookup(sshConfig()).resolve(asked))
                .onSuccess(found -> {
                    if (asked.equals(alias.getText().strip())) {
                        resolved = found;
                        resolution.setText(describe(found));
                        update();
                    }
                })
                .onFailure(failure -> {
                    if (asked.equals(alias.getText().strip())) {
                        resolution.setText(NodeMessages.of(failure));
                    }
                })
                .start();
    }

    static String describe(SshConfigLookup.Resolved found) {
        String target = found.user() + "@" + found.hostName() + ", port " + found.port();
        String jump = found.proxyJump() == null || found.proxyJump().isBlank() ? "" : ", through " + found.proxyJump() + " (ProxyJump)";
        String keys = found.identityFiles().isEmpty() ? "" : "; IdentityFile " + String.join(", ", found.identityFiles());
        return found.known()
                ? "Resolves to HostName " + found.hostName() + ", port " + found.port() + ", user " + found.user() + jump + keys + "."
                : "Not in ~/.ssh/config: Homeport will connect to " + target + " directly.";
    }
}
