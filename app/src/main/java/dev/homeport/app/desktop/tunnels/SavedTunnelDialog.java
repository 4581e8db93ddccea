package dev.homeport.app.desktop.tunnels;

import dev.homeport.app.desktop.Dialogs;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.app.desktop.Ui;
import dev.homeport.app.tunnels.SavedTunnelDrafts;
import dev.homeport.model.SavedTunnel;
import java.util.function.Consumer;
import javafx.event.ActionEvent;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * New, edit, or "Save this tunnel": its name, where it leads (as the command line takes it:
 * {@code ORG/APP/ENV/SERVICE[:PORT]} or {@code NODE:PORT}), its fixed local port, and whether it starts with
 * the app. Saving checks in the background and keeps the dialog open with the reason when refused.
 */
final class SavedTunnelDialog {
    /** What the form starts with; {@code id} 0 for a new one. */
    record Draft(long id, String name, String target, Integer localPort, boolean withApp) {
    }

    private final MainModel main;
    private final Window owner;
    private final Draft draft;
    private final Consumer<SavedTunnel> saved;
    private final Dialog<ButtonType> dialog = new Dialog<>();
    private final TextField name = new TextField();
    private final TextField target = new TextField();
    private final TextField local = new TextField();
    private final CheckBox withApp = new CheckBox("Start it when Homeport starts");
    private final Label error = Dialogs.errorLabel("saved-tunnel-error");

    SavedTunnelDialog(MainModel main, Window owner, Draft draft, Consumer<SavedTunnel> saved) {
        this.main = main;
        this.owner = owner;
        this.draft = draft;
        this.saved = saved;
    }

    void show() {
        dialog.initOwner(owner);
        dialog.setTitle(draft.id() == 0 ? "Save a tunnel" : "Edit tunnel " + draft.name());
        dialog.setHeaderText(draft.id() == 0 ? "Save a tunnel" : "Edit the tunnel " + draft.name());
        dialog.getDialogPane().setId("saved-tunnel-dialog");
        ButtonType save = new ButtonType("Save", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().setAll(save, ButtonType.CANCEL);
        name.setId("saved-tunnel-name");
        name.setText(draft.name() == null ? "" : draft.name());
        name.setPromptText("web, db, netdata-n1…");
        target.setId("saved-tunnel-target");
        target.setText(draft.target() == null ? "" : draft.target());
        target.setPromptText("acme/shop/prod/web[:PORT] or NODE:PORT");
        target.setPrefColumnCount(28);
        local.setId("saved-tunnel-local");
        local.setText(draft.localPort() == null ? "" : draft.localPort().toString());
        local.setPromptText("such as 15432");
        withApp.setId("saved-tunnel-with-app");
        withApp.setSelected(draft.withApp());
        error.setMaxWidth(460);
        error.setManaged(false);
        GridPane form = new GridPane();
        form.setHgap(12);
        form.setVgap(10);
        form.addRow(0, new Label("Name"), name);
        form.addRow(1, new Label("Leads to"), target);
        form.addRow(2, new Label("Local port"), local);
        form.add(withApp, 1, 3);
        Label about = Ui.muted("It listens on 127.0.0.1 only. The local port stays the same, so a bookmark or a database"
                + " client's settings keep working. A service's tunnel follows its live release: a redeploy does not break it.");
        about.setMaxWidth(460);
        dialog.getDialogPane().setContent(new VBox(12, form, about, error));
        Button ok = (Button) dialog.getDialogPane().lookupButton(save);
        ok.setId("saved-tunnel-save");
        ok.addEventFilter(ActionEvent.ACTION, event -> {
            event.consume();
            submit(ok);
        });
        dialog.show();
        name.requestFocus();
    }

    private void submit(Button ok) {
        say(null);
        int port;
        try {
            port = Integer.parseInt(local.getText().strip());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException notAPort) {
            say("Local port: a number from 1 to 65535 (a saved tunnel keeps its port, so it has to be named).");
            return;
        }
        String typedName = name.getText();
        String typedTarget = target.getText();
        boolean startsWithApp = withApp.isSelected();
        ok.setDisable(true);
        main.tasks().run(draft.id() == 0 ? "Saving the tunnel" : "Changing the tunnel", () -> {
                    var homeport = main.homeport();
                    SavedTunnel tunnel = SavedTunnelDrafts.draft(homeport, draft.id(), typedName, typedTarget, port, startsWithApp);
                    return draft.id() == 0 ? homeport.inventory().savedTunnels().add(tunnel) : homeport.inventory().savedTunnels().update(tunnel);
                })
                .onSuccess(result -> {
                    dialog.close();
                    saved.accept(result);
                })
                .onFailure(failure -> {
                    ok.setDisable(false);
                    say(Dialogs.userMessage(failure));
                })
                .start();
    }

    private void say(String message) {
        error.setText(message == null ? "" : message);
        error.setManaged(message != null);
        error.setVisible(message != null);
    }
}
