package dev.homeport.app.desktop.settings;

import atlantafx.base.theme.Styles;
import dev.homeport.model.ValidationException;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;

/**
 * Whole numbers typed in a settings section: read as typed (digits, with "," "_" or spaces between thousands), so a
 * value out of range is explained by its record's rule instead of being clamped silently as a spinner would.
 */
final class NumberFields {
    private NumberFields() {
    }

    static TextField field(String id, int width) {
        TextField field = new TextField();
        field.setId(id);
        field.setPrefColumnCount(width);
        return field;
    }

    /** The number in {@code field}; a {@link ValidationException} under {@code label} when it is not one. */
    static int read(String label, TextField field) {
        String text = field.getText().strip().replaceAll("[,_ ]", "");
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new ValidationException(label, "must be a whole number, got '" + field.getText().strip() + "'");
        }
    }

    /** A record's rule, said under the field's label: "Lines kept: must be between …". */
    static ValidationException relabel(ValidationException e, String label) {
        return new ValidationException(label, e.rule());
    }

    static void say(Label status, String text, boolean problem) {
        status.setText(text);
        status.getStyleClass().removeAll(Styles.SUCCESS, Styles.DANGER);
        status.getStyleClass().add(problem ? Styles.DANGER : Styles.SUCCESS);
    }

    static Label status(String id) {
        Label status = new Label();
        status.setId(id);
        status.setWrapText(true);
        status.getStyleClass().add(Styles.TEXT_SMALL);
        return status;
    }
}
