package dev.homeport.app.desktop.settings;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.homeport.app.desktop.Dialogs;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.app.desktop.Ui;
import dev.homeport.model.Check;
import dev.homeport.model.Organisation;
import dev.homeport.model.RegistryCredential;
import dev.homeport.model.ValidationException;
import dev.homeport.model.vault.Secret;
import java.util.List;
import java.util.Optional;
import javafx.application.Platform;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import javafx.util.StringConverter;
import org.kordamp.ikonli.feather.Feather;

/**
 * Settings → Registries: an organisation's logins for private image registries, as {@code homeport registry} keeps
 * them. The password or token is sealed in the vault and never shown; editing a login keeps it when the field is left
 * empty. Test login checks the selected login from a node's Docker ({@link RegistryLoginTester}). An image service uses
 * a login through its service settings (the Registry choice).
 */
public final class RegistriesSection {
    private final MainModel model;
    private final Window owner;
    private final ChoiceBox<Organisation> organisation = new ChoiceBox<>();
    private final TableView<RegistryCredential> table = new TableView<>();
    private final Label status = new Label();

    public RegistriesSection(MainModel model, Window owner) {
        this.model = model;
        this.owner = owner;
    }

    public Node build() {
        organisation.setId("registry-organisation");
        organisation.setConverter(new StringConverter<>() {
            @Override
            public String toString(Organisation org) {
                return org == null ? "" : org.name();
            }

            @Override
            public Organisation fromString(String text) {
                throw new UnsupportedOperationException();
            }
        });
        organisation.valueProperty().addListener((obs, old, now) -> load(null));
        table.setId("registries");
        table.getStyleClass().addAll(Styles.BORDERED, Tweaks.EDGE_TO_EDGE, Styles.DENSE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().setAll(List.of(
                Ui.column("Registry", RegistryCredential::registry),
                Ui.column("User", RegistryCredential::username),
                Ui.column("Password", (RegistryCredential c) -> "sealed in the vault")));
        table.getColumns().getFirst().setPrefWidth(260);
        table.setPlaceholder(Ui.muted("No registry logins in this organisation. Images from public registries need none."));
        table.setPrefHeight(150);
        status.setId("registries-status");
        status.setWrapText(true);
        status.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.SUCCESS);
        status.setMaxWidth(Double.MAX_VALUE);

        Button add = Ui.button("Add…", Feather.PLUS, () -> ask(null));
        add.setId("add-registry");
        add.disableProperty().bind(organisation.valueProperty().isNull());
        Button edit = Ui.button("Edit…", Feather.EDIT_2, () -> ask(table.getSelectionModel().getSelectedItem()));
        edit.setId("edit-registry");
        Button remove = Ui.button("Remove", Feather.TRASH_2, this::removeSelected, Styles.DANGER);
        remove.setId("remove-registry");
        edit.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        remove.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        HBox choose = new HBox(10, new Label("Organisation"), organisation);
        choose.setAlignment(Pos.CENTER_LEFT);
        RegistryLoginTester tester = new RegistryLoginTester(model, owner, status);
        HBox buttons = new HBox(8, add, edit, tester.button(organisation::getValue, table.getSelectionModel().selectedItemProperty()),
                remove, tester.spinner());
        buttons.setAlignment(Pos.CENTER_LEFT);
        model.tasks().run("Reading organisations", () -> model.homeport().inventory().organisations())
                .onSuccess(orgs -> {
                    organisation.getItems().setAll(orgs);
                    if (!orgs.isEmpty()) {
                        organisation.setValue(orgs.getFirst());
                    }
                })
                .start();
        VBox section = new VBox(8, Ui.sectionTitle("Registries"),
                Ui.muted("Logins for private image registries, kept per organisation. An image service chooses one in its settings; "
                        + "the node's Docker gets it through its API when it pulls, never on a command line. Passwords and tokens "
                        + "are sealed in the vault and never shown."),
                choose, table, buttons, status);
        section.setId("registries-section");
        return section;
    }

    /** Reads the selected organisation's logins again; selects {@code select} (a registry) when given. */
    private void load(String select) {
        Organisation org = organisation.getValue();
        if (org == null) {
            table.getItems().clear();
            return;
        }
        model.tasks().run("Reading registry logins", () -> model.homeport().inventory().registryCredentials(org.id()))
                .onSuccess(logins -> {
                    if (organisation.getValue() != org) {
                        return; // another organisation was chosen meanwhile
                    }
                    table.getItems().setAll(logins);
                    logins.stream().filter(c -> c.registry().equals(select)).findFirst().ifPresent(c -> table.getSelectionModel().select(c));
                })
                .start();
    }

    /** A login as typed: registry, user and password. */
    record Login(String registry, String username, char[] password) {
    }

    /** Adds a login ({@code existing} null) or changes the user and password of one. */
    private void ask(RegistryCredential existing) {
        Organisation org = organisation.getValue();
        if (org == null) {
            return;
        }
        askLogin(existing).ifPresent(login -> model.tasks().run("Keeping the login for " + login.registry(), () -> {
                    if (existing != null && login.password().length == 0) {
                        // Left empty on an edit: the stored password stays.
                        return model.homeport().inventory().setRegistryUser(org.id(), login.registry(), login.username());
                    }
                    Secret password = Secret.of(new String(login.password()));
                    java.util.Arrays.fill(login.password(), '\0');
                    return model.homeport().inventory().setRegistryCredential(org.id(), login.registry(), login.username(), password);
                })
                .onSuccess(saved -> {
                    say("Kept the login " + saved.username() + " for " + saved.registry() + " in organisation '" + org.name() + "'.");
                    load(saved.registry());
                })
                .onFailure(failure -> Dialogs.error(owner, "Cannot keep the login", failure))
                .start());
    }

    private Optional<Login> askLogin(RegistryCredential existing) {
        Dialog<Login> dialog = new Dialog<>();
        dialog.initOwner(owner);
        String title = existing == null ? "Add a registry login" : "Login for " + existing.registry();
        dialog.setTitle(title);
        dialog.setHeaderText(title);
        TextField registry = new TextField(existing == null ? "" : existing.registry());
        registry.setId("registry-host");
        registry.setPromptText("ghcr.io or registry.example.com:5000");
        registry.setDisable(existing != null);
        TextField user = new TextField(existing == null ? "" : existing.username());
        user.setId("registry-user");
        PasswordField password = new PasswordField();
        password.setId("registry-password");
        password.setPromptText(existing == null ? "password or access token" : "leave empty to keep the stored one");
        Label error = Dialogs.errorLabel("registry-error");
        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(8);
        grid.addRow(0, new Label("Registry"), registry);
        grid.addRow(1, new Label("User"), user);
        grid.addRow(2, new Label("Password or token"), password);
        VBox content = new VBox(10, grid, error, Ui.muted(existing == null
                ? "A login for a registry the organisation already has replaces it; services that used it keep using it."
                : "Leave the password empty to keep the stored one (it is never shown); type a new one to replace it."));
        content.setPrefWidth(480);
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.CANCEL, ButtonType.OK);
        Node ok = dialog.getDialogPane().lookupButton(ButtonType.OK);
        Runnable validate = () -> {
            String problem = problem(registry.getText(), user.getText(), password.getText(), existing != null);
            error.setText(problem == null ? "" : problem);
            ok.setDisable(problem != null);
        };
        for (TextField field : new TextField[] {registry, user, password}) {
            field.textProperty().addListener((obs, old, now) -> validate.run());
        }
        validate.run();
        dialog.setResultConverter(button -> button == ButtonType.OK
                ? new Login(registry.getText().strip(), user.getText().strip(), password.getText().toCharArray()) : null);
        Platform.runLater(existing == null ? registry::requestFocus : password::requestFocus);
        return dialog.showAndWait();
    }

    /**
     * What is wrong with a login as typed, by the rules {@code homeport registry add} follows; "" while a field is
     * still empty (nothing to say yet, but not ready), null when it is fine. An edit ({@code keepsPassword}) may leave
     * the password empty: the stored one stays.
     */
    static String problem(String registry, String user, String password, boolean keepsPassword) {
        if (registry.isBlank() || user.isBlank() || (password.isEmpty() && !keepsPassword)) {
            return "";
        }
        try {
            RegistryCredential.checkRegistry(registry.strip());
            Check.notBlank("user", user);
        } catch (ValidationException e) {
            return "The " + e.field() + " " + e.rule() + ".";
        }
        return null;
    }

    private void removeSelected() {
        RegistryCredential login = table.getSelectionModel().getSelectedItem();
        Organisation org = organisation.getValue();
        if (login == null || org == null) {
            return;
        }
        if (!Dialogs.confirmDanger(owner, "Remove the login for " + login.registry() + "?",
                "Image services of '" + org.name() + "' that used it pull without a login from their next deploy.", "Remove login")) {
            return;
        }
        model.tasks().run("Removing the login for " + login.registry(),
                        () -> model.homeport().inventory().removeRegistryCredential(org.id(), login.registry()))
                .onSuccess(removed -> {
                    say(removed ? "Removed the login for " + login.registry() + "." : "There was no login for " + login.registry() + ".");
                    load(null);
                })
                .onFailure(failure -> Dialogs.error(owner, "Cannot remove the login", failure))
                .start();
    }

    private void say(String text) {
        status.getStyleClass().remove(Styles.DANGER);
        if (!status.getStyleClass().contains(Styles.SUCCESS)) {
            status.getStyleClass().add(Styles.SUCCESS);
        }
        status.setText(text);
    }
}
