package dev.homeport.app.desktop;

import atlantafx.base.theme.Styles;
import dev.homeport.model.ValidationException;
import dev.homeport.model.inventory.NotFoundException;
import dev.homeport.model.store.StoreException;
import dev.homeport.model.transfer.TransferException;
import dev.homeport.model.vault.Vault;
import dev.homeport.model.vault.VaultException;
import dev.homeport.ssh.deploy.DeployException;
import dev.homeport.ssh.swarm.ClusterException;
import dev.homeport.ssh.transport.NodeException;
import java.util.Optional;
import java.util.function.Function;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The app's standard dialogs: errors, confirmations, and asking for a name or a passphrase. */
public final class Dialogs {
    private static final Logger log = LoggerFactory.getLogger(Dialogs.class);

    private Dialogs() {
    }

    /** Shows a failure. Expected failures show their message; anything else is logged too. */
    public static void error(Window owner, String title, Throwable failure) {
        error(owner, title, userMessage(failure));
    }

    /** Tells the user something they need to act on, such as a restart; returns at once. */
    public static void info(Window owner, String title, String message) {
        Alert alert = new Alert(Alert.AlertType.INFORMATION, message, ButtonType.OK);
        alert.initOwner(owner);
        alert.setTitle(title);
        alert.setHeaderText(title);
        alert.getDialogPane().setMinWidth(460);
        alert.show();
    }

    /** Shows a failure the caller has already put into words. */
    public static void error(Window owner, String title, String message) {
        Alert alert = new Alert(Alert.AlertType.ERROR, message, ButtonType.OK);
        alert.initOwner(owner);
        alert.setTitle(title);
        alert.setHeaderText(title);
        alert.getDialogPane().setMinWidth(460);
        alert.show();
    }

    public static String userMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && !isExpected(cause)) {
            cause = cause.getCause();
        }
        if (isExpected(cause)) {
            return cause.getMessage();
        }
        log.error("Unexpected failure", failure);
        return "Something went wrong: " + failure + ". Details are in the log.";
    }

    /** Failures whose message is written for the user: bad input, missing items, the store, the vault, a node, a deployment, a cluster, a taken local port. */
    private static boolean isExpected(Throwable cause) {
        return cause instanceof ValidationException || cause instanceof NotFoundException || cause instanceof StoreException
                || cause instanceof TransferException || cause instanceof VaultException || cause instanceof NodeException
                || cause instanceof DeployException || cause instanceof ClusterException
                || cause instanceof dev.homeport.ssh.backup.BackupException
                || cause instanceof dev.homeport.ssh.tunnel.LocalPortInUseException;
    }

    /** Asks for confirmation of something that cannot be undone; the button says what it does. */
    public static boolean confirmDanger(Window owner, String title, String text, String action) {
        ButtonType confirm = new ButtonType(action, ButtonBar.ButtonData.OK_DONE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, text, ButtonType.CANCEL, confirm);
        alert.initOwner(owner);
        alert.setTitle(title);
        alert.setHeaderText(title);
        alert.getDialogPane().setMinWidth(520);
        alert.getDialogPane().lookupButton(confirm).getStyleClass().add(Styles.DANGER);
        ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(confirm)).setDefaultButton(false);
        return alert.showAndWait().filter(confirm::equals).isPresent();
    }

    /**
     * Asks for a name, checking it as the user types: {@code check} returns an
     * error message or null, and OK stays disabled while there is an error.
     */
    public static Optional<String> askName(Window owner, String title, String prompt, String initial, Function<String, String> check) {
        Dialog<String> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle(title);
        dialog.setHeaderText(title);
        TextField field = new TextField(initial);
        field.setPromptText("lower-case letters, digits and hyphens");
        field.setId("name-field");
        Label error = errorLabel("name-error");
        VBox content = new VBox(8, new Label(prompt), field, error);
        content.setPrefWidth(420);
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.CANCEL, ButtonType.OK);
        checkAsTyped(field, error, dialog.getDialogPane().lookupButton(ButtonType.OK), check);
        dialog.setResultConverter(button -> button == ButtonType.OK ? field.getText() : null);
        Platform.runLater(field::requestFocus);
        return dialog.showAndWait();
    }

    /** A small red line under a field, for what is wrong with what was typed. */
    public static Label errorLabel(String id) {
        Label error = new Label();
        error.getStyleClass().addAll(Styles.DANGER, Styles.TEXT_SMALL);
        error.setId(id);
        error.setWrapText(true);
        return error;
    }

    /**
     * Checks a field at each keystroke: {@code check} gives null for good text, else what is wrong, shown under it
     * (not while the field is still blank); {@code ok} is enabled only for good text.
     */
    public static void checkAsTyped(TextField field, Label error, Node ok, Function<String, String> check) {
        Runnable validate = () -> {
            String problem = field.getText().isBlank() ? "" : check.apply(field.getText());
            error.setText(problem == null ? "" : problem);
            ok.setDisable(problem != null);
        };
        field.textProperty().addListener((obs, old, now) -> validate.run());
        validate.run();
    }

    /** Asks for a passphrase; with {@code confirm}, twice, and both must match and be long enough. */
    public static Optional<char[]> askPassphrase(Window owner, String title, String prompt, boolean confirm) {
        Dialog<char[]> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle(title);
        dialog.setHeaderText(title);
        PasswordField first = new PasswordField();
        first.setId("passphrase-field");
        PasswordField second = new PasswordField();
        second.setId("passphrase-confirm");
        Label error = errorLabel("passphrase-error");
        VBox content = new VBox(8, new Label(prompt), first);
        if (confirm) {
            content.getChildren().addAll(new Label("Once more, to be sure:"), second);
        }
        content.getChildren().add(error);
        content.setPrefWidth(420);
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.CANCEL, ButtonType.OK);
        Node ok = dialog.getDialogPane().lookupButton(ButtonType.OK);
        Runnable validate = () -> {
            String problem = null;
            if (confirm && first.getText().length() < Vault.MIN_PASSPHRASE_LENGTH) {
                problem = first.getText().isEmpty() ? "" : "At least " + Vault.MIN_PASSPHRASE_LENGTH + " characters.";
            } else if (confirm && !first.getText().equals(second.getText())) {
                problem = second.getText().isEmpty() ? "" : "The two passphrases differ.";
            } else if (first.getText().isEmpty()) {
                problem = "";
            }
            error.setText(problem == null ? "" : problem);
            ok.setDisable(problem != null);
        };
        first.textProperty().addListener((obs, old, now) -> validate.run());
        second.textProperty().addListener((obs, old, now) -> validate.run());
        validate.run();
        dialog.setResultConverter(button -> button == ButtonType.OK ? first.getText().toCharArray() : null);
        Platform.runLater(first::requestFocus);
        return dialog.showAndWait();
    }
}
