package dev.homeport.app.desktop;

import atlantafx.base.theme.Styles;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;

/** Small building blocks every page uses, so pages look alike. */
public final class Ui {
    private Ui() {
    }

    /** Homeport's own stylesheet; the main window has it, and dialogs that use its classes add it. */
    public static String stylesheet() {
        return Ui.class.getResource("homeport.css").toExternalForm();
    }

    public static FontIcon icon(Ikon ikon) {
        return new FontIcon(ikon);
    }

    public static Button button(String text, Ikon ikon, Runnable action, String... styles) {
        Button button = new Button(text, ikon == null ? null : icon(ikon));
        button.getStyleClass().addAll(styles);
        button.setOnAction(e -> action.run());
        return button;
    }

    /** A page header: a small caption (such as the path), the title, and the page's actions on the right. */
    public static Node header(String caption, String title, Node... actions) {
        Label captionLabel = new Label(caption);
        captionLabel.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        Label titleLabel = new Label(title);
        titleLabel.getStyleClass().add(Styles.TITLE_2);
        titleLabel.setId("page-title");
        VBox text = new VBox(2, captionLabel, titleLabel);
        HBox.setHgrow(text, Priority.ALWAYS);
        text.setMinWidth(0); // a long caption or title is cut short with "…", never the actions' labels
        HBox row = new HBox(8, text);
        for (Node action : actions) {
            if (action instanceof Region region) {
                region.setMinWidth(Region.USE_PREF_SIZE);
            }
        }
        row.getChildren().addAll(actions);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    /** What a first-time user sees where a list is empty: what this is, and what to do next. */
    public static Node emptyState(Ikon ikon, String title, String text, Node... actions) {
        FontIcon big = icon(ikon);
        big.setIconSize(40);
        big.getStyleClass().add(Styles.TEXT_MUTED);
        Label titleLabel = new Label(title);
        titleLabel.getStyleClass().add(Styles.TITLE_3);
        Label textLabel = new Label(text);
        textLabel.setWrapText(true);
        textLabel.getStyleClass().add(Styles.TEXT_MUTED);
        textLabel.setMaxWidth(460);
        textLabel.setAlignment(Pos.CENTER);
        textLabel.setStyle("-fx-text-alignment: center;");
        HBox buttons = new HBox(8, actions);
        buttons.setAlignment(Pos.CENTER);
        VBox box = new VBox(12, big, titleLabel, textLabel, buttons);
        box.setAlignment(Pos.CENTER);
        box.setPadding(new Insets(40));
        box.getStyleClass().add("empty-state");
        return box;
    }

    /** The standard page frame: padding, then header and body stacked. */
    public static VBox page(Node header, Node body) {
        VBox page = new VBox(20, header, body);
        page.setPadding(new Insets(24, 28, 24, 28));
        VBox.setVgrow(body, Priority.ALWAYS);
        return page;
    }

    public static Label muted(String text) {
        Label label = new Label(text);
        label.getStyleClass().add(Styles.TEXT_MUTED);
        label.setWrapText(true);
        return label;
    }

    /**
     * {@code label} wrapped at {@code width}, its height counted wrapped: a layout otherwise asks a wrapping label for its
     * height as one line, and cuts it to "…" or leaves the window too short for it.
     */
    public static Label wrapped(Label label, double width) {
        label.setWrapText(true);
        label.setPrefWidth(width);
        label.setMinHeight(Region.USE_PREF_SIZE);
        return label;
    }

    public static Label sectionTitle(String text) {
        Label label = new Label(text);
        label.getStyleClass().add(Styles.TITLE_4);
        return label;
    }

    /** A read-only text column of a table. */
    public static <T> TableColumn<T, String> column(String title, Function<T, String> value) {
        TableColumn<T, String> column = new TableColumn<>(title);
        column.setCellValueFactory(row -> new ReadOnlyStringWrapper(value.apply(row.getValue())));
        return column;
    }

    public static Region grow() {
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        VBox.setVgrow(spacer, Priority.ALWAYS);
        return spacer;
    }
}
