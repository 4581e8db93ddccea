package dev.homeport.app.desktop.nodes;

import atlantafx.base.controls.Message;
import atlantafx.base.theme.Styles;
import dev.homeport.app.desktop.Ui;
import dev.homeport.ssh.nodes.NodeService.ConnectionReport;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import org.kordamp.ikonli.feather.Feather;

/** Where the add-node dialog shows its connection test: the hint, progress with Cancel, or what the test found. */
final class ConnectionTestPane extends StackPane {
    ConnectionTestPane() {
        setId("test-pane");
        setAlignment(Pos.TOP_LEFT);
        setMinHeight(64);
    }

    void hint(String text) {
        Label hint = Ui.muted(text);
        hint.setId("test-hint");
        getChildren().setAll(hint);
        FormRows.resizeWindow(this);
    }

    void testing(String address, Runnable cancel) {
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(18, 18);
        Label text = new Label("Connecting to " + address + "…");
        Button stop = Ui.button("Cancel test", Feather.X, cancel, Styles.SMALL);
        stop.setId("cancel-test");
        HBox row = new HBox(10, spinner, text, stop);
        row.setAlignment(Pos.CENTER_LEFT);
        row.setId("test-progress");
        getChildren().setAll(row);
        FormRows.resizeWindow(this);
    }

    void success(ConnectionReport report) {
        show("Connection works", NodeMessages.report(report) + "\nAdding the node pins the host key it presented:\n"
                + NodeFacts.fingerprintOrNull(report.hostKey()), Styles.SUCCESS);
    }

    void failed(String title, String message) {
        show(title, message, Styles.DANGER);
    }

    void warning(String title, String message) {
        show(title, message, Styles.WARNING);
    }

    private void show(String title, String message, String style) {
        Message box = new Message(title, message);
        box.getStyleClass().add(style);
        box.setId("test-result");
        getChildren().setAll(box);
        FormRows.resizeWindow(this);
    }
}
