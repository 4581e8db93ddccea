package dev.homeport.app.desktop.nodes;

import atlantafx.base.theme.Styles;
import javafx.application.Platform;
import javafx.geometry.Pos;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.Screen;
import javafx.stage.Window;

/** Captioned rows for the add-node dialog, so its parts line up. */
final class FormRows {
    static final double CAPTION_WIDTH = 120;
    private static final String RESIZE_PENDING = "homeport.resize-pending";

    private FormRows() {
    }

    static TextField field(String id, String prompt) {
        TextField field = new TextField();
        field.setId(id);
        field.setPromptText(prompt);
        field.setPrefColumnCount(30);
        return field;
    }

    static GridPane grid() {
        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(8);
        return grid;
    }

    /** A caption and its control on one line, outside a grid. */
    static HBox row(String caption, Node control) {
        HBox row = new HBox(12, caption(caption), control);
        row.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(control, Priority.ALWAYS);
        return row;
    }

    /** Adds a captioned control at {@code row} (two grid rows: the control, then its hint if any). */
    static void add(GridPane grid, int row, String caption, Node control, String hint) {
        addWithHint(grid, row, caption, control, hint == null ? null : hint(hint));
    }

    /** As above, with a hint that changes (such as what an alias resolves to). */
    static void addWithHint(GridPane grid, int row, String caption, Node control, Label hint) {
        GridPane.setHgrow(control, Priority.ALWAYS);
        grid.add(caption(caption), 0, row * 2);
        grid.add(control, 1, row * 2);
        if (hint != null) {
            grid.add(hint, 1, row * 2 + 1);
        }
    }

    /**
     * Fits the dialog's window to the height its content needs at its current width, once the
     * change has been laid out. A window's own size-to-scene measures wrapped text as one long
     * line, which would push the buttons out of sight; so the height is measured at the real
     * width, given to the root as its preferred height, and then the window is sized to the
     * scene. Several changes in one go resize once. The window stays on the screen.
     */
    static void resizeWindow(Node inside) {
        Scene scene = inside.getScene();
        if (scene == null || !(scene.getRoot() instanceof Region root) || root.getProperties().containsKey(RESIZE_PENDING)) {
            return;
        }
        root.getProperties().put(RESIZE_PENDING, Boolean.TRUE);
        Platform.runLater(() -> {
            root.getProperties().remove(RESIZE_PENDING);
            Window window = scene.getWindow();
            if (window == null || !window.isShowing()) {
                return;
            }
            Rectangle2D screen = Screen.getScreensForRectangle(window.getX(), window.getY(), window.getWidth(), window.getHeight()).stream()
                    .findFirst().orElse(Screen.getPrimary()).getVisualBounds();
            root.setPrefHeight(Region.USE_COMPUTED_SIZE);
            root.applyCss();
            double wanted = Math.ceil(root.prefHeight(scene.getWidth()));
            root.setPrefHeight(Math.min(wanted, screen.getHeight() - 40));
            window.sizeToScene();
            if (window.getY() + window.getHeight() > screen.getMaxY()) {
                window.setY(Math.max(screen.getMinY(), screen.getMaxY() - window.getHeight()));
            }
        });
    }

    static Label hint(String text) {
        Label hint = new Label(text);
        hint.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        hint.setWrapText(true);
        return hint;
    }

    private static Label caption(String text) {
        Label caption = new Label(text);
        caption.setMinWidth(CAPTION_WIDTH);
        caption.setPrefWidth(CAPTION_WIDTH);
        return caption;
    }
}
