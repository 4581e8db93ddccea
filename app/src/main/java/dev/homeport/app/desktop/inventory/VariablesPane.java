package dev.homeport.app.desktop.inventory;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.homeport.app.desktop.Dialogs;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.app.desktop.Ui;
import dev.homeport.model.Check;
import dev.homeport.model.ValidationException;
import dev.homeport.model.Variable;
import dev.homeport.model.VariableScope;
import dev.homeport.model.vault.Secret;
import java.util.HashMap;
import java.util.Map;
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
import org.kordamp.ikonli.feather.Feather;

/**
 * Variables of an environment or a service. Secret values are masked; Reveal
 * decrypts one in memory on demand. Values are typed into the form below the
 * table, never shown in a command line or a log.
 */
final class VariablesPane {
    private final MainModel model;
    private final VariableScope scope;
    private final long ownerId;
    private final TableView<Variable> table = new TableView<>();
    private final Map<Long, String> revealed = new HashMap<>();

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
        secret.visibleProperty().bind(isSecret.selectedProperty());
        secret.managedProperty().bind(isSecret.selectedProperty());
        plain.visibleProperty().bind(isSecret.selectedProperty().not());
        plain.managedProperty().bind(isSecret.selectedProperty().not());
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
            String v = secretValue ? secret.getText() : plain.getText();
            model.tasks().run("Setting " + k, () -> secretValue
                            ? model.homeport().inventory().setSecret(scope, ownerId, k, Secret.of(v))
                            : model.homeport().inventory().setVariable(scope, ownerId, k, v))
                    .onSuccess(set -> {
                        key.clear();
                        plain.clear();
                        secret.clear();
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
        HBox.setHgrow(plain, Priority.ALWAYS);
        HBox.setHgrow(secret, Priority.ALWAYS);
        key.setPrefColumnCount(14);
        HBox row = new HBox(8, key, plain, secret, isSecret, add, remove, importFile);
        row.setAlignment(Pos.CENTER_LEFT);
        return new VBox(4, row, problem);
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
