package dev.homeport.app.desktop.inventory;

import atlantafx.base.theme.Styles;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.app.desktop.Ui;
import dev.homeport.model.Database;
import dev.homeport.model.Service;
import dev.homeport.model.Volume;
import dev.homeport.ssh.backup.BackupSubject;
import java.util.List;
import java.util.Optional;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * A service's named volumes on its Settings tab, each with its own {@link BackupsPane} (a tar of the volume, on the
 * node's schedule or now, with or without the service stopped), and its Restore… ({@link RestoreDialog}). A database's data volume is left out: its backups
 * are the database's dumps, in the Database section. Empty when the service mounts no other named volume.
 */
final class VolumeBackupsPane {
    private final MainModel model;
    private final Service service;
    private final VBox box = new VBox(16);

    VolumeBackupsPane(MainModel model, Service service) {
        this.model = model;
        this.service = service;
    }

    Node build() {
        box.setId("volume-backups");
        List<String> named = service.options().volumes().stream().filter(Volume::named).map(Volume::source).toList();
        if (named.isEmpty()) {
            return box;
        }
        model.tasks().run("Reading " + service.name() + "'s volumes", () -> model.homeport().inventory().databases().find(service.id()))
                .onSuccess(database -> show(named, database))
                .start();
        return box;
    }

    private void show(List<String> named, Optional<Database> database) {
        List<String> volumes = named.stream().filter(v -> database.isEmpty() || !database.get().dataVolume().equals(v)).toList();
        if (volumes.isEmpty()) {
            return;
        }
        Label title = new Label("Volumes");
        title.getStyleClass().add(Styles.TITLE_4);
        box.getChildren().setAll(title, Ui.muted("The named volumes " + service.name() + " mounts. Each can be backed up on its node,"
                + " as a tar encrypted to this vault's backup key."));
        for (String volume : volumes) {
            BackupSubject subject = BackupSubject.volume(service.id(), volume);
            Button restore = Ui.button("Restore…", Feather.ROTATE_CCW,
                    () -> new RestoreDialog(model, service, subject, box.getScene().getWindow()).show());
            restore.setId("volume-backups-" + volume + "-restore");
            box.getChildren().addAll(new BackupsPane(model, service, subject).build(), new VBox(4, restore,
                    Ui.muted("Verify a backup, restore one into a new volume (checked before the service is redeployed on it), or drop"
                            + " an old volume an earlier restore kept.")));
        }
    }
}
