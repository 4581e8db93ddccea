package dev.homeport.app.desktop.inventory;

import atlantafx.base.theme.Styles;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.app.desktop.Ui;
import dev.homeport.app.desktop.terminal.TerminalWindow;
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
 * references other services use, who uses them, its public port (none unless the user opted in, after a
 * warning), and the buttons that change its password and its public port. Read in
 * the background; empty for any other service.
 */
final class DatabasePane {
    private final MainModel model;
    private final InventoryActions actions;
    private final Service service;
    private final String path;
    private final VBox box = new VBox(8);

    DatabasePane(MainModel model, InventoryActions actions, Service service, String path) {
        this.model = model;
        this.actions = actions;
        this.service = service;
        this.path = path;
    }

    /** {@code onCluster}: its environment's nodes form a cluster, where it runs on {@code node} (null: pinned at its first deploy). */
    private record Facts(Optional<Database> database, List<String> usedBy, boolean onCluster, String node) {
    }

    Node build() {
        box.setId("database-pane");
        model.tasks().run("Reading " + service.name() + "'s database settings", () -> {
                    var inventory = model.homeport().inventory();
                    Optional<Database> database = inventory.databases().find(service.id());
                    List<String> usedBy = database.isEmpty() ? List.of()
                            : new References(inventory).referrers(service.environmentId(), service.name()).stream().map(Service::name).toList();
                    boolean cluster = model.homeport().nodes().cluster(service.environmentId()).isPresent();
                    return new Facts(database, usedBy, cluster, cluster ? inventory.service(service.id()).options().pinnedNode() : null);
                })
                .onSuccess(this::show)
                .start();
        return box;
    }

    /** Saves the public port (null: none) in the background, then shows the pane again; the next deploy applies it. */
    private void setPublicPort(Integer port) {
        model.tasks().run(port == null ? "Closing " + service.name() + "'s public port" : "Publishing " + service.name() + " on port " + port,
                        () -> model.homeport().inventory().databases().setPublicPort(service.id(), port))
                .onSuccess(saved -> {
                    model.notices().add(new dev.homeport.app.desktop.Notice(port == null ? "Public port closed at the next deploy"
                            : "Public port " + port + " at the next deploy", "Deploy " + service.name() + " to apply it.", false));
                    build();
                })
                .start();
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
        String where = !facts.onCluster() ? ""
                : facts.node() == null ? "On the environment's cluster, it runs as one replica on one node, where its data volume is:"
                        + " its first deploy pins it to a node (or pin it now: Settings, beside Replicas)."
                : "On the environment's cluster, it runs as one replica on " + facts.node() + ", where its data volume is (pinned).";
        Label node = new Label(where + (facts.onCluster() ? " A public port is not possible there yet: reach it with Open tunnel…" : ""));
        node.setId("database-node");
        node.setWrapText(true);
        node.setVisible(facts.onCluster());
        node.setManaged(facts.onCluster());
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
        javafx.scene.control.Button console = Ui.button("Open console", Feather.TERMINAL,
                () -> TerminalWindow.openConsole(model, service, path, box.getScene().getWindow()));
        console.setId("database-console");
        console.setTooltip(new javafx.scene.control.Tooltip("Its own client (" + database.engine().client() + ") in its container, signed in:"
                + " nothing to install on this machine."));
        Label published = new Label(database.publicPort() == null ? "Port " + database.engine().port() + ", published on none: a tunnel reaches it."
                : "Port " + database.engine().port() + ", published on port " + database.publicPort()
                        + " of every address of its node (from its next deploy, if changed since).");
        published.setId("database-public-port");
        published.setWrapText(true);
        if (database.publicPort() != null) {
            published.getStyleClass().add(Styles.WARNING);
        }
        javafx.scene.control.Button publish = database.publicPort() == null
                ? Ui.button("Public port…", Feather.GLOBE, () -> PublicPortDialog.ask(box.getScene().getWindow(), service.name(),
                        database.engine().port()).ifPresent(port -> setPublicPort(port)))
                : Ui.button("Stop publishing", Feather.LOCK, () -> setPublicPort(null));
        publish.setId("database-public-port-button");
        publish.setDisable(facts.onCluster() && database.publicPort() == null); // not yet on a cluster: its deploy would be refused
        box.getChildren().setAll(title, engine, data, node, references, usedBy, published, new javafx.scene.layout.HBox(8, console, change, backups, publish),
                new BackupsPane(model, service).build());
    }
}
