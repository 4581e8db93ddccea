package dev.homeport.app.desktop.settings;

import atlantafx.base.theme.Styles;
import dev.homeport.app.desktop.Dialogs;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.app.desktop.ThemeChoice;
import dev.homeport.app.desktop.UiState;
import java.time.Duration;
import javafx.scene.control.Spinner;
import dev.homeport.app.desktop.Ui;
import dev.homeport.model.vault.Vault;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;

/** Appearance, node checks, where the data lives and how much history it keeps, the vault's master passphrase, and export/import. */
public final class SettingsPage {
    private final MainModel model;
    private final TransferActions transfer;
    private final Window owner;

    public SettingsPage(MainModel model, TransferActions transfer, Window owner) {
        this.model = model;
        this.transfer = transfer;
        this.owner = owner;
    }

    public Node build() {
        VBox sections = new VBox(28, appearance(), nodeChecks(), data(), new StoreDataSection(model, owner).build(), new RetentionSection(model).build(), new LogsSection(model).build(), new AlertsSection(model).build(), vault(),
                new IdentitiesSection(model, owner).build(), new RegistriesSection(model, owner).build(), new S3TargetsSection(model, owner).build(), inventory());
        ScrollPane scroll = new ScrollPane(sections);
        scroll.setFitToWidth(true);
        return Ui.page(Ui.header("SETTINGS", "Settings"), scroll);
    }

    private Node appearance() {
        ChoiceBox<ThemeChoice> theme = new ChoiceBox<>();
        theme.setId("theme-choice");
        theme.getItems().setAll(ThemeChoice.values());
        theme.valueProperty().bindBidirectional(model.themes().choiceProperty());
        return section("Appearance", "Light or dark. 'Follow the system' switches with your desktop's setting.", row(new Label("Theme"), theme));
    }

    private Node nodeChecks() {
        Spinner<Integer> seconds = new Spinner<>(UiState.MIN_NODE_CHECK_SECONDS, UiState.MAX_NODE_CHECK_SECONDS,
                (int) model.nodeHealth().period().toSeconds(), 5);
        seconds.setId("node-check-seconds");
        seconds.setEditable(true);
        seconds.setPrefWidth(110);
        seconds.valueProperty().addListener((obs, old, now) -> model.nodeHealth().setPeriod(Duration.ofSeconds(now)));
        return section("Node checks", "Homeport checks each worker node's connection, Docker, Caddy, Netdata and free disk space "
                + "while it runs, and tells you when a node goes down or comes back.",
                row(new Label("Check every"), seconds, new Label("seconds")));
    }

    private Node data() {
        Label folder = new Label(model.homeport().home().root().toString());
        folder.getStyleClass().add(Styles.TEXT_BOLD);
        folder.setId("data-folder");
        return section("Data", "Your inventory, the vault key and Homeport's own known_hosts live in this folder. "
                + "Set HOMEPORT_HOME before starting Homeport to use another one.", folder);
    }

    private Node vault() {
        Vault vault = model.homeport().vault();
        Label state = new Label();
        HBox buttons = new HBox(8);
        Runnable refresh = new Runnable() {
            @Override
            public void run() {
                model.tasks().run("Reading the vault", vault::hasPassphrase).onSuccess(has -> {
                    state.setText(has ? "Protected by a master passphrase: Homeport asks for it at each start."
                            : "Protected by the key file's permissions (readable only by you). A master passphrase adds a second lock.");
                    buttons.getChildren().setAll(has
                            ? new Node[] {Ui.button("Change passphrase…", Feather.KEY, () -> setPassphrase(this)),
                                Ui.button("Remove passphrase", Feather.UNLOCK, () -> removePassphrase(this))}
                            : new Node[] {Ui.button("Set master passphrase…", Feather.LOCK, () -> setPassphrase(this))});
                }).start();
            }
        };
        refresh.run();
        state.setWrapText(true);
        return section("Secrets", "Secret variables, stored keys and passwords are encrypted with AES-256-GCM. "
                + "The key never sits in the database.", new VBox(10, state, buttons));
    }

    private void setPassphrase(Runnable then) {
        Dialogs.askPassphrase(owner, "Master passphrase", "Homeport will ask for it at every start. It cannot be recovered.", true)
                .ifPresent(passphrase -> model.tasks().run("Protecting the vault", () -> model.homeport().vault().setPassphrase(passphrase))
                        .onSuccess(done -> then.run()).start());
    }

    private void removePassphrase(Runnable then) {
        if (Dialogs.confirmDanger(owner, "Remove the master passphrase?",
                "The vault key will be protected only by the file's permissions.", "Remove passphrase")) {
            model.tasks().run("Unprotecting the vault", () -> model.homeport().vault().removePassphrase()).onSuccess(done -> then.run()).start();
        }
    }

    private Node inventory() {
        return section("Inventory", "Export everything as YAML, to keep or to move to another machine. "
                        + "Secrets stay out unless you ask, and then they are encrypted with a passphrase you choose.",
                row(Ui.button("Export…", Feather.DOWNLOAD, () -> transfer.exportInventory(false)),
                        Ui.button("Export with secrets…", Feather.LOCK, () -> transfer.exportInventory(true)),
                        Ui.button("Import…", Feather.UPLOAD, transfer::importInventory)));
    }

    private static Node section(String title, String text, Node content) {
        return new VBox(8, Ui.sectionTitle(title), Ui.muted(text), content);
    }

    private static HBox row(Node... nodes) {
        HBox row = new HBox(10, nodes);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }
}
