package dev.homeport.app.desktop.inventory;

import atlantafx.base.theme.Styles;
import dev.homeport.app.desktop.Dialogs;
import dev.homeport.model.Database;
import dev.homeport.model.ValidationException;
import java.util.Optional;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/** Asks for the port a database is published on, after the warning; Publish stays disabled until the port is valid. */
final class PublicPortDialog {
    private PublicPortDialog() {
    }

    static Optional<Integer> ask(Window owner, String database, int enginePort) {
        Dialog<Integer> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Publish " + database);
        dialog.setHeaderText("Publish " + database + " on a port of its node?");
        Label warning = new Label(Database.PUBLIC_PORT_WARNING);
        warning.setWrapText(true);
        warning.getStyleClass().add(Styles.WARNING);
        warning.setId("public-port-warning");
        TextField field = new TextField();
        field.setPromptText("a port such as " + (10000 + enginePort));
        field.setId("public-port-field");
        Label error = Dialogs.errorLabel("public-port-error");
        Label when = new Label("It applies at the database's next deploy, on every address of its node.");
        when.getStyleClass().add(Styles.TEXT_MUTED);
        when.setWrapText(true);
        VBox content = new VBox(8, warning, new Label("Port on the node (the database listens on " + enginePort + " inside):"), field, error, when);
        content.setPrefWidth(460);
        dialog.getDialogPane().setContent(content);
        ButtonType publish = new ButtonType("Publish", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.CANCEL, publish);
        Node ok = dialog.getDialogPane().lookupButton(publish);
        ok.getStyleClass().add(Styles.DANGER);
        Dialogs.checkAsTyped(field, error, ok, PublicPortDialog::problem);
        dialog.setResultConverter(button -> button == publish ? Integer.parseInt(field.getText().strip()) : null);
        Platform.runLater(field::requestFocus);
        return dialog.showAndWait();
    }

    /** Null when {@code text} is a port a database may be published on; otherwise what is wrong. */
    static String problem(String text) {
        if (!text.strip().matches("\\d{1,5}")) {
            return "A port is a number from 1 to 65535.";
        }
        try {
            Database.checkPublicPort(Integer.parseInt(text.strip()));
            return null;
        } catch (ValidationException e) {
            return e.getMessage();
        }
    }
}
