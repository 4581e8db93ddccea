package dev.homeport.app.desktop.inventory;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.homeport.app.desktop.Dialogs;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.app.desktop.Ui;
import dev.homeport.model.Check;
import dev.homeport.model.ValidationException;
import dev.homeport.model.ValueFile;
import dev.homeport.model.Variable;
import dev.homeport.model.VariableScope;
import dev.homeport.model.vault.Secret;
import java.io.File;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.feather.Feather;

/**
 * Variables of an environment or a service. Secret values are masked; Reveal
 * decrypts one in memory on demand. Values are typed into the form below the
 * table (or read from a file with From file…), never shown in a command line or a log.
 */
final class VariablesPane {
    private final MainModel model;
    private final VariableScope scope;
    private final long ownerId;
    private final TableView<Variable> table = new TableView<>();
    private final Map<Long, String> revealed = new HashMap<>();
    /** The value read by From file… (it replaces the typed one until Set or dropped), or null. */
    private final javafx.beans.property.ObjectProperty<FileValue> fromFile = new javafx.beans.property.SimpleObjectProperty<>();
    /** Tests set the file From file… reads instead of the open dialog they cannot drive; null: the dialog. */
    static volatile Supplier<File> fileInTests;

    /** A value read from a file, and the file's name. */
    private record FileValue(String value, String name) {
        @Override
        public String toString() {
            return "a value from " + name; // never the value: it may be a secret
        }
    }

    VariablesPane(MainModel model, VariableScope scope, long ownerId) {
        this.model = model;
        this.scope = scope;
        this.ownerId = ownerId;
    }

    Node build() {
        table.setId("variables");
        table.getStyleClass().addAll(Styles.BORDERED, Tweaks.EDGE_TO_EDGE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(Ui.muted("No variables yet. Add one below; mark it secret to keep it encrypted and masked."));
        table.setPrefHeight(200);
        TableColumn<Variable, String> key = new TableColumn<>("Key");
        key.setCellValueFactory(row -> new ReadOnlyStringWrapper(row.getValue().key()));
        key.setPrefWidth(220);
        TableColumn<Variable, Variable> value = new TableColumn<>("Value");
        value.setCellValueFactory(row -> new javafx.beans.property.ReadOnlyObjectWrapper<>(row.getValue()));
        value.setCellFactory(column -> new ValueCell());
        table.getColumns().setAll(java.util.List.of(key, value));
        load();
        return new VBox(10, table, form());
    }

    private void load() {
        model.tasks().run("Reading variables", () -> model.homeport().inventory().variables(scope, ownerId))
                .onSuccess(variables -> table.getItems().setAll(variables))
                .start();
    }

    private Node form() {
        TextField key = new TextField();
        key.setPromptText("KEY");
        key.setId("variable-key");
        TextField plain = new TextField();
        plain.setPromptText("value");
        plain.setId("variable-value");
        PasswordField secret = new PasswordField();
        secret.setPromptText("secret value");
        secret.setId("variable-secret-value");
        CheckBox isSecret = new CheckBox("Secret");
        isSecret.setId("variable-secret");
        // A value read from a file stands in for the fields: named by its lines and file, never shown.
        Label loaded = new Label();
        loaded.setId("variable-file-name");
        loaded.setGraphic(Ui.icon(Feather.FILE_TEXT));
        Button drop = Ui.button(null, Feather.X, () -> fromFile.set(null), Styles.FLAT, Styles.SMALL);
        drop.setId("variable-file-drop");
        drop.setTooltip(new javafx.scene.control.Tooltip("Type the value instead"));
        HBox file = new HBox(4, loaded, drop);
        file.setId("variable-file");
        file.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(file, Priority.ALWAYS);
        var typed = fromFile.isNull();
        file.visibleProperty().bind(typed.not());
        file.managedProperty().bind(typed.not());
        secret.visibleProperty().bind(isSecret.selectedProperty().and(typed));
        secret.managedProperty().bind(isSecret.selectedProperty().and(typed));
        plain.visibleProperty().bind(isSecret.selectedProperty().not().and(typed));
        plain.managedProperty().bind(isSecret.selectedProperty().not().and(typed));
        Label problem = Dialogs.errorLabel("variable-problem");
        Button add = new Button("Set", Ui.icon(Feather.PLUS));
        add.setId("variable-set");
        add.setDisable(true);
        key.textProperty().addListener((obs, old, now) -> {
            String error = now.isEmpty() ? null : keyProblem(now);
            problem.setText(error == null ? "" : error);
            add.setDisable(now.isEmpty() || error != null);
        });
        add.setOnAction(e -> {
            String k = key.getText();
            boolean secretValue = isSecret.isSelected();
            String v = fromFile.get() != null ? fromFile.get().value() : secretValue ? secret.getText() : plain.getText();
            model.tasks().run("Setting " + k, () -> secretValue
                            ? model.homeport().inventory().setSecret(scope, ownerId, k, Secret.of(v))
                            : model.homeport().inventory().setVariable(scope, ownerId, k, v))
                    .onSuccess(set -> {
                        key.clear();
                        plain.clear();
                        secret.clear();
                        fromFile.set(null);
                        load();
                    })
                    .onFailure(failure -> problem.setText(Dialogs.userMessage(failure)))
                    .start();
        });
        Button remove = new Button("Remove", Ui.icon(Feather.TRASH_2));
        remove.getStyleClass().add(Styles.DANGER);
        remove.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        remove.setOnAction(e -> {
            Variable selected = table.getSelectionModel().getSelectedItem();
            model.tasks().run("Removing " + selected.key(), () -> model.homeport().inventory().unsetVariable(scope, ownerId, selected.key()))
                    .onSuccess(done -> load())
                    .start();
        });
        Button importFile = Ui.button("Import .env…", Feather.UPLOAD, () -> importFile(problem));
        importFile.setId("variables-import");
        Button readFile = Ui.button("From file…", Feather.FILE_PLUS, () -> readFile(problem, loaded));
        readFile.setId("variable-from-file");
        readFile.setTooltip(new javafx.scene.control.Tooltip("Take the value from a file (a key, a certificate: several lines),"
                + " as homeport var set --from-file does"));
        HBox.setHgrow(plain, Priority.ALWAYS);
        HBox.setHgrow(secret, Priority.ALWAYS);
        key.setPrefColumnCount(14);
        HBox row = new HBox(8, key, plain, secret, file, readFile, isSecret, add, remove, importFile);
        row.setAlignment(Pos.CENTER_LEFT);
        return new VBox(4, row, problem);
    }

    /**
     * {@code homeport var set KEY --from-file FILE}: the file the user picks is read in the background by the CLI's
     * rules ({@link ValueFile}: UTF-8, one final line ending dropped, not empty, at most 128 KiB) into the value to
     * set, which is named by its lines and file, never shown (it may be a secret).
     */
    private void readFile(Label problem, Label loaded) {
        Supplier<File> given = fileInTests;
        File chosen;
        if (given != null) {
            chosen = given.get();
        } else {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("The file that holds the value");
            chosen = chooser.showOpenDialog(table.getScene().getWindow());
        }
        if (chosen == null) {
            return;
        }
        Path path = chosen.toPath();
        String name = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        model.tasks().run("Reading " + name, () -> new FileValue(ValueFile.read(path, name), name))
                .onSuccess(read -> {
                    problem.setText("");
                    long lines = read.value().lines().count();
                    loaded.setText(lines + (lines == 1 ? " line" : " lines") + " from " + name);
                    fromFile.set(read);
                })
                .onFailure(failure -> problem.setText(Dialogs.userMessage(failure)))
                .start();
    }

    /** {@code homeport var import}: every variable of a .env file in one step, the ones ticked as secrets sealed. */
    private void importFile(Label problem) {
        String where = scope == VariableScope.SERVICE ? "this service" : "this environment";
        EnvImportDialog.ask(table.getScene().getWindow(), model, where).ifPresent(chosen -> model.tasks()
                .run("Importing " + chosen.size() + " variables", () -> model.homeport().inventory()
                        .setVariables(scope, ownerId, chosen.plain(), chosen.secrets()))
                .onSuccess(done -> {
                    problem.setText("");
                    load();
                })
                .onFailure(failure -> problem.setText(Dialogs.userMessage(failure)))
                .start());
    }

    private static String keyProblem(String key) {
        try {
            Check.variableKey("key", key);
            return null;
        } catch (ValidationException e) {
            return "The key " + e.rule() + ".";
        }
    }

    /** Shows a plain value, or a masked secret with a Reveal/Hide toggle. */
    private final class ValueCell extends TableCell<Variable, Variable> {
        @Override
        protected void updateItem(Variable variable, boolean empty) {
            super.updateItem(variable, empty);
            setText(null);
            setGraphic(null);
            if (empty || variable == null) {
                return;
            }
            if (!variable.secret()) {
                setText(variable.plainValue());
                return;
            }
            String shown = revealed.get(variable.id());
            Label value = new Label(shown == null ? "••••••••" : shown);
            Label badge = new Label("secret", Ui.icon(Feather.LOCK));
            badge.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
            Button toggle = new Button(shown == null ? "Reveal" : "Hide");
            toggle.getStyleClass().addAll(Styles.FLAT, Styles.SMALL);
            toggle.setOnAction(e -> {
                if (revealed.remove(variable.id()) != null) {
                    table.refresh();
                    return;
                }
                model.tasks().run("Decrypting " + variable.key(), () -> model.homeport().inventory().reveal(variable).reveal())
                        .onSuccess(plain -> {
                            revealed.put(variable.id(), plain);
                            table.refresh();
                        })
                        .start();
            });
            HBox box = new HBox(8, value, badge, toggle);
            box.setAlignment(Pos.CENTER_LEFT);
            setGraphic(box);
        }
    }
}
