package dev.homeport.app.desktop.inventory;

import dev.homeport.app.desktop.Dialogs;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.app.desktop.Ui;
import dev.homeport.model.EnvFile;
import dev.homeport.model.ValidationException;
import dev.homeport.model.vault.Secret;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;

/**
 * The app's {@code homeport var import}: reads a {@code .env} file (in the background, parsed by the same {@link EnvFile}),
 * lists its keys, and lets the user tick the secrets before anything is written. Keys that look like secrets (a password,
 * token, secret or key in the name) start ticked. Values are never shown: any of them may be a secret.
 */
final class EnvImportDialog {
    /** What to set: the plain values and the secrets, both in file order. */
    record Chosen(Map<String, String> plain, Map<String, Secret> secrets) {
        int size() {
            return plain.size() + secrets.size();
        }
    }

    private static final Pattern LOOKS_SECRET = Pattern.compile("(?i).*(PASSWORD|PASSWD|SECRET|TOKEN|PRIVATE|CREDENTIAL|API_?KEY|_KEY$).*");

    private static final double CONTENT_WIDTH = 520;
    private static final double LIST_HEIGHT = 140;

    private final MainModel model;
    private final Dialog<Chosen> dialog = new Dialog<>();
    private final TextField file = new TextField();
    private final Label problem = Dialogs.errorLabel("env-problem");
    private final VBox keys = new VBox(4);
    private final ScrollPane list = new ScrollPane(keys);
    private Map<String, String> values = Map.of();
    /** The Import button: enabled once the file in the field has been read whole. */
    private Node ok;

    private EnvImportDialog(MainModel model) {
        this.model = model;
    }

    static Optional<Chosen> ask(Window owner, MainModel model, String where) {
        return new EnvImportDialog(model).show(owner, where);
    }

    private Optional<Chosen> show(Window owner, String where) {
        dialog.initOwner(owner);
        dialog.setTitle("Import a .env file");
        dialog.setHeaderText("Import a .env file into " + where);
        file.setId("env-file");
        file.setPromptText("the .env file on this machine");
        HBox.setHgrow(file, Priority.ALWAYS);
        Button browse = Ui.button("Browse…", Feather.FOLDER, this::browse);
        Button readButton = Ui.button("Read", Feather.FILE_TEXT, this::read);
        readButton.setId("env-read");
        readButton.disableProperty().bind(file.textProperty().isEmpty());
        file.setOnAction(e -> readButton.fire());
        keys.setId("env-keys");
        list.setFitToWidth(true);
        list.setId("env-list");
        // A bordered list of six rows or so (then it scrolls): the space under a few keys is the list's own, not a gap
        // between the keys and the help (it had no border, and the window was made too short for the help).
        list.setPrefViewportHeight(LIST_HEIGHT);
        list.setStyle("-fx-border-color: -color-border-default; -fx-border-radius: 4; -fx-padding: 6 8 6 8;");
        Label secretHeading = new Label("Secret? (the file's keys, once read)");
        Label help = Ui.muted("KEY=VALUE per line; blank lines and # comments are skipped; values may be quoted. Tick the keys"
                + " whose values are secrets: they are sealed in the vault and shown masked. Every variable is set, or (when a"
                + " line is wrong) none; a key already set is replaced.");
        help.setId("env-help");
        // Its height is counted at the dialog's width, wrapped: counted as one long line, the window was made too
        // short for it and the list of keys was squeezed under it.
        Ui.wrapped(help, CONTENT_WIDTH);
        VBox content = new VBox(8, new HBox(8, file, browse, readButton), problem, secretHeading, list, help);
        content.setPrefWidth(CONTENT_WIDTH);
        dialog.getDialogPane().setContent(content);
        ButtonType importType = new ButtonType("Import", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.CANCEL, importType);
        ok = dialog.getDialogPane().lookupButton(importType);
        ok.setDisable(true);
        // A changed path must be read again before it can be imported.
        file.textProperty().addListener((obs, old, now) -> {
            values = Map.of();
            keys.getChildren().clear();
            problem.setText("");
            ok.setDisable(true);
        });
        dialog.setResultConverter(button -> button == importType ? chosen() : null);
        Platform.runLater(file::requestFocus);
        return dialog.showAndWait();
    }

    private void browse() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("A .env file");
        File chosen = chooser.showOpenDialog(dialog.getDialogPane().getScene().getWindow());
        if (chosen != null) {
            file.setText(chosen.getPath());
            read();
        }
    }

    /** Reads and parses the file in the background; shows its keys, or what is wrong with it. */
    private void read() {
        String path = file.getText().strip();
        model.tasks().run("Reading " + path, () -> {
                    Path at = Path.of(path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path);
                    if (!Files.isRegularFile(at)) {
                        throw new ValidationException(path, "no such file");
                    }
                    String text;
                    try {
                        text = Files.readString(at);
                    } catch (java.nio.charset.CharacterCodingException notText) {
                        throw new ValidationException(path, "not a UTF-8 text file");
                    } catch (IOException unreadable) {
                        throw new ValidationException(path, "cannot be read (" + unreadable.getMessage() + ")");
                    }
                    Map<String, String> parsed = EnvFile.parse(text, at.getFileName().toString());
                    if (parsed.isEmpty()) {
                        throw new ValidationException(at.getFileName().toString(), "sets no variables");
                    }
                    return parsed;
                })
                .onSuccess(parsed -> {
                    if (!path.equals(file.getText().strip())) {
                        return; // the path changed while it was read
                    }
                    values = parsed;
                    problem.setText("");
                    keys.getChildren().setAll(parsed.keySet().stream().map(key -> {
                        CheckBox secret = new CheckBox(key);
                        secret.setMnemonicParsing(false); // KEY_NAME shows its underscores
                        secret.setUserData(key);
                        secret.setId("env-secret-" + key);
                        secret.setSelected(LOOKS_SECRET.matcher(key).matches());
                        return (Node) secret;
                    }).toList());
                    ok.setDisable(false);
                })
                .onFailure(failure -> {
                    values = Map.of();
                    keys.getChildren().clear();
                    problem.setText(Dialogs.userMessage(failure));
                    ok.setDisable(true);
                })
                .start();
    }

    private Chosen chosen() {
        Map<String, String> plain = new LinkedHashMap<>();
        Map<String, Secret> secrets = new LinkedHashMap<>();
        for (Node row : keys.getChildren()) {
            CheckBox box = (CheckBox) row;
            String key = (String) box.getUserData();
            if (box.isSelected()) {
                secrets.put(key, Secret.of(values.get(key)));
            } else {
                plain.put(key, values.get(key));
            }
        }
        return new Chosen(plain, secrets);
    }
}
