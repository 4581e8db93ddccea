package dev.homeport.app.desktop.terminal;

import dev.homeport.app.desktop.Dialogs;
import dev.homeport.app.desktop.FxPrompts;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.model.Service;
import dev.homeport.model.WorkerNode;
import dev.homeport.ssh.deploy.ContainerShell;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import javafx.scene.Scene;
import javafx.scene.control.ChoiceDialog;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The terminal: a window of its own beside the main one (a shell wants room, and the operator keeps the
 * pages in view), with a tab per session. "Open terminal" on a node's page opens a login shell on the node;
 * "Open shell" on a service's page opens one in its container (on a cluster, in the replica chosen).
 * Closing a tab ends its session; closing this window ends them all, and so does closing Homeport (the
 * window belongs to the main one).
 */
public final class TerminalWindow {
    /** One terminal window per open Homeport window; touched on the FX thread only. */
    private static final Map<MainModel, TerminalWindow> WINDOWS = new WeakHashMap<>();

    private final MainModel main;
    private final Stage stage = new Stage();
    private final TabPane tabs = new TabPane();

    private TerminalWindow(MainModel main, Window owner) {
        this.main = main;
        tabs.setId("terminal-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.ALL_TABS);
        if (owner != null) {
            stage.initOwner(owner);
        }
        stage.setTitle("Homeport terminal");
        Scene scene = new Scene(tabs, 900, 560);
        if (owner != null && owner.getScene() != null) {
            scene.getStylesheets().setAll(owner.getScene().getStylesheets());
        }
        stage.setScene(scene);
        stage.setOnHidden(e -> {
            // A window closed is made anew when a terminal is opened again.
            WINDOWS.remove(main);
            for (var tab : List.copyOf(tabs.getTabs())) {
                if (tab.getContent() != null && tab.getContent().getProperties().get(TerminalTab.class) instanceof TerminalTab open) {
                    open.close();
                }
            }
            tabs.getTabs().clear();
        });
        // The last tab closed closes the window.
        tabs.getTabs().addListener((javafx.collections.ListChangeListener<javafx.scene.control.Tab>) change -> {
            if (tabs.getTabs().isEmpty() && stage.isShowing()) {
                stage.hide();
            }
        });
    }

    private static TerminalWindow of(MainModel main, Window owner) {
        return WINDOWS.computeIfAbsent(main, key -> new TerminalWindow(main, owner));
    }

    /** A login shell on the node, in a new tab. */
    public static void openNode(MainModel main, WorkerNode node, Window owner) {
        TerminalWindow window = of(main, owner);
        TerminalTab tab = window.add(node.name());
        tab.connect(node.name(), (columns, rows) -> main.homeport().nodeService()
                .connection(node, new FxPrompts(window.stage)).openShell(columns, rows));
    }

    /** A shell in the service's container; on a cluster with several replicas, the operator picks one. */
    public static void openService(MainModel main, Service service, String path, Window owner) {
        main.tasks().run("Finding the containers of " + path,
                        () -> main.homeport().deployService().shellTargets(service.id(), new FxPrompts(owner)))
                .onSuccess(targets -> choose(targets, path, owner).ifPresent(target -> {
                    TerminalWindow window = of(main, owner);
                    TerminalTab tab = window.add(target.label());
                    tab.connect(target.label(), (columns, rows) -> target.open(
                            main.homeport().nodeService().connection(target.node(), new FxPrompts(window.stage)), columns, rows));
                }))
                .onFailure(failure -> Dialogs.error(owner, "Cannot open a shell in " + path, failure))
                .start();
    }

    private static java.util.Optional<ContainerShell> choose(List<ContainerShell> targets, String path, Window owner) {
        if (targets.size() == 1) {
            return java.util.Optional.of(targets.getFirst());
        }
        Map<String, ContainerShell> byLabel = new java.util.LinkedHashMap<>();
        targets.forEach(target -> byLabel.put(target.label(), target));
        ChoiceDialog<String> dialog = new ChoiceDialog<>(targets.getFirst().label(), List.copyOf(byLabel.keySet()));
        dialog.initOwner(owner);
        dialog.setTitle("Open shell");
        dialog.setHeaderText(path + " runs " + targets.size() + " replicas. Open a shell in which one?");
        dialog.setContentText("Replica");
        dialog.getDialogPane().setId("shell-replica-dialog");
        return dialog.showAndWait().map(byLabel::get);
    }

    private TerminalTab add(String title) {
        TerminalTab tab = new TerminalTab(main, title);
        tabs.getTabs().add(tab.tab());
        tabs.getSelectionModel().select(tab.tab());
        stage.show();
        stage.toFront();
        tab.focus();
        return tab;
    }
}
