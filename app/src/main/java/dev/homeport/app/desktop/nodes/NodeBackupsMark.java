package dev.homeport.app.desktop.nodes;

import atlantafx.base.theme.Styles;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.app.desktop.Place;
import dev.homeport.app.desktop.Ui;
import dev.homeport.app.desktop.backups.BackupMark;
import dev.homeport.app.desktop.backups.BackupWatch;
import dev.homeport.model.inventory.Level;
import dev.homeport.model.inventory.Ref;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javafx.collections.MapChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * The line on a node's page about the backups of the databases that run on it, from what the app's one
 * {@link BackupWatch} last saw (no reading of its own), kept current while the page is on screen: all OK in
 * green, or the ones that failed, are late or were missed in red, each with a link to its database's page.
 * Hidden while the node runs no database with a schedule.
 */
final class NodeBackupsMark {
    private final MainModel main;
    private final String node;
    private final HBox row = new HBox(8);
    private final Label state = new Label();
    private final HBox links = new HBox(4);

    NodeBackupsMark(MainModel main, String node) {
        this.main = main;
        this.node = node;
    }

    /** The row; {@code page} is the node page's frame, whose being on screen decides when the mark follows the watch. */
    Node build(Node page) {
        row.setId("node-backups");
        row.setAlignment(Pos.CENTER_LEFT);
        state.setId("node-backups-state");
        state.setGraphic(Ui.icon(Feather.ARCHIVE));
        state.setWrapText(true);
        links.setAlignment(Pos.CENTER_LEFT);
        Button check = Ui.button("Check backups now", Feather.REFRESH_CW, () -> main.backupWatch().checkNow(), Styles.FLAT, Styles.SMALL);
        check.setId("node-backups-check");
        check.setTooltip(new Tooltip("Read the backups of every scheduled database again now, instead of at the next quarter hour"));
        row.getChildren().setAll(state, links, check);
        MapChangeListener<dev.homeport.ssh.backup.BackupSubject, BackupWatch.Seen> update = change -> render();
        if (page.getScene() != null) {
            main.backupWatch().latest().addListener(update);
        }
        page.sceneProperty().addListener((obs, old, now) -> {
            if (now == null) {
                main.backupWatch().latest().removeListener(update);
            } else if (old == null) {
                main.backupWatch().latest().addListener(update);
                render();
            }
        });
        render();
        return row;
    }

    private void render() {
        Optional<BackupMark> mark = BackupMark.of(node, main.backupWatch().latest().values(), Instant.now());
        row.setVisible(mark.isPresent());
        row.setManaged(mark.isPresent());
        if (mark.isEmpty()) {
            return;
        }
        state.setText(mark.get().text());
        state.getStyleClass().setAll("label", switch (mark.get().kind()) {
            case OK -> Styles.SUCCESS;
            case BAD -> Styles.DANGER;
            case UNREAD -> Styles.WARNING;
            case NONE -> Styles.TEXT_MUTED;
        });
        List<BackupWatch.Seen> attention = mark.get().attention();
        state.setTooltip(attention.isEmpty() ? null : new Tooltip(String.join("\n", attention.stream()
                .map(one -> one.path() + ": " + (one.health() == null ? one.problem() : one.health().detail())).toList())));
        links.getChildren().setAll(attention.stream().map(this::link).toList());
    }

    private Hyperlink link(BackupWatch.Seen one) {
        Hyperlink link = new Hyperlink("Open " + one.name());
        link.setId("node-backups-open-" + one.serviceId() + (one.subject().isVolume() ? "-" + one.subject().volume() : ""));
        link.setOnAction(e -> {
            main.openServiceTab(one.serviceId(), "tab-settings");
            main.go(new Place.Item(new Ref(Level.SERVICE, one.serviceId())));
        });
        return link;
    }
}
