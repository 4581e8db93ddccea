package dev.homeport.app.desktop.inventory;

import atlantafx.base.theme.Styles;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.app.desktop.Ui;
import dev.homeport.model.Database;
import dev.homeport.model.Service;
import dev.homeport.model.inventory.References;
import java.util.List;
import java.util.Optional;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * A database service's facts on its Settings tab: engine and pinned version, data volume, the
 * references other services use, who uses them, and the button that changes its password. Read in
 * the background; empty for any other service.
 */
final class DatabasePane {
    private final MainModel model;
    private final InventoryActions actions;
    private final Service service;
    private final VBox box = new VBox(8);

    DatabasePane(MainModel model, InventoryActions actions, Service service) {
        this.model = model;
        this.actions = actions;
        this.service = service;
    }

    private record Facts(Optional<Database> database, List<String> usedBy) {
    }

    Node build() {
        box.setId("database-pane");
        model.tasks().run("Reading " + service.name() + "'s database settings", () -> {
                    var inventory = model.homeport().inventory();
                    Optional<Database> database = inventory.databases().find(service.id());
                    List<String> usedBy = database.isEmpty() ? List.of()
                            : new References(inventory).referrers(service.environmentId(), service.name()).stream().map(Service::name).toList();
                    return new Facts(database, usedBy);
                })
                .onSuccess(this::show)
                .start();
        return box;
    }

    private void show(Facts facts) {
        if (facts.database().isEmpty()) {
            return;
        }
        Database database = facts.database().get();
        Label title = new Label("Database");
        title.getStyleClass().add(Styles.TITLE_4);
        Label engine = new Label(database.describe() + " (pinned: a minor upgrade is a new tag and a redeploy; a major one needs a"
                + " dump and restore, which Homeport does not do yet)");
        engine.setWrapText(true);
        Label data = new Label("Data on volume " + database.dataVolume() + " at " + database.engine().dataPath()
                + "; a redeploy, a rollback and a delete keep it.");
        data.setWrapText(true);
        Label references = new Label("Other services of this environment use it with " + String.join(", ",
                database.engine().offeredVariables().stream().map(v -> "${{" + service.name() + "." + v + "}}").toList()));
        references.setId("database-references");
        references.setWrapText(true);
        Label usedBy = Ui.muted(facts.usedBy().isEmpty() ? "No service refers to it yet." : "Used by " + String.join(", ", facts.usedBy()) + ".");
        usedBy.setId("database-used-by");
        javafx.scene.control.Button change = Ui.button("Change password…", Feather.KEY, () -> actions.changeDatabasePassword(service));
        change.setId("database-change-password");
        javafx.scene.control.Button backups = Ui.button("Restore…", Feather.ARCHIVE,
                () -> new RestoreDialog(model, service, box.getScene().getWindow()).show());
        backups.setId("database-backups");
        box.getChildren().setAll(title, engine, data, references, usedBy, new javafx.scene.layout.HBox(8, change, backups),
                new BackupsPane(model, service).build());
    }
}
