package dev.homeport.app.desktop;

import dev.homeport.app.Homeport;
import dev.homeport.app.desktop.deployments.Deploys;
import dev.homeport.app.desktop.alerts.AlarmWatch;
import dev.homeport.app.desktop.nodes.HealthWatch;
import dev.homeport.model.inventory.InventoryTree;
import dev.homeport.model.inventory.Ref;
import java.time.Duration;
import java.util.List;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The main window's state: the inventory tree as last read from the store,
 * and the place the user is looking at. Changes only through its command
 * methods, which do their store work through {@link Tasks}.
 */
public final class MainModel {
    private final Homeport homeport;
    private final Tasks tasks;
    private final Poller poller = new Poller();
    private final ThemeManager themes;
    private final ReadOnlyObjectWrapper<InventoryTree> tree = new ReadOnlyObjectWrapper<>(new InventoryTree(List.of(), List.of(), List.of(), List.of()));
    private final ReadOnlyObjectWrapper<Place> place = new ReadOnlyObjectWrapper<>(new Place.Overview());
    private final ObservableList<Notice> notices = FXCollections.observableArrayList();
    private final HealthWatch health;
    private final AlarmWatch alarms;
    private final Deploys deploys;

    public MainModel(Homeport homeport, Tasks tasks, ThemeManager themes) {
        this(homeport, tasks, themes, Duration.ofSeconds(UiState.DEFAULT.nodeCheckSeconds()));
    }

    public MainModel(Homeport homeport, Tasks tasks, ThemeManager themes, Duration nodeCheckPeriod) {
        this.homeport = homeport;
        this.tasks = tasks;
        this.themes = themes;
        this.alarms = new AlarmWatch(homeport, tasks, poller, notices::add);
        this.health = new HealthWatch(homeport, tasks, notices::add, nodeCheckPeriod, alarms::sync);
        this.deploys = new Deploys(homeport, tasks, notices);
    }

    private java.util.function.Consumer<String> browser = url -> org.slf4j.LoggerFactory.getLogger(MainModel.class)
            .info("No browser to open {} with", url);

    /** How {@link #openInBrowser} opens a page; the app sets its host services'. */
    public void setBrowser(java.util.function.Consumer<String> opener) {
        browser = opener;
    }

    /** Opens a web page in the user's browser. */
    public void openInBrowser(String url) {
        browser.accept(url);
    }

    /** The deployments started in this window, and how they end. */
    public Deploys deploys() {
        return deploys;
    }

    /** The nodes' periodic check, as last seen. */
    public HealthWatch nodeHealth() {
        return health;
    }

    /** Notices the window shows for a while (the newest last); add and remove on the FX thread. */
    public ObservableList<Notice> notices() {
        return notices;
    }

    public Homeport homeport() {
        return homeport;
    }

    public Tasks tasks() {
        return tasks;
    }

    /** Where pages refresh what they show periodically; stopped when the window closes. */
    public Poller poller() {
        return poller;
    }

    public ThemeManager themes() {
        return themes;
    }

    public ReadOnlyObjectProperty<InventoryTree> treeProperty() {
        return tree.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Place> placeProperty() {
        return place.getReadOnlyProperty();
    }

    public void go(Place target) {
        place.set(target);
    }

    /** Reads the tree again; when {@code select} is given, goes there once it is loaded. */
    public void refresh(Ref select) {
        tasks.run("Reading the inventory", () -> homeport.inventory().tree())
                .onSuccess(loaded -> {
                    tree.set(loaded);
                    if (select != null) {
                        place.set(new Place.Item(select));
                    } else if (place.get() instanceof Place.Item item && !contains(loaded, item.ref())) {
                        place.set(new Place.Overview());
                    }
                })
                .start();
    }

    public void refresh() {
        refresh(null);
    }

    /**
     * The first read after opening: goes back to the place saved at the last close,
     * unless the user has already gone somewhere else meanwhile.
     */
    void reopen(String placeKey) {
        Place before = place.get();
        tasks.run("Reading the inventory", () -> homeport.inventory().tree())
                .onSuccess(loaded -> {
                    tree.set(loaded);
                    if (place.get() == before) {
                        place.set(Places.parse(placeKey, loaded));
                    }
                })
                .start();
    }

    static boolean contains(InventoryTree tree, Ref ref) {
        return switch (ref.level()) {
            case ORGANISATION -> tree.organisations().stream().anyMatch(o -> o.id() == ref.id());
            case APPLICATION -> tree.applications().stream().anyMatch(a -> a.id() == ref.id());
            case ENVIRONMENT -> tree.environments().stream().anyMatch(e -> e.id() == ref.id());
            case SERVICE -> tree.services().stream().anyMatch(s -> s.id() == ref.id());
        };
    }
}
