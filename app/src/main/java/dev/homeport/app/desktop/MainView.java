package dev.homeport.app.desktop;

import atlantafx.base.controls.Notification;
import atlantafx.base.theme.Styles;
import javafx.animation.PauseTransition;
import javafx.scene.layout.Region;
import javafx.util.Duration;
import dev.homeport.app.desktop.deployments.DeploymentsPage;
import dev.homeport.app.desktop.inventory.ChildrenPage;
import dev.homeport.app.desktop.inventory.InventoryActions;
import dev.homeport.app.desktop.inventory.InventoryTreeView;
import dev.homeport.app.desktop.inventory.ServicePage;
import dev.homeport.app.desktop.inventory.WelcomePage;
import dev.homeport.app.desktop.alerts.AlertsPage;
import dev.homeport.app.desktop.nodes.NodePage;
import dev.homeport.app.desktop.nodes.NodesPage;
import dev.homeport.app.desktop.settings.SettingsPage;
import dev.homeport.app.desktop.settings.TransferActions;
import dev.homeport.model.inventory.Level;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;

/**
 * The main window: the sidebar (inventory tree and sections), the page of the
 * current place, and a status bar that shows background work and lets the
 * user cancel it.
 */
public final class MainView extends BorderPane {
    private final MainModel model;
    private final InventoryActions actions;
    private final TransferActions transfer;
    private final Window owner;
    private final StackPane content = new StackPane();
    private final StackPane page = new StackPane();
    private final ToggleGroup sections = new ToggleGroup();
    private boolean showPending;

    /** The app's model: what the window shows and works on (tests act through it as another window of the app would). */
    public MainModel model() {
        return model;
    }

    public MainView(MainModel model, Window owner) {
        this.model = model;
        this.owner = owner;
        this.actions = new InventoryActions(model, owner);
        this.transfer = new TransferActions(model, owner);
        getStyleClass().add("main-view");
        setLeft(sidebar());
        content.getChildren().setAll(page, noticeStack());
        setCenter(content);
        setBottom(statusBar());
        model.placeProperty().addListener((obs, old, now) -> scheduleShow());
        model.treeProperty().addListener((obs, old, now) -> scheduleShow());
        model.outsideChangesProperty().addListener((obs, old, now) -> scheduleShow());
        show(model.placeProperty().get());
    }

    private Node sidebar() {
        Label brand = new Label("Homeport", Ui.icon(Feather.ANCHOR));
        brand.getStyleClass().addAll(Styles.TITLE_3, "brand");
        Label inventoryTitle = new Label("INVENTORY");
        inventoryTitle.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED, Styles.TEXT_BOLD);
        Button add = new Button(null, Ui.icon(Feather.PLUS));
        add.setId("new-organisation");
        add.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL);
        add.setTooltip(new Tooltip("New organisation"));
        add.setOnAction(e -> actions.createOrganisation());
        HBox treeHeader = new HBox(inventoryTitle, Ui.grow(), add);
        treeHeader.setAlignment(Pos.CENTER_LEFT);
        treeHeader.setPadding(new Insets(0, 4, 0, 8));
        InventoryTreeView tree = new InventoryTreeView(model, actions);
        VBox.setVgrow(tree, Priority.ALWAYS);
        VBox sidebar = new VBox(10, brand, treeHeader, tree,
                section("Worker Nodes", Feather.SERVER, new Place.Nodes()),
                section("Deployments", Feather.CLOCK, new Place.Deployments()),
                section("Alerts", Feather.BELL, new Place.Alerts()),
                section("Tunnels", Feather.SHUFFLE, new Place.Tunnels()),
                section("Settings", Feather.SETTINGS, new Place.Settings()));
        sidebar.setPadding(new Insets(14, 10, 12, 10));
        sidebar.setPrefWidth(270);
        sidebar.getStyleClass().add("sidebar");
        return sidebar;
    }

    private ToggleButton section(String title, Feather icon, Place place) {
        ToggleButton button = new ToggleButton(title, Ui.icon(icon));
        button.setId("section-" + title.toLowerCase(java.util.Locale.ROOT).replace(' ', '-'));
        button.setToggleGroup(sections);
        button.setMaxWidth(Double.MAX_VALUE);
        button.setAlignment(Pos.CENTER_LEFT);
        button.getStyleClass().addAll(Styles.FLAT, "section-button");
        button.setOnAction(e -> {
            button.setSelected(true);
            model.go(place);
        });
        // A node's own page belongs to the Worker Nodes section.
        model.placeProperty().addListener((obs, old, now) -> button.setSelected(now.equals(place)
                || now instanceof Place.NodeDetail && place instanceof Place.Nodes));
        return button;
    }

    /** A refresh changes the tree and then the place; the page is built once, after both. */
    private void scheduleShow() {
        if (!showPending) {
            showPending = true;
            Platform.runLater(() -> {
                showPending = false;
                show(model.placeProperty().get());
            });
        }
    }

    /** Builds the page of a place; pages read the tree snapshot, and load anything else in the background. */
    private void show(Place place) {
        Node page = switch (place) {
            case Place.Overview overview -> new WelcomePage(model, actions, transfer).build();
            case Place.Item item when !MainModel.contains(model.treeProperty().get(), item.ref()) ->
                    new WelcomePage(model, actions, transfer).build();
            case Place.Item item when item.ref().level() == Level.SERVICE -> new ServicePage(model, actions, item.ref()).build();
            case Place.Item item -> new ChildrenPage(model, actions, item.ref()).build();
            case Place.Nodes nodes -> new NodesPage(model).build();
            case Place.NodeDetail node -> new NodePage(model, node.nodeId()).build();
            case Place.Deployments deployments -> new DeploymentsPage(model).build();
            case Place.Alerts alerts -> new AlertsPage(model).build();
            case Place.Tunnels tunnels -> new dev.homeport.app.desktop.tunnels.TunnelsPage(model).build();
            case Place.Settings settings -> new SettingsPage(model, transfer, owner).build();
        };
        this.page.getChildren().setAll(page);
    }

    /**
     * Notices stack at the bottom right over the page, above the status bar, and go by themselves after a while.
     * Not at the top: there they covered the page header's buttons for as long as they showed.
     */
    private Node noticeStack() {
        VBox stack = new VBox(8);
        stack.setId("notices");
        stack.setPickOnBounds(false);
        stack.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        stack.setPadding(new Insets(14));
        StackPane.setAlignment(stack, Pos.BOTTOM_RIGHT);
        model.notices().addListener((ListChangeListener<Notice>) change -> {
            while (change.next()) {
                for (Notice added : change.getAddedSubList()) {
                    stack.getChildren().add(noticeView(added));
                }
                for (Notice removed : change.getRemoved()) {
                    stack.getChildren().removeIf(view -> view.getUserData() == removed);
                }
            }
        });
        return stack;
    }

    private Node noticeView(Notice notice) {
        Notification view = new Notification(notice.title() + (notice.text().isBlank() ? "" : "\n" + notice.text()),
                Ui.icon(notice.problem() ? Feather.ALERT_OCTAGON : Feather.CHECK_CIRCLE));
        view.getStyleClass().addAll(Styles.ELEVATED_2, notice.problem() ? Styles.DANGER : Styles.SUCCESS);
        view.setPrefWidth(360);
        view.setUserData(notice);
        view.setOnClose(e -> model.notices().remove(notice));
        PauseTransition expiry = new PauseTransition(Duration.seconds(15));
        expiry.setOnFinished(e -> model.notices().remove(notice));
        // One being read stays: the time starts again when the pointer leaves it.
        view.setOnMouseEntered(e -> expiry.stop());
        view.setOnMouseExited(e -> expiry.playFromStart());
        expiry.play();
        return view;
    }

    private Node statusBar() {
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(14, 14);
        Label working = new Label();
        working.setId("status-task");
        Button cancel = new Button("Cancel");
        cancel.getStyleClass().addAll(Styles.FLAT, Styles.SMALL);
        HBox task = new HBox(8, spinner, working, cancel);
        task.setAlignment(Pos.CENTER_LEFT);
        java.nio.file.Path root = model.homeport().home().root().toAbsolutePath();
        java.nio.file.Path userHome = java.nio.file.Path.of(System.getProperty("user.home"));
        // The store's folder, under the user's home written as ~/ (as a shell shows it); the whole path in its tooltip.
        Label folder = Ui.muted(root.startsWith(userHome) && !root.equals(userHome)
                ? "~/" + userHome.relativize(root).toString().replace('\\', '/') : root.toString());
        folder.setId("status-store");
        folder.setTooltip(new javafx.scene.control.Tooltip("Homeport's data folder: " + root));
        folder.getStyleClass().add(Styles.TEXT_SMALL);
        HBox bar = new HBox(12, task, Ui.grow(), folder);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4, 12, 4, 12));
        bar.getStyleClass().add("status-bar");
        ListChangeListener<Object> update = change -> {
            var running = model.tasks().running();
            task.setVisible(!running.isEmpty());
            if (!running.isEmpty()) {
                var last = running.getLast();
                String more = running.size() > 1 ? " (+" + (running.size() - 1) + " more)" : "";
                // The message is what a reporting task did last (see Tasks.reporting).
                working.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> last.getTitle() + more + "…"
                        + (last.getMessage() == null || last.getMessage().isEmpty() ? "" : " " + last.getMessage()), last.messageProperty()));
                cancel.setOnAction(e -> last.cancel());
            }
        };
        model.tasks().running().addListener(update);
        update.onChanged(null);
        return bar;
    }
}
