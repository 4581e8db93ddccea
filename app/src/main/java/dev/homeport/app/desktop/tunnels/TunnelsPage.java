package dev.homeport.app.desktop.tunnels;

import atlantafx.base.theme.Styles;
import dev.homeport.app.desktop.Dialogs;
import dev.homeport.app.desktop.FxPrompts;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.app.desktop.Notice;
import dev.homeport.app.desktop.Poller;
import dev.homeport.app.desktop.Ui;
import dev.homeport.app.tunnels.SavedTunnelDrafts;
import dev.homeport.app.tunnels.SavedTunnels;
import dev.homeport.model.SavedTunnel;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;

/**
 * The saved tunnels (Tunnels in the sidebar): each with where it leads, its local address and what it does
 * now (listening, connections open, in all, bytes each way), Start or Stop, Copy, Open in browser, Edit and
 * Delete; New tunnel… saves one. The states are read every second while the page is on screen.
 */
public final class TunnelsPage {
    private final MainModel main;
    private final StackPane body = new StackPane();
    private final Poller.Polling polling;
    private final Map<Long, Row> rows = new HashMap<>();
    private List<SavedTunnel> shown;
    private VBox page;

    public TunnelsPage(MainModel main) {
        this.main = main;
        this.polling = main.poller().polling("saved tunnels");
    }

    public Node build() {
        Button add = Ui.button("New tunnel…", Feather.PLUS, () -> edit(new SavedTunnelDialog.Draft(0, "", "", null, true)), Styles.ACCENT);
        add.setId("new-tunnel");
        body.getChildren().setAll(Ui.muted("Reading the saved tunnels…"));
        page = Ui.page(Ui.header("TUNNELS", "Saved tunnels", add), body);
        page.sceneProperty().addListener((obs, old, now) -> follow());
        follow();
        return page;
    }

    /** Reads the states every second while the page is on screen. */
    private void follow() {
        if (page.getScene() == null) {
            polling.stop();
            return;
        }
        polling.start(answers -> {
            List<SavedTunnels.Entry> entries = main.homeport().savedTunnels().entries();
            answers.show(() -> show(entries));
            return Duration.ofSeconds(1);
        });
    }

    private void reload() {
        shown = null;
        follow();
    }

    private Window owner() {
        return page.getScene() == null ? null : page.getScene().getWindow();
    }

    private void show(List<SavedTunnels.Entry> entries) {
        List<SavedTunnel> saved = entries.stream().map(SavedTunnels.Entry::saved).toList();
        if (!saved.equals(shown)) {
            shown = saved;
            rows.clear();
            body.getChildren().setAll(entries.isEmpty() ? empty() : list(entries));
        }
        for (SavedTunnels.Entry entry : entries) {
            rows.get(entry.saved().id()).update(entry);
        }
    }

    private Node empty() {
        Node state = Ui.emptyState(Feather.SHUFFLE, "No saved tunnels yet",
                "A saved tunnel keeps a local port on this computer (127.0.0.1) leading to a service's container port or to a port"
                        + " on a node, such as a database for your SQL client or an admin page for your browser. Start it with one"
                        + " click, or with the app. Open tunnel… on a service's or a node's page, then Save this tunnel, saves one too.",
                Ui.button("New tunnel…", Feather.PLUS, () -> edit(new SavedTunnelDialog.Draft(0, "", "", null, true)), Styles.ACCENT));
        state.setId("tunnels-empty");
        return state;
    }

    private Node list(List<SavedTunnels.Entry> entries) {
        VBox cards = new VBox(12);
        cards.setId("saved-tunnels");
        cards.setPadding(new Insets(2));
        for (SavedTunnels.Entry entry : entries) {
            Row row = new Row(entry.saved());
            rows.put(entry.saved().id(), row);
            cards.getChildren().add(row.card);
        }
        ScrollPane scroll = new ScrollPane(cards);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add(Styles.BG_DEFAULT);
        return scroll;
    }

    /** One saved tunnel's card; its labels and buttons follow the entry read last. */
    private final class Row {
        private final SavedTunnel saved;
        private final VBox card;
        private final Label target = new Label();
        private final Label address = new Label();
        private final Label state = new Label();
        private final Button toggle = new Button();
        private final Button browser;
        private SavedTunnels.Entry entry;

        Row(SavedTunnel saved) {
            this.saved = saved;
            String id = saved.name();
            Label name = new Label(saved.name());
            name.getStyleClass().add(Styles.TITLE_4);
            target.getStyleClass().add(Styles.TEXT_MUTED);
            target.setId("tunnel-target-" + id);
            Label withApp = new Label(saved.withApp() ? "starts with the app" : "");
            withApp.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
            HBox title = new HBox(10, name, target, Ui.grow(), withApp);
            title.setAlignment(Pos.BASELINE_LEFT);
            address.setText(saved.localAddress());
            address.getStyleClass().add(Styles.TEXT_BOLD);
            address.setId("tunnel-address-" + id);
            state.setId("tunnel-state-" + id);
            state.setWrapText(true);
            toggle.setId("tunnel-toggle-" + id);
            toggle.setOnAction(e -> toggle());
            Button copy = Ui.button("Copy", Feather.COPY, this::copy, Styles.SMALL);
            copy.setId("tunnel-copy-" + id);
            browser = Ui.button("Open in browser", Feather.EXTERNAL_LINK, () -> main.openInBrowser(entry.address()), Styles.SMALL);
            browser.setId("tunnel-browser-" + id);
            Button editButton = Ui.button("Edit…", Feather.EDIT_2, this::edit, Styles.SMALL, Styles.FLAT);
            editButton.setId("tunnel-edit-" + id);
            Button delete = Ui.button("Delete", Feather.TRASH_2, this::delete, Styles.SMALL, Styles.FLAT, Styles.DANGER);
            delete.setId("tunnel-delete-" + id);
            toggle.getStyleClass().add(Styles.SMALL);
            HBox actions = new HBox(8, address, copy, browser, Ui.grow(), toggle, editButton, delete);
            actions.setAlignment(Pos.CENTER_LEFT);
            card = new VBox(8, title, actions, state);
            card.setId("saved-tunnel-" + id);
            card.setPadding(new Insets(12, 14, 12, 14));
            card.getStyleClass().add("card");
            card.setStyle("-fx-background-color: -color-bg-subtle; -fx-background-radius: 8; -fx-border-color: -color-border-muted;"
                    + " -fx-border-radius: 8;");
        }

        void update(SavedTunnels.Entry now) {
            entry = now;
            target.setText("→ " + now.target());
            boolean running = now.running();
            toggle.setText(running ? "Stop" : "Start");
            toggle.setGraphic(Ui.icon(running ? Feather.SQUARE : Feather.PLAY));
            browser.setVisible(now.http());
            browser.setManaged(now.http());
            state.getStyleClass().remove(Styles.DANGER);
            if (running) {
                state.setText(TunnelDialog.describe(now.stats()));
            } else if (now.problem() != null) {
                state.setText("Stopped: " + now.problem());
                state.getStyleClass().add(Styles.DANGER);
            } else {
                state.setText("Stopped");
            }
        }

        private void toggle() {
            toggle.setDisable(true);
            boolean running = entry != null && entry.running();
            SavedTunnels tunnels = main.homeport().savedTunnels();
            main.tasks().run((running ? "Stopping" : "Starting") + " the tunnel " + saved.name(), () -> {
                        if (running) {
                            tunnels.stop(saved.id());
                        } else {
                            tunnels.start(saved, new FxPrompts(owner()));
                        }
                    })
                    .onSuccess(done -> toggle.setDisable(false))
                    // The card says why (a port in use, with a free one); no dialog on top.
                    .onFailure(failure -> toggle.setDisable(false))
                    .start();
        }

        private void copy() {
            ClipboardContent content = new ClipboardContent();
            content.putString(entry == null ? saved.localAddress() : entry.address());
            Clipboard.getSystemClipboard().setContent(content);
        }

        private void edit() {
            main.tasks().run("Reading the tunnel " + saved.name(), () -> SavedTunnelDrafts.targetText(main.homeport(), saved))
                    .onSuccess(text -> TunnelsPage.this.edit(new SavedTunnelDialog.Draft(saved.id(), saved.name(), text, saved.localPort(),
                            saved.withApp())))
                    .start();
        }

        private void delete() {
            if (!Dialogs.confirmDanger(owner(), "Delete the tunnel " + saved.name(), "The saved tunnel " + saved.name() + " ("
                    + saved.localAddress() + ") is stopped and deleted. The service or node it leads to is not touched.", "Delete")) {
                return;
            }
            main.tasks().run("Deleting the tunnel " + saved.name(), () -> {
                main.homeport().savedTunnels().stop(saved.id());
                main.homeport().inventory().savedTunnels().delete(saved.id());
            }).onSuccess(done -> reload()).start();
        }
    }

    /** Saves (or changes) a tunnel; a running one that changed starts again with its new settings. */
    private void edit(SavedTunnelDialog.Draft draft) {
        new SavedTunnelDialog(main, owner(), draft, changed -> {
            SavedTunnels tunnels = main.homeport().savedTunnels();
            if (draft.id() != 0 && tunnels.running(changed.id()).isPresent()) {
                main.tasks().run("Restarting the tunnel " + changed.name(), () -> {
                            tunnels.stop(changed.id());
                            tunnels.start(changed, new FxPrompts(owner()));
                        })
                        .onFailure(failure -> main.notices().add(new Notice("The tunnel " + changed.name() + " did not start again",
                                Dialogs.userMessage(failure), true)))
                        .onSuccess(done -> reload())
                        .start();
            } else {
                reload();
            }
        }).show();
    }
}
