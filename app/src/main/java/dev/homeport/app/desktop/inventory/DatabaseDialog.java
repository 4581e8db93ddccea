package dev.homeport.app.desktop.inventory;

import dev.homeport.app.desktop.Ui;
import dev.homeport.model.Check;
import dev.homeport.model.DatabaseEngine;
import dev.homeport.model.ValidationException;
import java.util.Optional;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import javafx.util.StringConverter;

/**
 * A new database: its name, engine and image (the official one at its default major version until
 * another is typed). Everything else is chosen for it: generated credentials, a data volume, the
 * database's own health check.
 */
final class DatabaseDialog {
    /** What the dialog asks for; the image's tag pins the major version. */
    record Draft(String name, DatabaseEngine engine, String image) {
    }

    private final Dialog<Draft> dialog = new Dialog<>();
    private final TextField name = new TextField();
    private final ChoiceBox<DatabaseEngine> engine = new ChoiceBox<>();
    private final TextField image = new TextField();
    private final Label problem = new Label();
    private Draft result;

    DatabaseDialog(Window owner) {
        dialog.initOwner(owner);
        dialog.setTitle("New database");
        dialog.setHeaderText("New database");
        dialog.getDialogPane().setId("database-dialog");
        name.setId("database-name");
        name.setPromptText("db");
        engine.setId("database-engine");
        engine.getItems().setAll(DatabaseEngine.values());
        engine.setConverter(new StringConverter<>() {
            @Override
            public String toString(DatabaseEngine value) {
                return value == null ? "" : value.title();
            }

            @Override
            public DatabaseEngine fromString(String text) {
                return DatabaseEngine.parse(text);
            }
        });
        engine.setValue(DatabaseEngine.POSTGRES);
        image.setId("database-image");
        image.setText(DatabaseEngine.POSTGRES.defaultImage());
        engine.valueProperty().addListener((obs, old, now) -> {
            // A default image follows the engine; one the user typed stays.
            if (old == null || image.getText().isBlank() || image.getText().strip().equals(old.defaultImage())) {
                image.setText(now.defaultImage());
            }
            validate();
        });
        name.textProperty().addListener((obs, old, now) -> validate());
        image.textProperty().addListener((obs, old, now) -> validate());
        GridPane form = new GridPane();
        form.setHgap(12);
        form.setVgap(10);
        form.addRow(0, new Label("Name"), name);
        form.addRow(1, new Label("Engine"), engine);
        form.addRow(2, new Label("Image"), image);
        Label about = Ui.muted("Homeport generates its user and password (kept in the vault as its secret variables), keeps its data"
                + " on a volume of its own that a redeploy or a delete leaves in place, checks its health with its own client,"
                + " and publishes no port on its node. The image's tag pins the major version.");
        about.setWrapText(true);
        about.setMaxWidth(480);
        problem.setId("database-problem");
        problem.setWrapText(true);
        problem.setMaxWidth(480);
        dialog.getDialogPane().setContent(new VBox(12, form, about, problem));
        dialog.getDialogPane().getStylesheets().add(Ui.stylesheet());
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.CANCEL, ButtonType.OK);
        dialog.setResultConverter(button -> button == ButtonType.OK ? result : null);
        validate();
    }

    Optional<Draft> ask() {
        dialog.setOnShown(e -> name.requestFocus());
        return dialog.showAndWait();
    }

    private void validate() {
        try {
            String typed = name.getText().strip();
            Check.dnsLabel("name", typed);
            DatabaseEngine.majorOf(image.getText().strip());
            result = new Draft(typed, engine.getValue(), image.getText().strip());
            problem.setText("");
        } catch (ValidationException e) {
            result = null;
            problem.setText(name.getText().isBlank() ? "" : (e.field().equals("name") ? "Name" : "Image") + ": " + e.rule());
        }
        dialog.getDialogPane().lookupButton(ButtonType.OK).setDisable(result == null);
    }
}
