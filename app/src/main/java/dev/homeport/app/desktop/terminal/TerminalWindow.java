package dev.homeport.app.desktop.terminal;

import dev.homeport.app.desktop.Dialogs;
import dev.homeport.app.desktop.FxPrompts;
import dev.homeport.app.desktop.MainModel;
import dev.homeport.model.Service;
import dev.homeport.model.WorkerNode;
import dev.homeport.model.inventory.Level;
import dev.homeport.model.inventory.Ref;
import dev.homeport.ssh.deploy.ContainerShell;
import dev.homeport.ssh.deploy.DatabaseRuntime;
import dev.homeport.ssh.deploy.DeployException;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.control.ChoiceDialog;
import javafx.scene.control.TabPane;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The terminal: a window of its own beside the main one (a shell wants room, and the operator keeps the
 * pages in view), with a tab per session. "Open terminal" on a node's page opens a login shell on the node;
 * "Open shell" on a service's page opens one in its container (on a cluster, in the replica chosen); "Open console" on a
 * database's, its own client there.
 * Closing a tab ends its session; closing this window ends them all, and so does closing Homeport (the
 * window belongs to the main one). The tabs open when Homeport closes are opened again, with new sessions, when
 * it starts ({@link #openTabs}, {@link #reopen}); the window opens where it was last closed, at its size then
 * ({@link #bounds}), and on the main screen instead when that place is on no screen now.
 */
public final class TerminalWindow {
    /** One terminal window per open Homeport window; touched on the FX thread only. */
    private static final Map<MainModel, TerminalWindow> WINDOWS = new WeakHashMap<>();

    /** How much of the window's top strip must be on a screen for the saved place to be kept (px). */
    static final int GRAB_WIDTH = 100;
    static final int GRAB_HEIGHT = 40;

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
        Rectangle2D saved = main.terminalBounds().get();
        if (saved != null) {
            Rectangle2D place = onScreen(saved, screens());
            stage.setX(place.getMinX());
            stage.setY(place.getMinY());
            stage.setWidth(place.getWidth());
            stage.setHeight(place.getHeight());
        }
        stage.setOnHidden(e -> {
            record();
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

    /** Keeps the window's bounds in the main model, for the next window and the next run; not while maximized or iconified. */
    private void record() {
        if (!stage.isMaximized() && !stage.isIconified() && stage.getWidth() > 0 && stage.getHeight() > 0
                && Double.isFinite(stage.getX()) && Double.isFinite(stage.getY())) {
            main.terminalBounds().set(new Rectangle2D(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight()));
        }
    }

    /**
     * Where the terminal window is and its size (when it is open), or was when it last closed, or as remembered from
     * the last run; null when it was never placed. On the FX thread.
     */
    public static Rectangle2D bounds(MainModel main) {
        TerminalWindow window = WINDOWS.get(main);
        if (window != null && window.stage.isShowing()) {
            window.record();
        }
        return main.terminalBounds().get();
    }

    /** The screens' usable areas (without task bars), the main screen first. */
    private static List<Rectangle2D> screens() {
        List<Rectangle2D> areas = new java.util.ArrayList<>();
        areas.add(Screen.getPrimary().getVisualBounds());
        Screen.getScreens().stream().filter(screen -> !screen.equals(Screen.getPrimary())).forEach(screen -> areas.add(screen.getVisualBounds()));
        return areas;
    }

    /**
     * The saved bounds when the window's top strip (where a title bar is grabbed: at least {@value #GRAB_WIDTH} px wide
     * and {@value #GRAB_HEIGHT} high) is on one of {@code screens} (usable areas, the main one first); else the same
     * size, cut to fit, in the middle of the main screen (a monitor unplugged since, or a smaller screen now).
     */
    static Rectangle2D onScreen(Rectangle2D saved, List<Rectangle2D> screens) {
        double grabWidth = Math.min(GRAB_WIDTH, saved.getWidth());
        double grabHeight = Math.min(GRAB_HEIGHT, saved.getHeight());
        for (Rectangle2D screen : screens) {
            double width = Math.min(saved.getMaxX(), screen.getMaxX()) - Math.max(saved.getMinX(), screen.getMinX());
            double height = Math.min(saved.getMinY() + grabHeight, screen.getMaxY()) - Math.max(saved.getMinY(), screen.getMinY());
            if (width >= grabWidth && height >= grabHeight) {
                return saved;
            }
        }
        Rectangle2D main = screens.getFirst();
        double width = Math.min(saved.getWidth(), main.getWidth());
        double height = Math.min(saved.getHeight(), main.getHeight());
        return new Rectangle2D(main.getMinX() + (main.getWidth() - width) / 2, main.getMinY() + (main.getHeight() - height) / 2, width, height);
    }

    private static TerminalWindow of(MainModel main, Window owner) {
        return WINDOWS.computeIfAbsent(main, key -> new TerminalWindow(main, owner));
    }

    /** A login shell on the node, in a new tab. */
    public static void openNode(MainModel main, WorkerNode node, Window owner) {
        TerminalWindow window = of(main, owner);
        TerminalTab.Opener shell = (columns, rows) -> nodeShell(main, window, main.homeport().nodes().node(node.id()), columns, rows);
        window.add("node:" + node.id() + ":", node.name(), node.name(), shell, shell).connect();
    }

    private static TerminalTab.Opened nodeShell(MainModel main, TerminalWindow window, WorkerNode node, int columns, int rows) {
        return new TerminalTab.Opened(main.homeport().nodeService().connection(node, new FxPrompts(window.stage)).openShell(columns, rows),
                node.name(), node.name());
    }

    /**
     * A shell in the service's container; on a cluster with several replicas, the operator picks one. Opened
     * again (after it ended), it goes to the live release's container then, found anew: the same replica when it
     * still runs, else the one in the same slot.
     */
    public static void openService(MainModel main, Service service, String path, Window owner) {
        main.tasks().run("Finding the containers of " + path,
                        () -> main.homeport().deployService().shellTargets(service.id(), new FxPrompts(owner)))
                .onSuccess(targets -> choose(targets, path, owner).ifPresent(target -> {
                    TerminalWindow window = of(main, owner);
                    TerminalTab.Opener first = (columns, rows) -> opened(main, window, target, columns, rows);
                    window.add("service:" + service.id() + ":", target.label(), target.node().name(), first,
                            again(main, window, service.id(), target.label())).connect();
                }))
                .onFailure(failure -> Dialogs.error(owner, "Cannot open a shell in " + path, failure))
                .start();
    }

    /**
     * A database's own client (psql, mariadb, redis-cli) in its container, in a new tab ("Open console" on its page);
     * opened again, in its live container then.
     */
    public static void openConsole(MainModel main, Service service, String path, Window owner) {
        main.tasks().run("Finding the container of " + path, () -> {
                    consoleOf(main, service.id());
                    return main.homeport().deployService().shellTargets(service.id(), new FxPrompts(owner)).getFirst();
                })
                .onSuccess(target -> {
                    TerminalWindow window = of(main, owner);
                    TerminalTab.Opener again = console(main, window, service.id(), target.label());
                    window.add("console:" + service.id() + ":", target.label(), target.node().name(), again, again).connect();
                })
                .onFailure(failure -> Dialogs.error(owner, "Cannot open the console of " + path, failure))
                .start();
    }

    /** The client a database's console runs; a service that is not (or no longer) a database is said. */
    private static List<String> consoleOf(MainModel main, long serviceId) {
        return DatabaseRuntime.console(main.homeport().inventory().databases().find(serviceId)
                .orElseThrow(() -> new DeployException(main.homeport().inventory().pathOf(new Ref(Level.SERVICE, serviceId))
                        + " is not a database; open a shell in it instead.")).engine());
    }

    /** Opens the database's console in the container of its live release now (its one replica on a cluster). */
    private static TerminalTab.Opener console(MainModel main, TerminalWindow window, long serviceId, String label) {
        return (columns, rows) -> {
            List<String> client = consoleOf(main, serviceId);
            String path = main.homeport().inventory().pathOf(new Ref(Level.SERVICE, serviceId)).toString();
            ContainerShell target = sameReplica(main.homeport().deployService().shellTargets(serviceId, new FxPrompts(window.stage)), label, path);
            return new TerminalTab.Opened(target.open(main.homeport().nodeService().connection(target.node(), new FxPrompts(window.stage)),
                    client, columns, rows), target.label(), target.node().name());
        };
    }

    /** Opens the service's shell in the container of its live release now: the replica named {@code label}, or its slot's. */
    private static TerminalTab.Opener again(MainModel main, TerminalWindow window, long serviceId, String label) {
        String[] now = {label};
        return (columns, rows) -> {
            String path = main.homeport().inventory().pathOf(new Ref(Level.SERVICE, serviceId)).toString();
            ContainerShell target = sameReplica(main.homeport().deployService().shellTargets(serviceId, new FxPrompts(window.stage)),
                    now[0], path);
            now[0] = target.label();
            return opened(main, window, target, columns, rows);
        };
    }

    /**
     * The tabs open now, as {@link #reopen} takes them ({@code node:ID:NAME}, {@code service:ID:REPLICA}); none when the
     * window is closed.
     */
    public static List<String> openTabs(MainModel main) {
        TerminalWindow window = WINDOWS.get(main);
        if (window == null || !window.stage.isShowing()) {
            return List.of();
        }
        return window.tabs.getTabs().stream().map(tab -> tab.getContent().getProperties().get(TerminalTab.class))
                .filter(TerminalTab.class::isInstance).map(tab -> ((TerminalTab) tab).key()).toList();
    }

    /**
     * Opens the tabs {@link #openTabs} named (at the last close) again, each with a new session: a login shell on the
     * node, a shell in the service's live container (the same replica, or its slot's). A node or service gone since,
     * or a node that cannot be reached, is said in its tab, as when it is opened by hand.
     */
    public static void reopen(MainModel main, List<String> keys, Window owner) {
        for (String key : keys) {
            String[] parts = key.split(":", 3);
            if (parts.length != 3 || !parts[1].matches("[0-9]{1,18}") || parts[2].isEmpty()) {
                continue;
            }
            long id = Long.parseLong(parts[1]);
            String name = parts[2];
            TerminalWindow window = of(main, owner);
            switch (parts[0]) {
                case "node" -> {
                    TerminalTab.Opener shell = (columns, rows) -> nodeShell(main, window, main.homeport().nodes().node(id), columns, rows);
                    window.add("node:" + id + ":", name, name, shell, shell).connect();
                }
                case "service" -> {
                    TerminalTab.Opener shell = again(main, window, id, name);
                    window.add("service:" + id + ":", name, name.substring(name.lastIndexOf('@') + 1), shell, shell).connect();
                }
                case "console" -> {
                    TerminalTab.Opener console = console(main, window, id, name);
                    window.add("console:" + id + ":", name, name.substring(name.lastIndexOf('@') + 1), console, console).connect();
                }
                default -> { }
            }
        }
    }

    private static TerminalTab.Opened opened(MainModel main, TerminalWindow window, ContainerShell target, int columns, int rows) {
        return new TerminalTab.Opened(target.open(main.homeport().nodeService().connection(target.node(), new FxPrompts(window.stage)),
                columns, rows), target.label(), target.node().name());
    }

    /**
     * Of the containers a shell can go to now, the one named {@code label} ({@code web.2@n3}), else the one in the
     * same slot on another node ({@code web.2@n1}: Swarm moved the replica, or the service now runs on another
     * node).
     */
    static ContainerShell sameReplica(List<ContainerShell> targets, String label, String path) {
        String slot = label.substring(0, label.lastIndexOf('@') + 1);
        return targets.stream().filter(target -> target.label().equals(label)).findFirst()
                .or(() -> targets.stream().filter(target -> target.label().startsWith(slot)).findFirst())
                .orElseThrow(() -> new DeployException(label.substring(0, Math.max(0, slot.length() - 1)) + " of " + path
                        + " is not running now; the running replicas are " + String.join(", ",
                        targets.stream().map(ContainerShell::label).toList()) + ". Open a shell in one from the service's page."));
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

    private TerminalTab add(String kind, String title, String node, TerminalTab.Opener first, TerminalTab.Opener again) {
        TerminalTab tab = new TerminalTab(main, kind, title, node, first, again);
        tabs.getTabs().add(tab.tab());
        tabs.getSelectionModel().select(tab.tab());
        stage.show();
        stage.toFront();
        tab.focus();
        return tab;
    }
}
